// usecases::Billing and usecases::Credit in-process against PostgreSQL, with
// a fake clock: when a period becomes due, replays of a closing run, and
// the goodwill credit reset by an overdue invoice.
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/auth/actor.h"
#include "server/domain/billable_item.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/domain/period_close.h"
#include "server/domain/postpayment.h"
#include "server/storage/billing_store.h"
#include "server/storage/credit_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/transaction.h"
#include "server/usecases/billing.h"
#include "server/usecases/credit.h"
#include "tests/support/test_database.h"
#include "tests/support/use_case_world.h"

namespace supportbytime::testing {
namespace {

absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  absl::LoadTimeZone("Europe/Warsaw", &tz);
  return tz;
}

absl::Time InWarsaw(int y, int m, int d, int h = 0) {
  return absl::FromCivil(absl::CivilHour(y, m, d, h), Warsaw());
}

// What a closing run answered, as the stored reply.
std::string Encoded(const domain::CloseSummary& c) {
  return absl::StrCat("closed=", c.periods_closed, " items=", c.billable_items_created,
                      " depleted=", c.subscriptions_depleted,
                      " missed=", c.missed_payments_recorded);
}

usecases::IdempotencyKey CloseKey(const std::string& request_id, const std::string& request) {
  return {"system", request_id, "/supportbytime.v1.BillingService/ClosePeriods",
          std::string(32, request.empty() ? 'x' : request[0])};
}

// The first MONTHLY period of a subscription with its overage.
struct Seeded {
  std::string client_id;
  std::string subscription_id;
  std::string ticket_id;
};

class BillingUseCaseTest : public ::testing::Test {
 protected:
  BillingUseCaseTest()
      : clock_(InWarsaw(2026, 3, 10, 9)),
        goodwill_(*domain::GoodwillBases::Parse("EUR:30.00")),
        billing_store_(db_.db()),
        credit_store_(db_.db()),
        transactions_(db_.db()),
        idempotency_(db_.db()),
        credit_(transactions_, idempotency_, credit_store_, clock_, goodwill_),
        billing_(transactions_, idempotency_, billing_store_, credit_, clock_) {}

  // A Warsaw client with an ACTIVE MONTHLY subscription (60 minutes
  // included, EUR 40.00 an hour beyond) activated on 10 March 2026, one
  // ticket, and `minutes` logged on it on 15 March. Built through the use
  // cases.
  Seeded SeedMarch(int minutes) {
    domain::PackageTerms terms;
    terms.included_minutes = 60;
    terms.prices = {{"EUR", 10000, 4000}};
    terms.require_overage_approval = false;
    Seeded out;
    out.client_id = world_.CreateClient();
    out.subscription_id =
        world_.ActiveSubscription(out.client_id, world_.CreatePackage(terms, "Gold"), clock_.Now());
    clock_.Set(InWarsaw(2026, 3, 20, 12));
    out.ticket_id = world_.OpenTicket(out.client_id, out.subscription_id, clock_.Now());
    const Ticketed t{out.client_id, out.subscription_id, out.ticket_id};
    absl::StatusOr<domain::TimeEntry> logged = world_.Log(t, InWarsaw(2026, 3, 15, 10), minutes);
    EXPECT_TRUE(logged.ok()) << logged.status();
    return out;
  }

  absl::StatusOr<std::string> Close(absl::Time as_of, const std::string& request_id = "",
                                    const std::string& request = "a") {
    return billing_.ClosePeriods(auth::Actor::System().Who(), CloseKey(request_id, request),
                                 as_of, Encoded);
  }

  std::vector<domain::BillableItemRecord> Items(const std::string& client_id) {
    domain::BillableItemFilter filter;
    filter.client_id = client_id;
    auto page = billing_store_.ListItems(filter, storage::PageRequest{100, std::nullopt});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->items : std::vector<domain::BillableItemRecord>{};
  }

  TestDatabase db_;
  domain::FakeClock clock_;
  domain::GoodwillBases goodwill_;
  UseCaseWorld world_{db_, clock_, goodwill_};
  storage::BillingStore billing_store_;
  storage::CreditStore credit_store_;
  storage::DatabaseTransactions transactions_;
  storage::DatabaseIdempotency idempotency_;
  usecases::Credit credit_;
  usecases::Billing billing_;
};

TEST_F(BillingUseCaseTest, PeriodBecomesDueExactlyAtTheMonthBoundaryInTheClientsZone) {
  const Seeded s = SeedMarch(90);
  // 1 April 00:00 in Warsaw is 31 March 22:00 UTC.
  const absl::Time boundary = InWarsaw(2026, 4, 1);
  ASSERT_EQ(boundary, absl::FromCivil(absl::CivilMinute(2026, 3, 31, 22, 0), absl::UTCTimeZone()));
  clock_.Set(boundary + absl::Hours(1));

  absl::StatusOr<std::string> before = Close(boundary - absl::Microseconds(1));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before, "closed=0 items=0 depleted=0 missed=0");
  EXPECT_TRUE(Items(s.client_id).empty());

  absl::StatusOr<std::string> at = Close(boundary);
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(*at, "closed=1 items=1 depleted=0 missed=0");
  const std::vector<domain::BillableItemRecord> items = Items(s.client_id);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].ticket_id, s.ticket_id);
  EXPECT_EQ(items[0].period_key, "2026-03");
  EXPECT_EQ(items[0].overage_minutes, 30);
  EXPECT_EQ(items[0].amount_minor, 2000);  // 0.5 h x EUR 40.00
  EXPECT_EQ(items[0].currency, "EUR");
  EXPECT_EQ(items[0].create_time, clock_.Now());  // the clock's, not the database's
}

TEST_F(BillingUseCaseTest, ReplayedRunWithTheSameRequestIdChangesNothing) {
  const Seeded s = SeedMarch(120);
  const absl::Time boundary = InWarsaw(2026, 4, 1);
  clock_.Set(boundary + absl::Hours(2));
  const std::string rid = "7b0e6a3c-1f2d-4c5b-9a8e-0d1c2b3a4f5e";

  absl::StatusOr<std::string> first = Close(boundary, rid);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, "closed=1 items=1 depleted=0 missed=0");

  clock_.Advance(absl::Hours(1));
  absl::StatusOr<std::string> replay = Close(boundary, rid);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(*replay, *first);  // the first answer, byte for byte
  EXPECT_EQ(Items(s.client_id).size(), 1u);

  // A fresh run finds nothing left to do; another request under the same
  // request_id is refused before it changes anything.
  absl::StatusOr<std::string> fresh = Close(boundary);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(*fresh, "closed=0 items=0 depleted=0 missed=0");
  absl::StatusOr<std::string> reused = Close(boundary, rid, "b");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists) << reused.status();
}

TEST_F(BillingUseCaseTest, OverdueInvoiceResetsTheGoodwillCreditFromTheDayAfterItsDueDate) {
  const Seeded s = SeedMarch(90);
  clock_.Set(InWarsaw(2026, 4, 2, 8));
  ASSERT_TRUE(Close(InWarsaw(2026, 4, 1)).ok());
  const std::vector<domain::BillableItemRecord> items = Items(s.client_id);
  ASSERT_EQ(items.size(), 1u);

  const domain::Who admin = auth::Actor::System().Who();
  auto client_reply = [](const domain::Client& c) { return std::to_string(c.goodwill_credit_minor); };
  absl::StatusOr<std::string> set = credit_.SetGoodwillCredit(
      admin, {}, s.client_id, domain::Money{9000, "EUR"}, "loyal client", client_reply);
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(*set, "9000");

  domain::InvoiceChange change;
  change.paths = {"invoice"};
  change.has_invoice = true;
  change.reference = "INV-1";
  change.status = domain::InvoiceStatus::kUnpaid;
  change.due_date = std::optional<absl::CivilDay>(absl::CivilDay(2026, 4, 10));
  absl::StatusOr<std::string> invoiced = billing_.UpdateInvoice(
      admin, {}, s.client_id, items[0].id, change,
      [](const domain::BillableItemRecord& b) { return b.invoice ? b.invoice->reference : ""; });
  ASSERT_TRUE(invoiced.ok()) << invoiced.status();
  EXPECT_EQ(*invoiced, "INV-1");

  // Still due on 10 April in Warsaw: not missed yet.
  const absl::Time next_day = InWarsaw(2026, 4, 11);
  clock_.Set(next_day + absl::Hours(1));
  absl::StatusOr<std::string> on_due_day = Close(next_day - absl::Microseconds(1));
  ASSERT_TRUE(on_due_day.ok()) << on_due_day.status();
  EXPECT_EQ(*on_due_day, "closed=0 items=0 depleted=0 missed=0");

  absl::StatusOr<std::string> after = Close(next_day);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after, "closed=0 items=0 depleted=0 missed=1");

  absl::StatusOr<domain::EligibilityFacts> facts = credit_.ReadEligibilityFacts(s.client_id);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->client.goodwill_credit_minor, 3000);  // back to the EUR base
  ASSERT_EQ(facts->missed_payments.size(), 1u);
  EXPECT_EQ(facts->missed_payments[0].invoice_ref, "INV-1");
  EXPECT_EQ(facts->missed_payments[0].due_date, absl::CivilDay(2026, 4, 10));

  // Recording it again, by hand, changes nothing.
  absl::StatusOr<std::string> again =
      credit_.RecordMissedPayment(admin, {}, s.client_id, "INV-1", absl::CivilDay(2026, 4, 10),
                                  "", client_reply);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, "3000");
}

TEST_F(BillingUseCaseTest, MissedPaymentDueDateMustNotBeInTheClientsFuture) {
  const Seeded s = SeedMarch(30);
  clock_.Set(InWarsaw(2026, 4, 11) - absl::Minutes(1));  // 10 April 23:59 in Warsaw
  auto reply = [](const domain::Client& c) { return std::to_string(c.goodwill_credit_minor); };
  absl::StatusOr<std::string> tomorrow = credit_.RecordMissedPayment(
      auth::Actor::System().Who(), {}, s.client_id, "INV-9", absl::CivilDay(2026, 4, 11), "",
      reply);
  EXPECT_EQ(tomorrow.status().code(), absl::StatusCode::kInvalidArgument) << tomorrow.status();
  absl::StatusOr<std::string> today = credit_.RecordMissedPayment(
      auth::Actor::System().Who(), {}, s.client_id, "INV-9", absl::CivilDay(2026, 4, 10), "",
      reply);
  ASSERT_TRUE(today.ok()) << today.status();
  EXPECT_EQ(*today, "3000");
}

}  // namespace
}  // namespace supportbytime::testing
