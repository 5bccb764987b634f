// usecases::Tickets in-process against PostgreSQL with a fake clock: the
// first-response due time in business hours (R13) and how holds move it,
// the state machine, and overage approval of the current period (R8).
#include "server/usecases/tickets.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "server/storage/account_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/ticket_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/accounts.h"
#include "server/usecases/packages.h"
#include "tests/support/test_database.h"
#include "tests/support/use_case_world.h"

namespace supportbytime {
namespace {

using domain::Ticket;
using domain::TicketAction;

const domain::Who kStaff{"", "SYSTEM", "test"};

using testing::Keep;

absl::Time Warsaw(int y, int m, int d, int hh, int mm) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), tz);
}

class TicketsUseCaseTest : public ::testing::Test {
 protected:
  TicketsUseCaseTest()
      : transactions_(db_.db()),
        idempotency_(db_.db()),
        // Friday 16 January 2026, 16:00 in Warsaw.
        clock_(Warsaw(2026, 1, 16, 16, 0)),
        packages_(transactions_, idempotency_, package_repo_, clock_),
        accounts_(transactions_, idempotency_, account_repo_, package_repo_, clock_,
                  domain::GoodwillBases()),
        tickets_(transactions_, idempotency_, ticket_repo_, clock_,
                 *domain::BusinessCalendar::Default()) {}

  // A ticket under an ACTIVE subscription (Standard priority: 9 business
  // hours), opened now.
  Ticket OpenTicket() {
    domain::PackageTerms terms;
    terms.included_minutes = 600;
    terms.prices = {{"EUR", 50000, 9000}};
    domain::Package p;
    EXPECT_TRUE(packages_.Create(kStaff, {}, {"Standard", "", terms}, Keep(&p)).ok());
    domain::Client in;
    in.display_name = "Acme";
    in.currency = "EUR";
    in.time_zone = "Europe/Warsaw";
    domain::Client c;
    EXPECT_TRUE(accounts_.CreateClient(kStaff, {}, in, Keep(&c)).ok());
    domain::Subscription s;
    EXPECT_TRUE(accounts_.CreateSubscription(kStaff, {}, c.id, p.id, "", Keep(&s)).ok());
    EXPECT_TRUE(accounts_
                    .TransitionSubscription(kStaff, {}, c.id, s.id,
                                            domain::SubscriptionStatus::kActive, "", std::nullopt,
                                            Keep(&s))
                    .ok());
    domain::NewTicket t{c.id, s.id, "Printer on fire", std::nullopt, ""};
    Ticket out;
    EXPECT_TRUE(tickets_.Create(kStaff, {}, t, Keep(&out)).ok());
    return out;
  }

  absl::Status Act(const Ticket& t, TicketAction action, Ticket* out) {
    return tickets_.Transition(kStaff, {}, t.client_id, t.id, action, "", Keep(out)).status();
  }

  testing::TestDatabase db_;
  storage::DatabaseTransactions transactions_;
  storage::DatabaseIdempotency idempotency_;
  storage::PackageStore package_repo_;
  storage::AccountStore account_repo_;
  storage::TicketStore ticket_repo_;
  domain::FakeClock clock_;
  usecases::Packages packages_;
  usecases::Accounts accounts_;
  usecases::Tickets tickets_;
};

TEST_F(TicketsUseCaseTest, DueTimeCountsBusinessHoursAndHoldsMoveIt) {
  Ticket t = OpenTicket();
  EXPECT_EQ(t.opened_at, clock_.Now());
  // Fri 16:00-18:00 is 2 h; the other 7 h end on Monday at 16:00.
  EXPECT_EQ(t.sla_due_at, Warsaw(2026, 1, 19, 16, 0));

  clock_.Set(Warsaw(2026, 1, 16, 17, 0));
  ASSERT_TRUE(Act(t, TicketAction::kHold, &t).ok());
  EXPECT_EQ(t.status, domain::TicketStatus::kOnHold);
  clock_.Set(Warsaw(2026, 1, 19, 10, 0));
  ASSERT_TRUE(Act(t, TicketAction::kResume, &t).ok());
  // Held: Friday 17:00-18:00 and Monday 09:00-10:00 of business time.
  EXPECT_EQ(t.sla_due_at, Warsaw(2026, 1, 19, 18, 0));
  ASSERT_EQ(t.holds.size(), 1u);
  EXPECT_EQ(t.holds[0].to, clock_.Now());

  clock_.Set(Warsaw(2026, 1, 19, 11, 0));
  ASSERT_TRUE(
      tickets_.RecordFirstResponse(kStaff, {}, t.client_id, t.id, clock_.Now(), Keep(&t)).ok());
  EXPECT_EQ(t.first_response_at, clock_.Now());
  EXPECT_EQ(t.sla_due_at, Warsaw(2026, 1, 19, 18, 0));
}

TEST_F(TicketsUseCaseTest, StateMachineRefusesActionsFromTheWrongState) {
  Ticket t = OpenTicket();
  auto resume = Act(t, TicketAction::kResume, &t);
  EXPECT_EQ(domain::DetailOf(resume).reason, "INVALID_STATE_TRANSITION");
  clock_.Advance(absl::Minutes(30));
  ASSERT_TRUE(Act(t, TicketAction::kClose, &t).ok());
  EXPECT_EQ(t.status, domain::TicketStatus::kClosed);
  EXPECT_EQ(t.closed_at, clock_.Now());
  EXPECT_EQ(domain::DetailOf(Act(t, TicketAction::kClose, &t)).reason,
            "INVALID_STATE_TRANSITION");
  ASSERT_TRUE(Act(t, TicketAction::kReopen, &t).ok());
  EXPECT_EQ(t.status, domain::TicketStatus::kOpen);
  EXPECT_FALSE(t.closed_at.has_value());
}

TEST_F(TicketsUseCaseTest, OverageApprovalOfTheCurrentMonthWithACap) {
  Ticket t = OpenTicket();
  domain::OverageApprovalChange approve;
  approve.kind = domain::OverageApprovalChange::Kind::kApprove;
  approve.cap_minutes = 120;
  ASSERT_TRUE(
      tickets_.ChangeOverageApproval(kStaff, {}, t.client_id, t.id, approve, Keep(&t)).ok());
  EXPECT_EQ(t.approval_state, "APPROVED");
  EXPECT_EQ(t.approval_period, "2026-01");
  EXPECT_EQ(t.approval_cap_minutes, 120);

  domain::OverageApprovalChange decline;
  decline.kind = domain::OverageApprovalChange::Kind::kDecline;
  ASSERT_TRUE(
      tickets_.ChangeOverageApproval(kStaff, {}, t.client_id, t.id, decline, Keep(&t)).ok());
  EXPECT_EQ(t.approval_state, "DECLINED");
  EXPECT_FALSE(t.approval_cap_minutes.has_value());

  // February has not begun in Warsaw: it cannot be named yet.
  domain::OverageApprovalChange future = approve;
  future.period_key = "2026-02";
  future.period_subscription_id = t.subscription_id;
  auto refused = tickets_.ChangeOverageApproval(kStaff, {}, t.client_id, t.id, future, Keep(&t));
  EXPECT_EQ(domain::DetailOf(refused.status()).reason, domain::kReasonInvalidField);

  // In February the current period is February's: nothing decided yet.
  clock_.Set(Warsaw(2026, 2, 1, 0, 0));
  auto now = tickets_.Get(t.client_id, t.id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->approval_period, "2026-02");
  EXPECT_TRUE(now->approval_state.empty());
}

}  // namespace
}  // namespace supportbytime
