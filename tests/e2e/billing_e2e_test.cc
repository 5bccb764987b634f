// BillingService end to end: current usage, the cost calculator, closing
// periods into billable items (also racing from two server processes and
// against time being logged), invoices, and refusals.
#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "soci/soci.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/history_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "tests/support/time_log_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

absl::TimeZone Zone(const std::string& name) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone(name, &tz)) << name;
  return tz;
}

// The month `k` months before the current one in `zone`.
absl::CivilMonth MonthsAgo(int k, const std::string& zone = "Europe/Warsaw") {
  return absl::CivilMonth(absl::ToCivilMonth(absl::Now(), Zone(zone))) - k;
}

absl::Time At(absl::CivilMonth m, int day, int hour, int minute,
              const std::string& zone = "Europe/Warsaw") {
  return absl::FromCivil(absl::CivilMinute(m.year(), m.month(), day, hour, minute), Zone(zone));
}

// An instant of the current month that is not in the future: its first
// minute on the 1st just after midnight, else a minute ago.
absl::Time EarlierThisMonth(const std::string& zone = "Europe/Warsaw") {
  const absl::Time start = absl::FromCivil(MonthsAgo(0, zone), Zone(zone));
  return std::max(start + absl::Minutes(1), absl::Now() - absl::Minutes(1));
}

std::string Key(absl::CivilMonth m) { return absl::FormatCivilTime(m); }

int64_t Minor(const google::type::Money& m, int digits = 2) {
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  return m.units() * scale + m.nanos() / (1000000000 / scale);
}

class BillingE2eTest : public TimeLogFixture {
 protected:
  void SetUp() override {
    TimeLogFixture::SetUp();
    billing_ = v1::BillingService::NewStub(server_->channel());
  }
  void TearDown() override {
    billing_.reset();
    TimeLogFixture::TearDown();
  }

  // The reference policy's Professional Support: 240 min, 30 min, EUR 40/h.
  v1::Package Professional(PackageOptions o = {}) {
    return MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, o);
  }

  v1::Usage Usage(const v1::Subscription& sub, const std::string& key = "") {
    v1::GetCurrentUsageRequest req;
    req.set_name(absl::StrCat(sub.name(), "/usage"));
    v1::Usage out;
    grpc::Status st =
        billing_->GetCurrentUsage(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::EstimateCostResponse Estimate(const v1::Subscription& sub, int minutes,
                                    const std::string& ticket = "") {
    v1::EstimateCostRequest req;
    req.set_name(sub.name());
    req.set_additional_minutes(minutes);
    req.set_ticket(ticket);
    v1::EstimateCostResponse out;
    grpc::Status st = billing_->EstimateCost(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  grpc::Status Close(v1::ClosePeriodsResponse* out, std::optional<absl::Time> as_of = {},
                     const std::string& request_id = "", v1::BillingService::Stub* stub = nullptr) {
    v1::ClosePeriodsRequest req;
    if (as_of) *req.mutable_as_of() = Ts(*as_of);
    req.set_request_id(request_id);
    return (stub ? stub : billing_.get())->ClosePeriods(Admin().get(), req, out);
  }

  v1::ClosePeriodsResponse MustClose(std::optional<absl::Time> as_of = {}) {
    v1::ClosePeriodsResponse out;
    grpc::Status st = Close(&out, as_of);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  std::vector<v1::BillableItem> Items(const std::string& parent, const std::string& key = "") {
    v1::ListBillableItemsRequest req;
    req.set_parent(parent);
    v1::ListBillableItemsResponse out;
    grpc::Status st =
        billing_->ListBillableItems(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return {out.billable_items().begin(), out.billable_items().end()};
  }

  std::string ClientOf(const v1::Subscription& sub) {
    return sub.name().substr(0, sub.name().find("/subscriptions/"));
  }

  std::string TicketNumber(const std::string& ticket) {
    return db_->Scalar(
        absl::StrCat("select number from tickets where id = '", LastSegment(ticket), "'"));
  }

  // Every billable item equals its line's running total, which equals the
  // sum of its live entries' overage parts priced once (R6).
  void ExpectItemsMatchEntries() {
    EXPECT_EQ(db_->Scalar("select count(*) from billable_items bi join period_tickets pt"
                          " using (period_id, ticket_id) where bi.overage_minutes <>"
                          " pt.overage_minutes or bi.amount_minor <> pt.overage_cost_minor"),
              "0");
    EXPECT_EQ(db_->Scalar("select count(*) from period_tickets pt join periods p on p.id ="
                          " pt.period_id where p.state = 'CLOSED' and pt.overage_minutes > 0"
                          " and not exists (select 1 from billable_items bi where bi.period_id ="
                          " pt.period_id and bi.ticket_id = pt.ticket_id)"),
              "0");
    ExpectTotalsConsistent();
  }

  // Holds the row lock of `sub`'s only period for `hold` on a thread of its
  // own, as a slow writer would, so that a test can act while a ClosePeriods
  // run waits for it. Returns once the lock is held.
  std::thread HoldPeriod(const v1::Subscription& sub, absl::Duration hold) {
    const std::string period = db_->Scalar(absl::StrCat(
        "select id from periods where subscription_id = '", LastSegment(sub.name()), "'"));
    auto held = std::make_shared<std::promise<void>>();
    std::future<void> locked = held->get_future();
    std::thread holder([this, period, hold, held] {
      const double seconds = absl::ToDoubleSeconds(hold);
      absl::Status st = db_->db().InTransaction([&](soci::session& s) {
        s << "select 1 from periods where id = cast(:p as uuid) for update", soci::use(period);
        held->set_value();
        s << "select pg_sleep(:s)", soci::use(seconds);
        return absl::OkStatus();
      });
      EXPECT_TRUE(st.ok()) << st;
    });
    locked.wait();
    return holder;
  }

  std::unique_ptr<v1::BillingService::Stub> billing_;
};

// R5/R6/R17 worked example on the home screen: Professional, A 200 -> 210,
// then B 50 -> 60 of which 30 included and 30 overage; EUR 20.00 so far.
TEST_F(BillingE2eTest, CurrentUsageFollowsTheReferenceExample) {
  v1::Subscription sub = ActiveSubscription(Professional());
  v1::Usage before = Usage(sub);
  EXPECT_EQ(before.used_minutes(), 0);
  EXPECT_EQ(before.included_minutes(), 240);
  EXPECT_EQ(before.left_time().hours(), 4);
  EXPECT_EQ(before.level(), v1::USAGE_LEVEL_OK);
  EXPECT_EQ(before.billing_cycle(), v1::BILLING_CYCLE_MONTHLY);
  EXPECT_EQ(Minor(before.period_price()), 10000);
  EXPECT_EQ(Minor(before.overage_hourly_rate()), 4000);
  EXPECT_EQ(before.overage_cost().currency_code(), "EUR");
  EXPECT_TRUE(before.require_overage_approval());
  EXPECT_EQ(before.period(), absl::StrCat(sub.name(), "/periods/", Key(MonthsAgo(0))));

  const std::string a = InsertTicket(sub), b = InsertTicket(sub);
  MustLog(a, 200);
  v1::Usage mid = Usage(sub);
  EXPECT_EQ(mid.used_minutes(), 210);
  EXPECT_EQ(mid.left_minutes(), 30);
  EXPECT_EQ(mid.left_time().minutes(), 30);
  EXPECT_EQ(mid.percent_used(), 87);
  EXPECT_EQ(mid.level(), v1::USAGE_LEVEL_WARNING);
  Approve(b);
  MustLog(b, 50);
  v1::Usage after = Usage(sub);
  EXPECT_EQ(after.used_minutes(), 270);
  EXPECT_EQ(after.raw_minutes(), 250);
  EXPECT_EQ(after.left_minutes(), 0);
  EXPECT_EQ(after.overage_minutes(), 30);
  EXPECT_EQ(after.percent_used(), 112);
  EXPECT_EQ(after.level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_EQ(Minor(after.overage_cost()), 2000);
  EXPECT_EQ(after.used_time().hours(), 4);
  EXPECT_EQ(after.used_time().minutes(), 30);
  EXPECT_THAT(after.thresholds_percent(), ::testing::ElementsAre(80, 100));

  // A CLIENT key reads its own usage; another client's is NOT_FOUND.
  const std::string own = server_->CreateApiKey("CLIENT", ClientOf(sub), "Acme person");
  EXPECT_EQ(Usage(sub, own).used_minutes(), 270);
  v1::Subscription other = ActiveSubscription(Professional());
  v1::GetCurrentUsageRequest req;
  req.set_name(absl::StrCat(other.name(), "/usage"));
  v1::Usage out;
  EXPECT_EQ(ReadRefusal(billing_->GetCurrentUsage(Ctx(own).get(), req, &out)).code,
            grpc::StatusCode::NOT_FOUND);
}

// R18: the extra time is one new entry, rounded and pooled by the real rules.
TEST_F(BillingE2eTest, EstimateAppliesRoundingPoolAndRate) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string a = InsertTicket(sub);
  MustLog(a, 200);
  v1::EstimateCostResponse e = Estimate(sub, 50);
  EXPECT_EQ(e.used_minutes(), 210);
  EXPECT_EQ(e.additional_billed_minutes(), 60);
  EXPECT_EQ(e.projected_used_minutes(), 270);
  EXPECT_EQ(e.projected_left_minutes(), 0);
  EXPECT_EQ(e.additional_overage_minutes(), 30);
  EXPECT_EQ(e.projected_overage_minutes(), 30);
  EXPECT_EQ(Minor(e.extra_cost()), 2000);
  EXPECT_EQ(Minor(e.overage_cost()), 0);
  EXPECT_EQ(Minor(e.projected_overage_cost()), 2000);
  EXPECT_EQ(Minor(e.projected_period_total()), 12000);
  EXPECT_EQ(e.projected_level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_TRUE(e.approval_required());
  EXPECT_FALSE(e.exceeds_bucket());
  // On an approved ticket, no approval is needed.
  Approve(a);
  EXPECT_FALSE(Estimate(sub, 50, a).approval_required());
  // Nothing changed.
  EXPECT_EQ(Usage(sub).used_minutes(), 210);

  // R6: 7 min at EUR 40/h is EUR 4.67 (1-minute increment).
  v1::Subscription fine = ActiveSubscription(
      MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  EXPECT_EQ(Minor(Estimate(fine, 7).extra_cost()), 467);
  EXPECT_EQ(Minor(Estimate(fine, 30).extra_cost()), 2000);
}

// R4 TICKET scope: the estimate on a ticket adds what it makes to the
// ticket's rounded sum.
TEST_F(BillingE2eTest, EstimateOnATicketUsesTicketRounding) {
  PackageOptions o;
  o.scope = v1::ROUNDING_SCOPE_TICKET;
  v1::Subscription sub =
      ActiveSubscription(MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, o));
  const std::string t = InsertTicket(sub);
  MustLog(t, 7);                                                   // bills 15
  EXPECT_EQ(Estimate(sub, 8, t).additional_billed_minutes(), 0);   // 15 -> 15
  EXPECT_EQ(Estimate(sub, 9, t).additional_billed_minutes(), 15);  // 16 -> 30
  EXPECT_EQ(Estimate(sub, 8).additional_billed_minutes(), 15);     // a new ticket
  // R21: non-billable minutes stay out of the ticket's rounded sum.
  MustLogNonBillable(t, 20);
  EXPECT_EQ(Estimate(sub, 8, t).additional_billed_minutes(), 0);   // still 15 -> 15
  EXPECT_EQ(Estimate(sub, 9, t).additional_billed_minutes(), 15);  // 16 -> 30
  EXPECT_EQ(Usage(sub).used_minutes(), 15);
}

// R10/R21: ClosePeriods bills only billable overage; a ticket with nothing
// but non-billable time gets no item, and needed no approval.
TEST_F(BillingE2eTest, ClosePeriodsNeverBillsNonBillableTime) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const absl::CivilMonth month = MonthsAgo(2);
  const std::string a = InsertTicket(sub), b = InsertTicket(sub), c = InsertTicket(sub);
  Approve(b);
  MustLog(a, 200, At(month, 3, 10, 0));             // 210 included
  MustLogNonBillable(b, 100, At(month, 4, 10, 0));  // counted, never billed
  MustLog(b, 50, At(month, 5, 10, 0));              // 60: 30 included, 30 overage
  MustLogNonBillable(c, 300, At(month, 6, 10, 0));  // c is not approved

  v1::ClosePeriodsResponse closed = MustClose();
  EXPECT_EQ(closed.periods_closed(), 1);
  EXPECT_EQ(closed.billable_items_created(), 1);
  std::vector<v1::BillableItem> items = Items(ClientOf(sub));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].ticket(), b);
  EXPECT_EQ(items[0].overage_minutes(), 30);
  EXPECT_EQ(Minor(items[0].amount()), 2000);
  EXPECT_EQ(items[0].description(), absl::StrCat("Support #", TicketNumber(b), " ", Key(month),
                                                 " 0.50 Hour(s) (EUR 40.00/Hour)"));
  EXPECT_EQ(db_->Scalar("select raw_minutes || '/' || used_minutes || '/' || overage_cost_minor"
                        " || '/' || entry_count || '/' || state from periods"),
            "650/270/2000/4/CLOSED");
  ExpectItemsMatchEntries();
}

// R7: a ONE_TIME bucket shows bucket figures only; the estimate says when the
// time would not fit.
TEST_F(BillingE2eTest, OneTimeBucketUsageAndEstimate) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Bucket", 120, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  MustLog(InsertTicket(sub), 100);
  v1::Usage u = Usage(sub);
  EXPECT_EQ(u.billing_cycle(), v1::BILLING_CYCLE_ONE_TIME);
  EXPECT_EQ(u.used_minutes(), 105);
  EXPECT_EQ(u.left_minutes(), 15);
  EXPECT_EQ(u.overage_minutes(), 0);
  EXPECT_FALSE(u.has_overage_hourly_rate());
  EXPECT_FALSE(u.has_month());
  EXPECT_EQ(u.period(), absl::StrCat(sub.name(), "/periods/bucket"));
  v1::EstimateCostResponse fits = Estimate(sub, 15);
  EXPECT_FALSE(fits.exceeds_bucket());
  EXPECT_EQ(fits.projected_left_minutes(), 0);
  v1::EstimateCostResponse too_much = Estimate(sub, 16);
  EXPECT_TRUE(too_much.exceeds_bucket());
  EXPECT_EQ(too_much.projected_overage_minutes(), 0);
  EXPECT_EQ(Minor(too_much.extra_cost()), 0);
  EXPECT_FALSE(too_much.has_overage_hourly_rate());
}

// R6: no rate in the client's currency is a clear error, never a zero price.
TEST_F(BillingE2eTest, CurrencyWithoutPriceIsRefused) {
  v1::Subscription sub = ActiveSubscription(Professional());
  // The client moved to a currency the package has no price in. The API
  // refuses that move (CURRENCY_NOT_PRICED), so it is made behind its back.
  Sql(absl::StrCat("update clients set currency = 'USD' where id = '", LastSegment(ClientOf(sub)),
                   "'"));
  v1::GetCurrentUsageRequest req;
  req.set_name(absl::StrCat(sub.name(), "/usage"));
  v1::Usage out;
  Refusal r = ReadRefusal(billing_->GetCurrentUsage(Admin().get(), req, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "CURRENCY_NOT_PRICED");
  EXPECT_EQ(r.metadata["currency_code"], "USD");
  EXPECT_EQ(r.metadata["package"], sub.package());
  v1::EstimateCostRequest est;
  est.set_name(sub.name());
  est.set_additional_minutes(30);
  v1::EstimateCostResponse e;
  EXPECT_EQ(ReadRefusal(billing_->EstimateCost(Admin().get(), est, &e)).reason,
            "CURRENCY_NOT_PRICED");
}

// R6 with 0 and 3 minor digits: 7 min at 40/h is JPY 5 and KWD 4.667.
TEST_F(BillingE2eTest, CurrenciesWithZeroAndThreeMinorDigits) {
  for (const auto& [currency, digits, expected] :
       std::vector<std::tuple<std::string, int, int64_t>>{{"JPY", 0, 5}, {"KWD", 3, 4667}}) {
    v1::PackageTerms terms = Terms(0, 1, v1::BILLING_CYCLE_MONTHLY, currency);
    terms.set_require_overage_approval(false);
    const v1::Package pkg = CreatePackageWithTerms(absl::StrCat("Per minute ", currency), terms);
    v1::Client c = CreateClient(currency, currency);
    v1::Subscription s = CreateSubscription(c, pkg);
    v1::ActivateSubscriptionRequest act;
    act.set_name(s.name());
    act.set_request_id(NewRequestId());
    ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), act, &s).ok());
    EXPECT_EQ(Minor(Estimate(s, 7).extra_cost(), digits), expected) << currency;
    MustLog(InsertTicket(s), 7);
    v1::Usage u = Usage(s);
    EXPECT_EQ(Minor(u.overage_cost(), digits), expected) << currency;
    EXPECT_EQ(u.overage_cost().currency_code(), currency);
  }
}

// R10: a past month closes into one item per ticket with overage, with the
// invoice line text; a second run finds nothing to do.
TEST_F(BillingE2eTest, ClosePeriodsBillsEachTicketOnce) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const absl::CivilMonth month = MonthsAgo(2);
  const std::string a = InsertTicket(sub), b = InsertTicket(sub), c = InsertTicket(sub);
  Approve(b);
  Approve(c);
  MustLog(a, 200, At(month, 3, 10, 0));
  MustLog(b, 50, At(month, 4, 10, 0));  // 60: 30 included, 30 overage
  MustLog(c, 7, At(month, 5, 10, 0));   // 30: all overage
  MustLog(a, 10, EarlierThisMonth());   // the current month stays open

  v1::ClosePeriodsResponse first = MustClose();
  EXPECT_EQ(first.periods_closed(), 1);
  EXPECT_EQ(first.billable_items_created(), 2);
  std::vector<v1::BillableItem> items = Items(ClientOf(sub));
  ASSERT_EQ(items.size(), 2u);
  // Newest first; the same instant, so compare as a set of descriptions.
  std::vector<std::string> descriptions = {items[0].description(), items[1].description()};
  EXPECT_THAT(descriptions, ::testing::UnorderedElementsAre(
                                absl::StrCat("Support #", TicketNumber(b), " ", Key(month),
                                             " 0.50 Hour(s) (EUR 40.00/Hour)"),
                                absl::StrCat("Support #", TicketNumber(c), " ", Key(month),
                                             " 0.50 Hour(s) (EUR 40.00/Hour)")));
  for (const v1::BillableItem& item : items) {
    EXPECT_EQ(Minor(item.amount()), 2000);
    EXPECT_EQ(item.overage_minutes(), 30);
    EXPECT_EQ(item.badge(), v1::TICKET_BADGE_BILLED);
    EXPECT_EQ(item.period(), absl::StrCat(sub.name(), "/periods/", Key(month)));
    EXPECT_EQ(item.invoice_action(), v1::INVOICE_ACTION_ADD_TO_NEXT_INVOICE);  // the default
    EXPECT_FALSE(item.has_invoice());
  }
  v1::ClosePeriodsResponse second = MustClose();
  EXPECT_EQ(second.periods_closed(), 0);
  EXPECT_EQ(second.billable_items_created(), 0);
  EXPECT_EQ(Count("billable_items"), "2");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ClosePeriod'"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'BillTicket'"
                        " and ticket_id is not null"),
            "2");
  EXPECT_EQ(
      db_->Scalar(absl::StrCat("select state from periods where month = '", Key(month), "-01'")),
      "CLOSED");
  EXPECT_EQ(db_->Scalar(absl::StrCat("select state from periods where month = '", Key(MonthsAgo(0)),
                                     "-01'")),
            "OPEN");

  // R9: the closed month takes no entry, and neither does a passed month
  // that never had one (the run's watermark).
  v1::TimeEntry e;
  EXPECT_EQ(ReadRefusal(Log(a, 5, &e, At(month, 20, 10, 0))).reason, "PERIOD_CLOSED");
  EXPECT_EQ(ReadRefusal(Log(a, 5, &e, At(MonthsAgo(1), 20, 10, 0))).reason, "PERIOD_CLOSED");
  EXPECT_EQ(Count("close_runs"), "2");
  ExpectItemsMatchEntries();
}

// R2 with a non-UTC client: 23:30 on the last day of a month in New York is
// already the next month in UTC, and the month ends at New York's midnight.
TEST_F(BillingE2eTest, LastDayAtHalfPastElevenInTheClientsZone) {
  const std::string zone = "America/New_York";
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}), zone);
  const absl::CivilMonth month = MonthsAgo(2, zone);
  const absl::CivilDay last_day = absl::CivilDay(month + 1) - 1;
  const std::string ticket = InsertTicket(sub);
  Approve(ticket);
  v1::TimeEntry e = MustLog(ticket, 30, At(month, last_day.day(), 23, 30, zone));
  EXPECT_EQ(e.period(), absl::StrCat(sub.name(), "/periods/", Key(month)));
  const absl::Time month_end = absl::FromCivil(absl::CivilMinute(month + 1), Zone(zone));
  EXPECT_EQ(MustClose(month_end - absl::Seconds(1)).periods_closed(), 0);
  v1::ClosePeriodsResponse closed = MustClose(month_end);
  EXPECT_EQ(closed.periods_closed(), 1);
  EXPECT_EQ(closed.billable_items_created(), 1);
  std::vector<v1::BillableItem> items = Items(ClientOf(sub));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_THAT(items[0].description(), HasSubstr(absl::StrCat(" ", Key(month), " 0.50 Hour(s)")));
}

// R10/R12: several replicas and cron runs at once create every item once.
TEST_F(BillingE2eTest, RacingClosesFromTwoServersBillOnce) {
  InProcessServer second(db_->url(), clock_);  // another server on the same database
  auto second_stub = v1::BillingService::NewStub(second.channel());
  const absl::CivilMonth month = MonthsAgo(1);
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Package pkg = MakePackage("Tiny", 30, 15, v1::BILLING_CYCLE_MONTHLY, no_approval);
  int tickets = 0;
  for (int s = 0; s < 8; ++s) {
    v1::Subscription sub = ActiveSubscription(pkg);
    for (int t = 0; t < 3; ++t, ++tickets)
      MustLog(InsertTicket(sub), 20 + t, At(month, 2 + t, 9, 0));
  }
  std::atomic<int> periods{0}, items{0}, failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      v1::ClosePeriodsResponse out;
      grpc::Status st = Close(&out, std::nullopt, "", i % 2 ? second_stub.get() : billing_.get());
      if (!st.ok()) {
        ++failures;
        return;
      }
      periods += out.periods_closed();
      items += out.billable_items_created();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(periods.load(), 8);
  // 30 included per subscription: the first ticket (30 billed) is covered,
  // the two others (30 each) are overage.
  EXPECT_EQ(items.load(), 16);
  EXPECT_EQ(Count("billable_items"), "16");
  EXPECT_EQ(db_->Scalar("select count(*) from (select period_id, ticket_id from billable_items"
                        " group by 1, 2 having count(*) > 1) d"),
            "0");
  EXPECT_EQ(db_->Scalar("select sum(amount_minor) from billable_items"), "32000");
  ExpectItemsMatchEntries();
  second_stub.reset();
  EXPECT_EQ(second.Stop(), 0);
}

// R9/R12: time logged while its month is being closed is either billed in it
// or refused with PERIOD_CLOSED; none is lost or billed twice.
TEST_F(BillingE2eTest, TimeLoggedDuringTheCloseIsNeverLost) {
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Package pkg = MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, no_approval);
  const absl::CivilMonth month = MonthsAgo(1);
  std::vector<std::string> tickets;
  for (int s = 0; s < 4; ++s) {
    v1::Subscription sub = ActiveSubscription(pkg);
    tickets.push_back(InsertTicket(sub));
    MustLog(tickets.back(), 1, At(month, 10, 9, 0));  // the period exists
  }
  std::atomic<bool> stop{false};
  std::atomic<int> logged{0}, refused{0}, other{0};
  std::vector<std::thread> writers;
  for (const std::string& t : tickets) {
    writers.emplace_back([&, t] {
      while (!stop) {
        v1::TimeEntry e;
        grpc::Status st = Log(t, 3, &e, At(month, 11, 9, 0));
        if (st.ok()) {
          ++logged;
        } else if (ReadRefusal(st).reason == "PERIOD_CLOSED") {
          ++refused;
          return;
        } else {
          ++other;
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(300));
  v1::ClosePeriodsResponse closed = MustClose();
  stop = true;
  for (std::thread& w : writers) w.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(closed.periods_closed(), 4);
  EXPECT_GT(logged.load(), 0);
  // Every entry that was accepted is billed: 1 + 3 per accepted call.
  EXPECT_EQ(db_->Scalar("select sum(overage_minutes) from billable_items"),
            std::to_string(4 + 3 * logged.load()));
  // (created_at and closed_at are transaction start times, so they cannot
  // order an entry against the close; the sums above do.)
  ExpectItemsMatchEntries();
}

// R10: ClosePeriods marks a used-up ONE_TIME subscription DEPLETED when its
// entries could not (here: its state was set back by hand).
TEST_F(BillingE2eTest, ClosePeriodsDepletesUsedUpBuckets) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Bucket", 30, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  MustLog(InsertTicket(sub), 30);
  const std::string id = LastSegment(sub.name());
  EXPECT_EQ(db_->Scalar(absl::StrCat("select state from subscriptions where id = '", id, "'")),
            "DEPLETED");
  Sql(absl::StrCat("update subscriptions set state = 'ACTIVE' where id = '", id, "'"));
  EXPECT_EQ(MustClose().subscriptions_depleted(), 1);
  EXPECT_EQ(db_->Scalar(absl::StrCat("select state from subscriptions where id = '", id, "'")),
            "DEPLETED");
  EXPECT_EQ(MustClose().subscriptions_depleted(), 0);
}

// R11: a retried run answers as the first did; the key cannot be reused.
TEST_F(BillingE2eTest, ClosePeriodsIsIdempotentByRequestId) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 300, At(MonthsAgo(1), 3, 10, 0));
  const std::string rid = NewRequestId();
  v1::ClosePeriodsResponse first, again;
  ASSERT_TRUE(Close(&first, std::nullopt, rid).ok());
  ASSERT_TRUE(Close(&again, std::nullopt, rid).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(again.billable_items_created(), 1);
  v1::ClosePeriodsResponse other;
  EXPECT_EQ(ReadRefusal(Close(&other, clock_.Now() - absl::Hours(1), rid)).reason,
            "REQUEST_ID_REUSED");
}

// R3 snapshot integrity: a new package version changes neither a closed
// month's items nor the current month's usage; the next period follows it.
TEST_F(BillingE2eTest, PackageChangesNeverRewriteBilledMonths) {
  v1::Package pkg = Professional();
  v1::Subscription sub = ActiveSubscription(pkg);
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 270, At(MonthsAgo(1), 3, 10, 0));
  MustLog(t, 10, EarlierThisMonth());
  MustClose();
  const std::vector<v1::BillableItem> before = Items(ClientOf(sub));
  ASSERT_EQ(before.size(), 1u);
  // Nothing logged this month yet, active since before it began: keeps the
  // terms in force at the month's start (R3), logged or not.
  v1::Subscription idle = ActiveSubscription(pkg);

  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(pkg.name());
  *up.mutable_package()->mutable_terms() = Terms(600, 60, v1::BILLING_CYCLE_MONTHLY);
  up.mutable_package()
      ->mutable_terms()
      ->mutable_prices(0)
      ->mutable_overage_hourly_rate()
      ->set_units(90);
  up.mutable_update_mask()->add_paths("terms");
  up.set_request_id(NewRequestId());
  v1::Package updated;
  grpc::Status st = packages_->UpdatePackage(Admin().get(), up, &updated);
  ASSERT_TRUE(st.ok()) << Describe(st);

  const std::vector<v1::BillableItem> after = Items(ClientOf(sub));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].SerializeAsString(), before[0].SerializeAsString());
  v1::Usage u = Usage(sub);
  EXPECT_EQ(u.included_minutes(), 240);
  EXPECT_EQ(Minor(u.overage_hourly_rate()), 4000);
  EXPECT_EQ(Usage(idle).included_minutes(), 240);
  EXPECT_EQ(Usage(idle).package_version(), 1);
  // A subscription activated after the update starts on the new terms.
  clock_.Advance(absl::Minutes(1));
  v1::Subscription fresh = Activate(CreateSubscription(CreateClient(), pkg), clock_.Now());
  v1::Usage n = Usage(fresh);
  EXPECT_EQ(n.included_minutes(), 600);
  EXPECT_EQ(Minor(n.overage_hourly_rate()), 9000);
  EXPECT_EQ(n.package_version(), 2);
  // The history chart's current month agrees with the home screen.
  auto history = v1::HistoryService::NewStub(server_->channel());
  for (const auto& [s, included] :
       std::vector<std::pair<v1::Subscription, int>>{{sub, 240}, {idle, 240}, {fresh, 600}}) {
    v1::GetUsageChartRequest req;
    req.set_name(absl::StrCat(s.name(), "/usageChart"));
    req.set_month_count(2);
    v1::UsageChart chart;
    grpc::Status st = history->GetUsageChart(Admin().get(), req, &chart);
    ASSERT_TRUE(st.ok()) << Describe(st);
    ASSERT_EQ(chart.months_size(), 2);
    EXPECT_EQ(chart.months(1).included_minutes(), included);
    EXPECT_EQ(chart.months(1).included_minutes(), Usage(s).included_minutes());
  }
}

TEST_F(BillingE2eTest, InvoicesDriveTheBadge) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 300, At(MonthsAgo(1), 3, 10, 0));
  MustClose();
  std::vector<v1::BillableItem> items = Items(ClientOf(sub));
  ASSERT_EQ(items.size(), 1u);
  const std::string name = items[0].name();

  auto update = [&](const v1::Invoice& inv, std::vector<std::string> paths, v1::BillableItem* out,
                    const std::string& rid = "") {
    v1::UpdateBillableItemRequest req;
    req.mutable_billable_item()->set_name(name);
    *req.mutable_billable_item()->mutable_invoice() = inv;
    for (const std::string& p : paths) req.mutable_update_mask()->add_paths(p);
    req.set_request_id(rid.empty() ? NewRequestId() : rid);
    return billing_->UpdateBillableItem(Admin().get(), req, out);
  };
  v1::Invoice inv;
  inv.set_reference("INV-1043");
  inv.set_url("https://billing.example.com/inv/1043");
  inv.set_status(v1::INVOICE_STATUS_UNPAID);
  inv.mutable_due_date()->set_year(2026);
  inv.mutable_due_date()->set_month(4);
  inv.mutable_due_date()->set_day(10);
  v1::BillableItem out;
  const std::string rid = NewRequestId();
  grpc::Status st = update(inv, {"invoice"}, &out, rid);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.badge(), v1::TICKET_BADGE_UNPAID);
  EXPECT_EQ(out.invoice().reference(), "INV-1043");
  EXPECT_EQ(out.invoice().due_date().day(), 10);
  EXPECT_EQ(Minor(out.amount()), 4000);
  // A retry replays; the same key for another change is refused.
  v1::BillableItem replay;
  ASSERT_TRUE(update(inv, {"invoice"}, &replay, rid).ok());
  EXPECT_EQ(replay.SerializeAsString(), out.SerializeAsString());
  v1::Invoice paid = inv;
  paid.set_status(v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(ReadRefusal(update(paid, {"invoice.status"}, &out, rid)).reason, "REQUEST_ID_REUSED");

  // PAID needs a paid date; a paid date needs PAID; links are https.
  Refusal r = ReadRefusal(update(paid, {"invoice.status"}, &out));
  EXPECT_EQ(r.reason, "INVALID_FIELD");
  EXPECT_THAT(r.fields, ::testing::Contains("billable_item.invoice.paid_date"));
  v1::Invoice early = inv;
  early.mutable_paid_date()->set_year(2026);
  early.mutable_paid_date()->set_month(4);
  early.mutable_paid_date()->set_day(9);
  EXPECT_THAT(ReadRefusal(update(early, {"invoice.paid_date"}, &out)).fields,
              ::testing::Contains("billable_item.invoice.paid_date"));
  v1::Invoice http = inv;
  http.set_url("http://billing.example.com/x");
  EXPECT_THAT(ReadRefusal(update(http, {"invoice.url"}, &out)).fields,
              ::testing::Contains("billable_item.invoice.url"));
  EXPECT_THAT(ReadRefusal(update(inv, {"amount"}, &out)).fields,
              ::testing::Contains("update_mask"));
  EXPECT_THAT(ReadRefusal(update(inv, {}, &out)).fields, ::testing::Contains("update_mask"));
  EXPECT_THAT(ReadRefusal(update(v1::Invoice(), {"invoice"}, &out)).fields,
              ::testing::Contains("billable_item.invoice.status"));
  // A recorded invoice is never removed (it is cancelled instead).
  v1::UpdateBillableItemRequest remove;
  remove.mutable_billable_item()->set_name(name);
  remove.mutable_update_mask()->add_paths("invoice");
  EXPECT_THAT(ReadRefusal(billing_->UpdateBillableItem(Admin().get(), remove, &out)).fields,
              ::testing::Contains("billable_item.invoice"));

  *paid.mutable_paid_date() = early.paid_date();
  st = update(paid, {"invoice.status", "invoice.paid_date"}, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.badge(), v1::TICKET_BADGE_PAID);
  EXPECT_EQ(out.invoice().paid_date().day(), 9);
  EXPECT_EQ(out.invoice().url(), "https://billing.example.com/inv/1043");
  // A paid date is a date: moving the client to another zone keeps it.
  Sql(absl::StrCat("update clients set time_zone = 'America/Los_Angeles' where id = '",
                   LastSegment(ClientOf(sub)), "'"));
  v1::GetBillableItemRequest reread;
  reread.set_name(name);
  v1::BillableItem again;
  ASSERT_TRUE(billing_->GetBillableItem(Admin().get(), reread, &again).ok());
  EXPECT_EQ(again.invoice().paid_date().day(), 9);
  Sql(absl::StrCat("update clients set time_zone = 'Asia/Tokyo' where id = '",
                   LastSegment(ClientOf(sub)), "'"));
  ASSERT_TRUE(billing_->GetBillableItem(Admin().get(), reread, &again).ok());
  EXPECT_EQ(again.invoice().paid_date().day(), 9);
  // Years below 1000 are kept as given (no two-digit year guessing).
  v1::Invoice ancient = inv;
  ancient.mutable_due_date()->set_year(12);
  ancient.mutable_due_date()->set_month(1);
  ancient.mutable_due_date()->set_day(13);
  st = update(ancient, {"invoice.due_date"}, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.invoice().due_date().year(), 12);
  EXPECT_EQ(out.invoice().due_date().month(), 1);
  EXPECT_EQ(out.invoice().due_date().day(), 13);
  v1::Invoice cancelled = inv;
  cancelled.set_status(v1::INVOICE_STATUS_CANCELLED);
  st = update(cancelled, {"invoice"}, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.badge(), v1::TICKET_BADGE_CANCELLED);
  EXPECT_FALSE(out.invoice().has_paid_date());
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'UpdateBillableItem'"),
            "4");

  // Filters: by badge, across clients for staff only, by ticket.
  v1::ListBillableItemsRequest req;
  req.set_parent("clients/-");
  req.set_badge(v1::TICKET_BADGE_CANCELLED);
  v1::ListBillableItemsResponse list;
  ASSERT_TRUE(billing_->ListBillableItems(Admin().get(), req, &list).ok());
  EXPECT_EQ(list.billable_items_size(), 1);
  req.set_badge(v1::TICKET_BADGE_BILLED);
  ASSERT_TRUE(billing_->ListBillableItems(Admin().get(), req, &list).ok());
  EXPECT_EQ(list.billable_items_size(), 0);
  const std::string own = server_->CreateApiKey("CLIENT", ClientOf(sub), "Acme person");
  EXPECT_EQ(Items(ClientOf(sub), own).size(), 1u);
  req.clear_badge();
  EXPECT_EQ(ReadRefusal(billing_->ListBillableItems(Ctx(own).get(), req, &list)).code,
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetBillableItemRequest get;
  get.set_name(name);
  v1::BillableItem got;
  ASSERT_TRUE(billing_->GetBillableItem(Ctx(own).get(), get, &got).ok());
  EXPECT_EQ(got.badge(), v1::TICKET_BADGE_CANCELLED);
  const std::string stranger =
      server_->CreateApiKey("CLIENT", ClientOf(ActiveSubscription(Professional())), "Stranger");
  EXPECT_EQ(ReadRefusal(billing_->GetBillableItem(Ctx(stranger).get(), get, &got)).code,
            grpc::StatusCode::NOT_FOUND);
  // A CLIENT key cannot record invoices.
  v1::UpdateBillableItemRequest by_client;
  by_client.mutable_billable_item()->set_name(name);
  by_client.mutable_update_mask()->add_paths("invoice");
  EXPECT_EQ(ReadRefusal(billing_->UpdateBillableItem(Ctx(own).get(), by_client, &got)).code,
            grpc::StatusCode::PERMISSION_DENIED);
}

// Paged newest first, with a filter per period.
TEST_F(BillingE2eTest, ListBillableItemsPagesNewestFirst) {
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Subscription sub =
      ActiveSubscription(MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, no_approval));
  const std::string t = InsertTicket(sub);
  MustLog(t, 10, At(MonthsAgo(3), 3, 10, 0));
  MustClose(At(MonthsAgo(2), 1, 12, 0));
  MustLog(t, 20, At(MonthsAgo(2), 3, 10, 0));
  MustClose();
  v1::ListBillableItemsRequest req;
  req.set_parent(ClientOf(sub));
  req.set_page_size(1);
  v1::ListBillableItemsResponse page;
  ASSERT_TRUE(billing_->ListBillableItems(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.billable_items_size(), 1);
  EXPECT_EQ(page.billable_items(0).overage_minutes(), 20);
  ASSERT_FALSE(page.next_page_token().empty());
  req.set_page_token(page.next_page_token());
  ASSERT_TRUE(billing_->ListBillableItems(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.billable_items_size(), 1);
  EXPECT_EQ(page.billable_items(0).overage_minutes(), 10);
  EXPECT_TRUE(page.next_page_token().empty());
  // A token is bound to its filters.
  req.set_badge(v1::TICKET_BADGE_BILLED);
  EXPECT_THAT(ReadRefusal(billing_->ListBillableItems(Admin().get(), req, &page)).fields,
              ::testing::Contains("page_token"));
  v1::ListBillableItemsRequest by_period;
  by_period.set_parent(ClientOf(sub));
  by_period.set_period(absl::StrCat(sub.name(), "/periods/", Key(MonthsAgo(3))));
  ASSERT_TRUE(billing_->ListBillableItems(Admin().get(), by_period, &page).ok());
  ASSERT_EQ(page.billable_items_size(), 1);
  EXPECT_EQ(page.billable_items(0).overage_minutes(), 10);
}

// Bad input: a precise INVALID_ARGUMENT naming the field, nothing changed.
TEST_F(BillingE2eTest, BadInputIsRefusedWithTheField) {
  v1::Subscription sub = ActiveSubscription(Professional());
  auto field_of = [](const grpc::Status& st) {
    Refusal r = ReadRefusal(st);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << r.message;
    EXPECT_EQ(r.reason, "INVALID_FIELD");
    return r.fields.empty() ? std::string() : r.fields[0];
  };
  v1::Usage u;
  v1::GetCurrentUsageRequest usage;
  usage.set_name(sub.name());  // not the usage singleton
  EXPECT_EQ(field_of(billing_->GetCurrentUsage(Admin().get(), usage, &u)), "name");

  v1::EstimateCostResponse e;
  v1::EstimateCostRequest est;
  est.set_name(sub.name());
  est.set_additional_minutes(0);
  EXPECT_EQ(field_of(billing_->EstimateCost(Admin().get(), est, &e)), "additional_minutes");
  est.set_additional_minutes(100001);
  EXPECT_EQ(field_of(billing_->EstimateCost(Admin().get(), est, &e)), "additional_minutes");
  est.set_additional_minutes(30);
  est.set_ticket("tickets/1");
  EXPECT_EQ(field_of(billing_->EstimateCost(Admin().get(), est, &e)), "ticket");
  v1::Subscription other = ActiveSubscription(Professional());
  est.set_ticket(InsertTicket(other));
  EXPECT_EQ(field_of(billing_->EstimateCost(Admin().get(), est, &e)), "ticket");

  v1::ClosePeriodsResponse c;
  EXPECT_EQ(field_of(Close(&c, clock_.Now() + absl::Hours(1))), "as_of");
  EXPECT_EQ(field_of(Close(&c, std::nullopt, "not-a-uuid")), "request_id");
  v1::ClosePeriodsRequest close_req;
  EXPECT_EQ(ReadRefusal(billing_->ClosePeriods(Ctx(operator_key_).get(), close_req, &c)).code,
            grpc::StatusCode::PERMISSION_DENIED);

  v1::BillableItem item;
  v1::GetBillableItemRequest get;
  get.set_name("clients/x/billableItems/y");
  EXPECT_EQ(field_of(billing_->GetBillableItem(Admin().get(), get, &item)), "name");
  get.set_name(absl::StrCat(ClientOf(sub), "/billableItems/00000000-0000-4000-8000-000000000000"));
  EXPECT_EQ(ReadRefusal(billing_->GetBillableItem(Admin().get(), get, &item)).code,
            grpc::StatusCode::NOT_FOUND);

  v1::ListBillableItemsResponse list;
  v1::ListBillableItemsRequest lr;
  lr.set_parent(ClientOf(sub));
  lr.set_badge(v1::TICKET_BADGE_OPEN);
  EXPECT_EQ(field_of(billing_->ListBillableItems(Admin().get(), lr, &list)), "badge");
  lr.clear_badge();
  lr.set_page_size(-1);
  EXPECT_EQ(field_of(billing_->ListBillableItems(Admin().get(), lr, &list)), "page_size");
  lr.set_page_size(0);
  lr.set_subscription(other.name());
  EXPECT_EQ(field_of(billing_->ListBillableItems(Admin().get(), lr, &list)), "subscription");
  lr.clear_subscription();
  lr.set_period(absl::StrCat(sub.name(), "/periods/bucket"));
  EXPECT_EQ(field_of(billing_->ListBillableItems(Admin().get(), lr, &list)), "period");
  lr.set_parent("clients/00000000-0000-4000-8000-000000000000");
  lr.clear_period();
  EXPECT_EQ(ReadRefusal(billing_->ListBillableItems(Admin().get(), lr, &list)).code,
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("close_runs"), "0");
  EXPECT_EQ(Count("billable_items"), "0");
}

// The cron job's command: exit 0 when everything due is closed, a clear
// message and a non-zero exit otherwise.
TEST_F(BillingE2eTest, ClosePeriodsCommandForACronJob) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 300, At(MonthsAgo(1), 3, 10, 0));
  const absl::Time month_end = absl::FromCivil(MonthsAgo(0), Zone("Europe/Warsaw"));
  CommandResult early = RunServerCommand(
      {"close-periods", "--database-url", db_->url(), "--as-of",
       absl::FormatTime(absl::RFC3339_full, month_end - absl::Seconds(1), absl::UTCTimeZone())});
  EXPECT_EQ(early.exit_code, 0) << early.err;
  EXPECT_THAT(early.out, HasSubstr("closed 0 period(s)"));
  CommandResult run = RunServerCommand({"close-periods", "--database-url", db_->url()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("closed 1 period(s), created 1 billable item(s)"));
  CommandResult again = RunServerCommand({"close-periods", "--database-url", db_->url()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("closed 0 period(s), created 0 billable item(s)"));
  EXPECT_EQ(Count("billable_items"), "1");
  EXPECT_EQ(db_->Scalar("select actor_role from audit_events where action = 'ClosePeriod'"),
            "SYSTEM");

  CommandResult future = RunServerCommand(
      {"close-periods", "--database-url", db_->url(), "--as-of", "2999-01-01T00:00:00Z"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_THAT(future.err, HasSubstr("in the future"));
  CommandResult garbage =
      RunServerCommand({"close-periods", "--database-url", db_->url(), "--as-of", "May"});
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_THAT(garbage.err, HasSubstr("RFC 3339"));
  CommandResult down =
      RunServerCommand({"close-periods", "--database-url", "postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_NE(down.exit_code, 0);
  EXPECT_FALSE(down.err.empty());
}

// R9: once its overage is billed a ticket cannot be reopened; a ticket whose
// month was covered by the allocation can.
TEST_F(BillingE2eTest, BilledTicketCannotBeReopened) {
  auto tickets = v1::TicketService::NewStub(server_->channel());
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string covered = InsertTicket(sub), billed = InsertTicket(sub);
  Approve(billed);
  MustLog(covered, 200, At(MonthsAgo(1), 3, 10, 0));
  MustLog(billed, 100, At(MonthsAgo(1), 4, 10, 0));
  for (const std::string& t : {covered, billed}) {
    v1::CloseTicketRequest req;
    req.set_name(t);
    v1::Ticket out;
    ASSERT_TRUE(tickets->CloseTicket(Admin().get(), req, &out).ok());
  }
  EXPECT_EQ(MustClose().billable_items_created(), 1);
  v1::ReopenTicketRequest reopen;
  reopen.set_name(billed);
  v1::Ticket out;
  Refusal r = ReadRefusal(tickets->ReopenTicket(Admin().get(), reopen, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "TICKET_BILLED");
  EXPECT_EQ(r.metadata["resource_name"], billed);
  reopen.set_name(covered);
  grpc::Status st = tickets->ReopenTicket(Admin().get(), reopen, &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.state(), v1::TICKET_STATE_OPEN);
}

// R10/R12: a month that gets its first entry while a run is closing it is
// closed by that run (or, after the run, refused): never left open behind
// the run's watermark.
TEST_F(BillingE2eTest, PeriodCreatedForAPassedMonthDuringACloseIsClosedByIt) {
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Package pkg = MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, no_approval);
  const absl::CivilMonth month = MonthsAgo(1);
  v1::Subscription a = ActiveSubscription(pkg), b = ActiveSubscription(pkg),
                   c = ActiveSubscription(pkg);
  MustLog(InsertTicket(a), 5, At(month, 3, 10, 0));
  const std::string tb = InsertTicket(b), tc = InsertTicket(c);
  // Hold A's period so that the run is still going when B logs time.
  std::thread holder = HoldPeriod(a, absl::Seconds(3));
  v1::ClosePeriodsResponse closed;
  grpc::Status close_status;
  std::thread closer([&] { close_status = Close(&closed); });
  absl::SleepFor(absl::Milliseconds(500));
  v1::TimeEntry e;
  grpc::Status logged = Log(tb, 7, &e, At(month, 4, 10, 0));
  closer.join();
  holder.join();
  ASSERT_TRUE(close_status.ok()) << Describe(close_status);
  ASSERT_TRUE(logged.ok()) << Describe(logged);  // before the watermark
  EXPECT_EQ(closed.periods_closed(), 2);
  EXPECT_EQ(closed.billable_items_created(), 2);
  EXPECT_EQ(db_->Scalar("select count(*) from periods where state = 'OPEN'"), "0");
  // After the run, that month takes no entry, with or without a period.
  EXPECT_EQ(ReadRefusal(Log(tb, 1, &e, At(month, 5, 10, 0))).reason, "PERIOD_CLOSED");
  EXPECT_EQ(ReadRefusal(Log(tc, 1, &e, At(month, 5, 10, 0))).reason, "PERIOD_CLOSED");
  ExpectItemsMatchEntries();
}

// A month of the reference policy through the API, figures to the cent:
// log time, watch usage, estimate, close the month, attach the invoice,
// browse the history, ask about postpayment.
TEST_F(BillingE2eTest, AMonthOfTheReferencePolicy) {
  auto history = v1::HistoryService::NewStub(server_->channel());
  v1::Subscription sub = ActiveSubscription(Professional());
  const absl::CivilMonth last = MonthsAgo(1), now = MonthsAgo(0);
  const std::string a = InsertTicket(sub, "Mail server"), b = InsertTicket(sub, "Backups");
  // Last month, the R5 example: A 200 -> 210; B 50 -> 60 = 30 included + 30 overage.
  MustLog(a, 200, At(last, 5, 10, 0));
  Approve(b);
  MustLog(b, 50, At(last, 6, 10, 0));
  // This month so far: 100 -> 120 of 240.
  MustLog(a, 100, EarlierThisMonth());
  v1::Usage u = Usage(sub);
  EXPECT_EQ(u.used_minutes(), 120);
  EXPECT_EQ(u.left_time().hours(), 2);
  EXPECT_EQ(u.percent_used(), 50);
  EXPECT_EQ(u.level(), v1::USAGE_LEVEL_OK);
  EXPECT_EQ(Minor(u.overage_cost()), 0);
  // "What would 2.5 more hours on B cost?" 150 -> 150: 120 included, 30 over.
  v1::EstimateCostResponse e = Estimate(sub, 150, b);
  EXPECT_EQ(e.projected_used_minutes(), 270);
  EXPECT_EQ(e.projected_overage_minutes(), 30);
  EXPECT_EQ(Minor(e.extra_cost()), 2000);
  EXPECT_EQ(Minor(e.projected_period_total()), 12000);
  EXPECT_FALSE(e.approval_required());

  // The month ends; the cron job closes it.
  v1::ClosePeriodsResponse closed = MustClose();
  EXPECT_EQ(closed.periods_closed(), 1);
  EXPECT_EQ(closed.billable_items_created(), 1);
  std::vector<v1::BillableItem> items = Items(ClientOf(sub));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].ticket(), b);
  EXPECT_EQ(items[0].description(), absl::StrCat("Support #", TicketNumber(b), " ", Key(last),
                                                 " 0.50 Hour(s) (EUR 40.00/Hour)"));
  EXPECT_EQ(Minor(items[0].amount()), 2000);

  // The billing system records its invoice.
  v1::UpdateBillableItemRequest inv;
  inv.mutable_billable_item()->set_name(items[0].name());
  v1::Invoice* invoice = inv.mutable_billable_item()->mutable_invoice();
  invoice->set_reference("INV-2026-0042");
  invoice->set_url("https://billing.example.com/invoices/42");
  invoice->set_status(v1::INVOICE_STATUS_UNPAID);
  const absl::CivilDay due = absl::CivilDay(now) + 45;
  invoice->mutable_due_date()->set_year(static_cast<int32_t>(due.year()));
  invoice->mutable_due_date()->set_month(due.month());
  invoice->mutable_due_date()->set_day(due.day());
  inv.mutable_update_mask()->add_paths("invoice");
  inv.set_request_id(NewRequestId());
  v1::BillableItem invoiced;
  grpc::Status st = billing_->UpdateBillableItem(Admin().get(), inv, &invoiced);
  ASSERT_TRUE(st.ok()) << Describe(st);

  // History: the closed month from its snapshot, its tickets with badges.
  const std::string period = absl::StrCat(sub.name(), "/periods/", Key(last));
  v1::GetMonthSummaryRequest sreq;
  sreq.set_name(period + "/summary");
  v1::MonthSummary summary;
  st = history->GetMonthSummary(Admin().get(), sreq, &summary);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(summary.state(), v1::PERIOD_STATE_CLOSED);
  EXPECT_EQ(summary.included_minutes(), 240);
  EXPECT_EQ(summary.used_minutes(), 270);
  EXPECT_EQ(summary.raw_minutes(), 250);
  EXPECT_EQ(summary.left_minutes(), 0);
  EXPECT_EQ(summary.overage_minutes(), 30);
  EXPECT_EQ(Minor(summary.overage_cost()), 2000);
  EXPECT_EQ(Minor(summary.overage_hourly_rate()), 4000);
  EXPECT_EQ(summary.level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_EQ(summary.ticket_count(), 2);
  v1::ListMonthTicketsRequest treq;
  treq.set_parent(period);
  v1::ListMonthTicketsResponse tickets;
  st = history->ListMonthTickets(Admin().get(), treq, &tickets);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(tickets.month_tickets_size(), 2);
  for (const v1::MonthTicket& t : tickets.month_tickets()) {
    if (t.ticket() == a) {
      EXPECT_EQ(t.billed_minutes(), 210);
      EXPECT_EQ(t.overage_minutes(), 0);
      EXPECT_EQ(t.badge(), v1::TICKET_BADGE_COVERED);
    } else {
      EXPECT_EQ(t.ticket(), b);
      EXPECT_EQ(t.billed_minutes(), 60);
      EXPECT_EQ(t.overage_minutes(), 30);
      EXPECT_EQ(Minor(t.overage_cost()), 2000);
      EXPECT_EQ(t.badge(), v1::TICKET_BADGE_UNPAID);
      EXPECT_EQ(t.billable_item(), items[0].name());
      EXPECT_EQ(t.invoice_reference(), "INV-2026-0042");
      EXPECT_EQ(t.invoice_url(), "https://billing.example.com/invoices/42");
    }
  }
  v1::GetUsageChartRequest creq;
  creq.set_name(absl::StrCat(sub.name(), "/usageChart"));
  v1::UsageChart chart;
  st = history->GetUsageChart(Admin().get(), creq, &chart);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(chart.months_size(), 12);
  EXPECT_EQ(chart.months(10).used_minutes(), 270);
  EXPECT_EQ(chart.months(10).level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_EQ(chart.months(11).used_minutes(), 120);
  EXPECT_EQ(chart.months(11).level(), v1::USAGE_LEVEL_OK);
  EXPECT_EQ(chart.months(9).used_minutes(), 0);

  // An invoice not yet due keeps the client eligible for postpayment.
  v1::GetPostpaymentEligibilityRequest ereq;
  ereq.set_name(ClientOf(sub) + "/postpaymentEligibility");
  v1::PostpaymentEligibility elig;
  st = billing_->GetPostpaymentEligibility(Admin().get(), ereq, &elig);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_TRUE(elig.eligible());
  EXPECT_EQ(Minor(elig.goodwill_credit()), 3000);
}

// R11 for a run that spans many transactions: while the first call is
// still closing, the same request_id with another request is refused at once
// and changes nothing, and a duplicate of the same request waits and gets the
// first one's answer.
TEST_F(BillingE2eTest, ClosePeriodsRequestIdIsClaimedBeforeTheRun) {
  v1::Subscription sub = ActiveSubscription(Professional());
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 300, At(MonthsAgo(1), 3, 10, 0));
  std::thread holder = HoldPeriod(sub, absl::Seconds(3));
  const std::string rid = NewRequestId();
  v1::ClosePeriodsResponse first, duplicate;
  grpc::Status first_status, duplicate_status;
  std::thread a([&] { first_status = Close(&first, std::nullopt, rid); });
  std::thread b([&] { duplicate_status = Close(&duplicate, std::nullopt, rid); });
  absl::SleepFor(absl::Milliseconds(500));
  const absl::Time asked = absl::Now();
  v1::ClosePeriodsResponse other;
  EXPECT_EQ(ReadRefusal(Close(&other, clock_.Now() - absl::Hours(1), rid)).reason,
            "REQUEST_ID_REUSED");
  EXPECT_LT(absl::Now() - asked, absl::Seconds(1));  // refused at once, not after the run
  EXPECT_EQ(Count("close_runs"), "0");
  a.join();
  b.join();
  holder.join();
  ASSERT_TRUE(first_status.ok()) << Describe(first_status);
  ASSERT_TRUE(duplicate_status.ok()) << Describe(duplicate_status);
  EXPECT_EQ(first.SerializeAsString(), duplicate.SerializeAsString());
  EXPECT_EQ(first.periods_closed(), 1);
  EXPECT_EQ(Count("billable_items"), "1");
}

// A wrong bill is worse than none: a period whose running totals disagree
// with its entries is not closed (nothing billed for it), the others are,
// and the run (and the cron command) reports the failure.
TEST_F(BillingE2eTest, APeriodWhoseTotalsDisagreeIsNotClosed) {
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Package pkg = MakePackage("Per minute", 0, 1, v1::BILLING_CYCLE_MONTHLY, no_approval);
  v1::Subscription good = ActiveSubscription(pkg), bad = ActiveSubscription(pkg);
  MustLog(InsertTicket(good), 30, At(MonthsAgo(1), 3, 10, 0));
  MustLog(InsertTicket(bad), 30, At(MonthsAgo(1), 3, 10, 0));
  // One cent too much on the bad period's line and total.
  const std::string bad_id = LastSegment(bad.name());
  Sql(
      absl::StrCat("update period_tickets set overage_cost_minor = overage_cost_minor + 1"
                   " where subscription_id = '",
                   bad_id, "'"));
  Sql(
      absl::StrCat("update periods set overage_cost_minor = overage_cost_minor + 1"
                   " where subscription_id = '",
                   bad_id, "'"));
  v1::ClosePeriodsResponse out;
  Refusal r = ReadRefusal(Close(&out));
  EXPECT_EQ(r.code, grpc::StatusCode::INTERNAL);
  EXPECT_THAT(r.message, HasSubstr("running totals disagree with its entries"));
  EXPECT_THAT(r.message, HasSubstr(bad.name()));
  EXPECT_EQ(db_->Scalar(absl::StrCat("select state from periods where subscription_id = '",
                                     LastSegment(good.name()), "'")),
            "CLOSED");
  EXPECT_EQ(
      db_->Scalar(absl::StrCat("select state from periods where subscription_id = '", bad_id, "'")),
      "OPEN");
  EXPECT_EQ(Count("billable_items"), "1");
  EXPECT_EQ(Count("close_runs"), "1");  // the watermark still protects other months
  CommandResult cron = RunServerCommand({"close-periods", "--database-url", db_->url()});
  EXPECT_EQ(cron.exit_code, 1);
  EXPECT_THAT(cron.err, HasSubstr("disagree"));
  EXPECT_EQ(Count("billable_items"), "1");
}

}  // namespace
}  // namespace supportbytime::testing
