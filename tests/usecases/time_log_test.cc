// usecases::TimeLog in-process against PostgreSQL, with a fake clock: where
// an entry lands around a month boundary in the client's zone, a timer's
// elapsed time, the subscription's work window (R20) and a ONE_TIME bucket's
// DEPLETED state (R7).
//
// Clients, packages, subscriptions and tickets are made through their use
// cases (tests/support/use_case_world.h).
#include "server/usecases/time_log.h"

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "tests/support/test_database.h"
#include "tests/support/use_case_world.h"

namespace supportbytime {
namespace {

using domain::BillingCycle;

absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  absl::LoadTimeZone("Europe/Warsaw", &tz);
  return tz;
}

absl::Time InWarsaw(int y, int m, int d, int h) {
  return absl::FromCivil(absl::CivilHour(y, m, d, h), Warsaw());
}

// The first instant of a month in Warsaw.
absl::Time MonthStart(int y, int m) {
  return absl::FromCivil(absl::CivilMonth(y, m), Warsaw());
}

class TimeLogUseCaseTest : public ::testing::Test {
 protected:
  using Ticket = testing::Ticketed;

  // An ACTIVE subscription of a Warsaw client (activated at `activated`)
  // with one open ticket.
  Ticket MakeTicket(BillingCycle cycle, int included, absl::Time activated) {
    domain::PackageTerms terms;
    terms.billing_cycle = cycle;
    terms.included_minutes = included;
    terms.require_overage_approval = false;
    terms.prices = {{"EUR", 10000, 6000}};
    return world_.TicketOn(terms, activated);
  }

  // Logs `minutes` at `worked_at` as the operator; the entry or the refusal.
  absl::StatusOr<domain::TimeEntry> Log(const Ticket& t, absl::Time worked_at, int minutes) {
    domain::NewEntry in;
    in.client_id = t.client;
    in.ticket_id = t.ticket;
    in.operator_id = kOperator.key_id;
    in.operator_display_name = kOperator.display_name;
    in.worked_at = worked_at;
    in.minutes = minutes;
    std::optional<domain::TimeEntry> out;
    auto reply = time_log_.CreateEntry(kOperator, {}, in, Capture(&out));
    if (!reply.ok()) return reply.status();
    return *out;
  }

  static usecases::Encoder<domain::TimeEntry> Capture(std::optional<domain::TimeEntry>* out) {
    return [out](const domain::TimeEntry& e) {
      *out = e;
      return e.id;
    };
  }

  domain::SubscriptionStatus StatusOf(const Ticket& t) {
    auto s = accounts_.GetSubscription(t.client, t.subscription);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->status : domain::SubscriptionStatus::kPending;
  }

  static constexpr char kAdminId[] = "00000000-0000-4000-8000-00000000000a";
  const domain::Who kOperator{"00000000-0000-4000-8000-00000000000b", "OPERATOR", "Olga Operator"};

  testing::TestDatabase db_;
  domain::FakeClock clock_{InWarsaw(2026, 4, 2, 12)};
  testing::UseCaseWorld world_{db_, clock_};
  usecases::TimeLog& time_log_ = world_.time_log;
  usecases::Accounts& accounts_ = world_.accounts;
};

TEST_F(TimeLogUseCaseTest, EntryOneMicrosecondBeforeMonthEndLandsInThatMonth) {
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, InWarsaw(2026, 3, 1, 0));
  const absl::Time april = MonthStart(2026, 4);  // 2026-03-31T22:00:00Z (CEST)
  EXPECT_EQ(april, absl::FromCivil(absl::CivilSecond(2026, 3, 31, 22, 0, 0), absl::UTCTimeZone()));

  auto march = Log(t, april - absl::Microseconds(1), 30);
  ASSERT_TRUE(march.ok()) << march.status();
  EXPECT_EQ(march->period_key, "2026-03");
  EXPECT_EQ(march->worked_at, april - absl::Microseconds(1));

  auto next = Log(t, april, 45);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->period_key, "2026-04");

  auto march_period = time_log_.GetPeriod(t.client, t.subscription, "2026-03");
  ASSERT_TRUE(march_period.ok()) << march_period.status();
  EXPECT_EQ(march_period->used_minutes, 30);
  EXPECT_EQ(march_period->entry_count, 1);
  EXPECT_EQ(march_period->end_time, april);
  auto april_period = time_log_.GetPeriod(t.client, t.subscription, "2026-04");
  ASSERT_TRUE(april_period.ok()) << april_period.status();
  EXPECT_EQ(april_period->used_minutes, 45);
  EXPECT_EQ(april_period->start_time, april);
}

TEST_F(TimeLogUseCaseTest, EditMovingWorkTimeAcrossTheBoundaryMovesTheEntry) {
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, InWarsaw(2026, 3, 1, 0));
  const absl::Time april = MonthStart(2026, 4);
  auto e = Log(t, april - absl::Microseconds(1), 30);
  ASSERT_TRUE(e.ok()) << e.status();
  domain::EntryEdit edit;
  edit.worked_at = april;
  std::optional<domain::TimeEntry> moved;
  const domain::Who admin{kAdminId, "ADMIN", "Ada Admin"};
  auto reply = time_log_.UpdateEntry(admin, {}, {t.client, t.ticket, e->id}, edit, Capture(&moved));
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(moved->period_key, "2026-04");
  EXPECT_EQ(time_log_.GetPeriod(t.client, t.subscription, "2026-03")->used_minutes, 0);
  EXPECT_EQ(time_log_.GetPeriod(t.client, t.subscription, "2026-04")->used_minutes, 30);
}

TEST_F(TimeLogUseCaseTest, TimerStopsIntoTheMinutesElapsedOnTheClock) {
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, InWarsaw(2026, 3, 1, 0));
  const absl::Time started = clock_.Now();
  std::optional<domain::Timer> timer;
  auto reply = time_log_.StartTimer(kOperator, {}, t.client, t.ticket, "on site",
                                    [&](const domain::Timer& x) {
                                      timer = x;
                                      return x.id;
                                    });
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(timer->start_time, started);

  clock_.Advance(absl::Minutes(42) + absl::Seconds(1));
  std::optional<domain::TimeEntry> entry;
  auto stopped = time_log_.StopTimer(kOperator, {}, t.client, t.ticket, timer->id, std::nullopt,
                                     std::nullopt, Capture(&entry));
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  EXPECT_EQ(entry->minutes, 43);  // elapsed rounded up to whole minutes (R1)
  EXPECT_TRUE(entry->timer);
  EXPECT_EQ(entry->worked_at, started);
  EXPECT_EQ(entry->note, "on site");
  EXPECT_EQ(time_log_.GetTimer(kOperator, t.client, t.ticket, timer->id).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TimeLogUseCaseTest, TimerRunningLongerThanADayIsKept) {
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, InWarsaw(2026, 3, 1, 0));
  std::string timer_id;
  ASSERT_TRUE(time_log_
                  .StartTimer(kOperator, {}, t.client, t.ticket, "",
                              [&](const domain::Timer& x) {
                                timer_id = x.id;
                                return x.id;
                              })
                  .ok());
  clock_.Advance(absl::Hours(24) + absl::Seconds(1));
  std::optional<domain::TimeEntry> entry;
  auto stopped = time_log_.StopTimer(kOperator, {}, t.client, t.ticket, timer_id, std::nullopt,
                                     std::nullopt, Capture(&entry));
  EXPECT_EQ(domain::DetailOf(stopped.status()).reason, "TIMER_TOO_LONG");
  EXPECT_TRUE(time_log_.GetTimer(kOperator, t.client, t.ticket, timer_id).ok());
}

TEST_F(TimeLogUseCaseTest, WorkBeforeTheFirstActivationIsOutsideTheSubscription) {
  const absl::Time activated = InWarsaw(2026, 3, 10, 9);
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, activated);
  auto before = Log(t, activated - absl::Microseconds(1), 15);
  EXPECT_EQ(domain::DetailOf(before.status()).reason, "WORK_OUTSIDE_SUBSCRIPTION");
  // Nothing was created for the refused entry.
  EXPECT_EQ(time_log_.GetPeriod(t.client, t.subscription, "2026-03").status().code(),
            absl::StatusCode::kNotFound);
  auto at = Log(t, activated, 15);
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(at->period_key, "2026-03");
}

TEST_F(TimeLogUseCaseTest, OneTimeBucketUsedUpIsDepletedAndACorrectionReplenishesIt) {
  const Ticket t = MakeTicket(BillingCycle::kOneTime, 60, InWarsaw(2026, 3, 1, 0));
  auto first = Log(t, InWarsaw(2026, 3, 20, 10), 40);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->period_key, "bucket");
  EXPECT_EQ(StatusOf(t), domain::SubscriptionStatus::kActive);
  auto second = Log(t, InWarsaw(2026, 3, 21, 10), 20);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(StatusOf(t), domain::SubscriptionStatus::kDepleted);
  // A DEPLETED bucket takes no more billable time.
  EXPECT_EQ(domain::DetailOf(Log(t, InWarsaw(2026, 3, 22, 10), 5).status()).reason,
            "BUCKET_EXHAUSTED");

  const domain::Who admin{kAdminId, "ADMIN", "Ada Admin"};
  std::optional<domain::TimeEntry> deleted;
  ASSERT_TRUE(
      time_log_.DeleteEntry(admin, {}, {t.client, t.ticket, second->id}, Capture(&deleted)).ok());
  EXPECT_TRUE(deleted->delete_time.has_value());
  EXPECT_EQ(StatusOf(t), domain::SubscriptionStatus::kActive);
  EXPECT_EQ(time_log_.GetPeriod(t.client, t.subscription, "bucket")->used_minutes, 40);
}

TEST_F(TimeLogUseCaseTest, AnOperatorChangesOnlyItsOwnEntries) {
  const Ticket t = MakeTicket(BillingCycle::kMonthly, 600, InWarsaw(2026, 3, 1, 0));
  auto e = Log(t, InWarsaw(2026, 3, 20, 10), 30);
  ASSERT_TRUE(e.ok()) << e.status();
  const domain::Who other{"00000000-0000-4000-8000-00000000000c", "OPERATOR", "Otto"};
  std::optional<domain::TimeEntry> out;
  auto refused = time_log_.DeleteEntry(other, {}, {t.client, t.ticket, e->id}, Capture(&out));
  EXPECT_EQ(domain::DetailOf(refused.status()).reason, "OPERATOR_NOT_OWNER");
  EXPECT_TRUE(time_log_.DeleteEntry(kOperator, {}, {t.client, t.ticket, e->id}, Capture(&out)).ok());
}

}  // namespace
}  // namespace supportbytime
