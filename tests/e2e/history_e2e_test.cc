// HistoryService end to end: navigator, chart, month summary and tickets,
// operator report, visibility and refusals.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/history_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/time_log_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

google::type::Date Month(int y, int m) {
  google::type::Date d;
  d.set_year(y);
  d.set_month(m);
  return d;
}

std::vector<std::string> Parts(const std::string& name) { return absl::StrSplit(name, '/'); }

class HistoryE2eTest : public TimeLogFixture {
 protected:
  void SetUp() override {
    TimeLogFixture::SetUp();
    history_ = v1::HistoryService::NewStub(server_->channel());
  }
  void TearDown() override {
    history_.reset();
    TimeLogFixture::TearDown();
  }

  // The terms these tests vary (ENTRY+UP rounding, EUR 40/h).
  struct Plan {
    int included = 240;
    int increment = 30;
    v1::BillingCycle cycle = v1::BILLING_CYCLE_MONTHLY;
    int period_price = 100;
    bool show_work_log = false;
  };

  static v1::PackageTerms TermsOf(const Plan& o) {
    v1::PackageTerms terms = Terms(o.included, o.increment, o.cycle);
    terms.mutable_prices(0)->mutable_period_price()->set_units(o.period_price);
    terms.set_show_work_log_to_client(o.show_work_log);
    return terms;
  }

  v1::Package PlanPackage(const std::string& display_name, const Plan& o) {
    return CreatePackageWithTerms(display_name, TermsOf(o));
  }

  // A new package version: every later period snapshots it (R3).
  void UpdatePackage(const v1::Package& package, const Plan& o,
                     const std::string& display_name = "") {
    v1::UpdatePackageRequest up;
    up.mutable_package()->set_name(package.name());
    *up.mutable_package()->mutable_terms() = TermsOf(o);
    up.mutable_update_mask()->add_paths("terms");
    if (!display_name.empty()) {
      up.mutable_package()->set_display_name(display_name);
      up.mutable_update_mask()->add_paths("display_name");
    }
    up.set_request_id(NewRequestId());
    v1::Package out;
    grpc::Status st = packages_->UpdatePackage(Admin().get(), up, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  }

  // A new client with an ACTIVE subscription of `package`, activated at
  // `activated` (in the past, so that earlier months are in its life).
  v1::Subscription Subscribe(const v1::Package& package, const std::string& time_zone = "",
                             absl::Time activated = Utc(2025, 1, 1, 12, 0)) {
    return Activate(CreateSubscription(CreateClient("Acme", "EUR", "", time_zone), package),
                    activated);
  }

  // Overage approval (R8) is not under test here.
  std::string ApprovedTicket(const v1::Subscription& sub, const std::string& title = "Help") {
    const std::string ticket = InsertTicket(sub, title);
    Approve(ticket);
    return ticket;
  }

  v1::TimeEntry LogAt(const std::string& ticket, int minutes, absl::Time work_time,
                      const std::string& note = "", const std::string& key = "") {
    v1::TimeEntry out;
    grpc::Status st = Log(ticket, minutes, &out, work_time, note, key);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  std::string ClientKey(const v1::Subscription& sub) {
    return server_->CreateApiKey("CLIENT", absl::StrCat("clients/", Parts(sub.name())[1]));
  }

  v1::ListHistoryMonthsResponse Months(const std::string& parent, const std::string& key = "") {
    v1::ListHistoryMonthsRequest req;
    req.set_parent(parent);
    v1::ListHistoryMonthsResponse out;
    grpc::Status st =
        history_->ListHistoryMonths(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::UsageChart Chart(const v1::Subscription& sub, std::optional<google::type::Date> end,
                       int count) {
    v1::GetUsageChartRequest req;
    req.set_name(absl::StrCat(sub.name(), "/usageChart"));
    if (end) *req.mutable_end_month() = *end;
    req.set_month_count(count);
    v1::UsageChart out;
    grpc::Status st = history_->GetUsageChart(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::MonthSummary Summary(const v1::Subscription& sub, const std::string& month,
                           const std::string& key = "") {
    v1::GetMonthSummaryRequest req;
    req.set_name(absl::StrCat(sub.name(), "/periods/", month, "/summary"));
    v1::MonthSummary out;
    grpc::Status st =
        history_->GetMonthSummary(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::ListMonthTicketsResponse Tickets(const v1::Subscription& sub, const std::string& month,
                                       bool entries, const std::string& key = "") {
    v1::ListMonthTicketsRequest req;
    req.set_parent(absl::StrCat(sub.name(), "/periods/", month));
    req.set_include_entries(entries);
    v1::ListMonthTicketsResponse out;
    grpc::Status st =
        history_->ListMonthTickets(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::OperatorReport Report(std::optional<google::type::Date> month) {
    v1::GetOperatorReportRequest req;
    if (month) *req.mutable_month() = *month;
    v1::OperatorReport out;
    grpc::Status st = history_->GetOperatorReport(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  std::unique_ptr<v1::HistoryService::Stub> history_;
};

TEST_F(HistoryE2eTest, NavigatorListsMonthsWithTimeNewestFirst) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  const std::string t = ApprovedTicket(sub);
  LogAt(t, 60, Utc(2025, 5, 10, 10, 0));
  LogAt(t, 200, Utc(2025, 7, 10, 10, 0));
  LogAt(t, 250, Utc(2025, 9, 10, 10, 0));

  v1::ListHistoryMonthsResponse all = Months(sub.name());
  ASSERT_EQ(all.history_months_size(), 3);
  EXPECT_EQ(all.next_page_token(), "");
  const v1::HistoryMonth& sep = all.history_months(0);
  EXPECT_EQ(sep.month().year(), 2025);
  EXPECT_EQ(sep.month().month(), 9);
  EXPECT_EQ(sep.month().day(), 0);
  EXPECT_EQ(sep.period(), absl::StrCat(sub.name(), "/periods/2025-09"));
  EXPECT_EQ(sep.state(), v1::PERIOD_STATE_OPEN);
  EXPECT_EQ(sep.used_minutes(), 270);
  EXPECT_EQ(sep.included_minutes(), 240);
  EXPECT_EQ(sep.level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_EQ(all.history_months(1).month().month(), 7);
  EXPECT_EQ(all.history_months(1).level(), v1::USAGE_LEVEL_WARNING);  // 210 of 240
  EXPECT_EQ(all.history_months(2).month().month(), 5);
  EXPECT_EQ(all.history_months(2).level(), v1::USAGE_LEVEL_OK);

  // Paged: two, then one, in the same order.
  v1::ListHistoryMonthsRequest req;
  req.set_parent(sub.name());
  req.set_page_size(2);
  v1::ListHistoryMonthsResponse page;
  ASSERT_TRUE(history_->ListHistoryMonths(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.history_months_size(), 2);
  EXPECT_EQ(page.history_months(1).month().month(), 7);
  ASSERT_NE(page.next_page_token(), "");
  req.set_page_token(page.next_page_token());
  ASSERT_TRUE(history_->ListHistoryMonths(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.history_months_size(), 1);
  EXPECT_EQ(page.history_months(0).month().month(), 5);
  EXPECT_EQ(page.next_page_token(), "");

  // A CLIENT key reads its own history.
  EXPECT_EQ(Months(sub.name(), ClientKey(sub)).history_months_size(), 3);

  // A month whose only entry was deleted has no logged time: not listed.
  v1::TimeEntry gone = LogAt(t, 30, Utc(2025, 11, 10, 10, 0));
  EXPECT_EQ(Months(sub.name()).history_months_size(), 4);
  v1::DeleteTimeEntryRequest del;
  del.set_name(gone.name());
  del.set_request_id(NewRequestId());
  v1::TimeEntry out;
  ASSERT_TRUE(log_->DeleteTimeEntry(Admin().get(), del, &out).ok());
  all = Months(sub.name());
  ASSERT_EQ(all.history_months_size(), 3);
  EXPECT_EQ(all.history_months(0).month().month(), 9);
}

TEST_F(HistoryE2eTest, ChartHasTwelveMonthsWithZeroMonthsAndLevels) {
  v1::Package pro = PlanPackage("Professional Support", {});
  v1::Subscription sub = Subscribe(pro, "", Utc(2025, 3, 10, 12, 0));
  const std::string t = ApprovedTicket(sub);
  LogAt(t, 60, Utc(2025, 5, 10, 10, 0));   // 60 of 240: OK
  LogAt(t, 200, Utc(2025, 7, 10, 10, 0));  // 210: 87 %, WARNING
  LogAt(t, 250, Utc(2025, 9, 10, 10, 0));  // 270: 112 %, EXCEEDED
  // A new version applies from the month after its publication (R3): this
  // one is published after all of these months, so November, logged later,
  // still bills on the terms in force when it began.
  Plan bigger;
  bigger.included = 600;
  UpdatePackage(pro, bigger);
  LogAt(t, 10, Utc(2025, 11, 10, 10, 0));  // 30 of 240: 12 %

  v1::UsageChart chart = Chart(sub, Month(2025, 12), 0);
  EXPECT_EQ(chart.name(), absl::StrCat(sub.name(), "/usageChart"));
  ASSERT_EQ(chart.months_size(), 12);
  std::vector<int> months, included, used, percent;
  std::vector<v1::UsageLevel> levels;
  for (const v1::UsageChartMonth& m : chart.months()) {
    EXPECT_EQ(m.month().year(), 2025);
    EXPECT_EQ(m.month().day(), 0);
    months.push_back(m.month().month());
    included.push_back(m.included_minutes());
    used.push_back(m.used_minutes());
    percent.push_back(m.percent_used());
    levels.push_back(m.level());
  }
  EXPECT_THAT(months, ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  // January and February: before the subscription started. Every month of
  // its life, logged or not, on the terms in force when it began.
  EXPECT_THAT(included, ElementsAre(0, 0, 240, 240, 240, 240, 240, 240, 240, 240, 240, 240));
  EXPECT_THAT(used, ElementsAre(0, 0, 0, 0, 60, 0, 210, 0, 270, 0, 30, 0));
  EXPECT_THAT(percent, ElementsAre(0, 0, 0, 0, 25, 0, 87, 0, 112, 0, 12, 0));
  const auto ok = v1::USAGE_LEVEL_OK;
  EXPECT_THAT(levels, ElementsAre(ok, ok, ok, ok, ok, ok, v1::USAGE_LEVEL_WARNING, ok,
                                  v1::USAGE_LEVEL_EXCEEDED, ok, ok, ok));
  EXPECT_EQ(chart.months(8).overage_minutes(), 30);
  EXPECT_EQ(chart.months(8).period(), absl::StrCat(sub.name(), "/periods/2025-09"));
  EXPECT_EQ(chart.months(7).period(), "");

  // A shorter run that starts between periods takes the earlier snapshot.
  chart = Chart(sub, Month(2025, 8), 1);
  ASSERT_EQ(chart.months_size(), 1);
  EXPECT_EQ(chart.months(0).included_minutes(), 240);

  // Default: 12 months up to the current one in the client's zone.
  chart = Chart(sub, std::nullopt, 0);
  ASSERT_EQ(chart.months_size(), 12);
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  const absl::CivilMonth current = absl::ToCivilMonth(clock_.Now(), warsaw);
  EXPECT_EQ(chart.months(11).month().year(), current.year());
  EXPECT_EQ(chart.months(11).month().month(), current.month());
  EXPECT_EQ(Chart(sub, Month(2025, 12), 36).months_size(), 36);
}

// R2: 23:30 on the last day of June in Los Angeles is already July in UTC.
TEST_F(HistoryE2eTest, ChartFollowsTheClientsZone) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}), "America/Los_Angeles");
  const std::string t = ApprovedTicket(sub);
  LogAt(t, 30, Utc(2025, 7, 1, 6, 30));  // 2025-06-30 23:30 PDT
  v1::UsageChart chart = Chart(sub, Month(2025, 7), 2);
  ASSERT_EQ(chart.months_size(), 2);
  EXPECT_EQ(chart.months(0).month().month(), 6);
  EXPECT_EQ(chart.months(0).used_minutes(), 30);
  EXPECT_EQ(chart.months(0).period(), absl::StrCat(sub.name(), "/periods/2025-06"));
  EXPECT_EQ(chart.months(1).month().month(), 7);
  EXPECT_EQ(chart.months(1).used_minutes(), 0);
  v1::ListHistoryMonthsResponse months = Months(sub.name());
  ASSERT_EQ(months.history_months_size(), 1);
  EXPECT_EQ(months.history_months(0).month().month(), 6);
}

// R4 example: Extra Support, 15 min, ENTRY+UP: 7, 20, 15 -> used 60 of 60.
TEST_F(HistoryE2eTest, SummaryOfTheExtraSupportExample) {
  Plan extra;
  extra.included = 60;
  extra.increment = 15;
  extra.period_price = 30;
  v1::Subscription sub = Subscribe(PlanPackage("Extra Support", extra));
  const std::string t = ApprovedTicket(sub);
  LogAt(t, 7, Utc(2025, 5, 3, 10, 0));
  LogAt(t, 20, Utc(2025, 5, 4, 10, 0));
  LogAt(t, 15, Utc(2025, 5, 5, 10, 0));
  v1::MonthSummary s = Summary(sub, "2025-05");
  EXPECT_EQ(s.name(), absl::StrCat(sub.name(), "/periods/2025-05/summary"));
  EXPECT_EQ(s.period(), absl::StrCat(sub.name(), "/periods/2025-05"));
  EXPECT_EQ(s.month().year(), 2025);
  EXPECT_EQ(s.month().month(), 5);
  EXPECT_EQ(s.state(), v1::PERIOD_STATE_OPEN);
  EXPECT_EQ(s.package_display_name(), "Extra Support");
  EXPECT_EQ(s.package_version(), 1);
  EXPECT_EQ(s.included_minutes(), 60);
  EXPECT_EQ(s.used_minutes(), 60);
  EXPECT_EQ(s.raw_minutes(), 42);
  EXPECT_EQ(s.left_minutes(), 0);
  EXPECT_EQ(s.left_time().hours(), 0);
  EXPECT_EQ(s.left_time().minutes(), 0);
  EXPECT_EQ(s.overage_minutes(), 0);
  EXPECT_EQ(s.overage_cost().units(), 0);
  EXPECT_EQ(s.overage_cost().currency_code(), "EUR");
  EXPECT_EQ(s.overage_hourly_rate().units(), 40);
  EXPECT_EQ(s.period_price().units(), 30);
  EXPECT_EQ(s.period_price().currency_code(), "EUR");
  EXPECT_EQ(s.percent_used(), 100);
  EXPECT_EQ(s.level(), v1::USAGE_LEVEL_EXCEEDED);
  EXPECT_EQ(s.ticket_count(), 1);
  EXPECT_EQ(s.entry_count(), 3);
  EXPECT_FALSE(s.show_work_log_to_client());
}

// R5/R6 example: Professional, 240 min, 30-min increment, EUR 40/h:
// A 200 -> 210, then B 50 -> 60 of which 30 overage: EUR 20.00, all on B.
TEST_F(HistoryE2eTest, SummaryAndTicketsOfTheProfessionalExample) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  const std::string a = ApprovedTicket(sub, "A");
  const std::string b = ApprovedTicket(sub, "B");
  LogAt(a, 200, Utc(2025, 5, 10, 10, 0), "database");
  LogAt(b, 50, Utc(2025, 5, 12, 10, 0), "mail");
  v1::MonthSummary s = Summary(sub, "2025-05");
  EXPECT_EQ(s.used_minutes(), 270);
  EXPECT_EQ(s.raw_minutes(), 250);
  EXPECT_EQ(s.left_minutes(), 0);
  EXPECT_EQ(s.overage_minutes(), 30);
  EXPECT_EQ(s.overage_cost().units(), 20);
  EXPECT_EQ(s.overage_cost().nanos(), 0);
  EXPECT_EQ(s.percent_used(), 112);
  EXPECT_EQ(s.ticket_count(), 2);
  EXPECT_EQ(s.entry_count(), 2);

  v1::ListMonthTicketsResponse list = Tickets(sub, "2025-05", true);
  ASSERT_EQ(list.month_tickets_size(), 2);
  const v1::MonthTicket& tb = list.month_tickets(0);  // most recent work first
  EXPECT_EQ(tb.ticket(), b);
  EXPECT_EQ(tb.title(), "B");
  EXPECT_GT(tb.number(), 0);
  EXPECT_EQ(tb.entry_count(), 1);
  EXPECT_EQ(tb.raw_minutes(), 50);
  EXPECT_EQ(tb.billed_minutes(), 60);
  EXPECT_EQ(tb.overage_minutes(), 30);
  EXPECT_EQ(tb.overage_cost().units(), 20);
  EXPECT_EQ(tb.overage_cost().currency_code(), "EUR");
  EXPECT_EQ(tb.last_work_time().seconds(), absl::ToUnixSeconds(Utc(2025, 5, 12, 10, 0)));
  EXPECT_EQ(tb.badge(), v1::TICKET_BADGE_OPEN);
  EXPECT_EQ(tb.billable_item(), "");
  ASSERT_EQ(tb.entries_size(), 1);
  EXPECT_EQ(tb.entries(0).minutes(), 50);
  EXPECT_EQ(tb.entries(0).billed_minutes(), 60);
  EXPECT_EQ(tb.entries(0).overage_minutes(), 30);
  EXPECT_EQ(tb.entries(0).operator_display_name(), "Olga Operator");  // staff see the log
  EXPECT_EQ(tb.entries(0).note(), "mail");
  EXPECT_THAT(tb.entries(0).time_entry(), ::testing::StartsWith(absl::StrCat(b, "/timeEntries/")));
  const v1::MonthTicket& ta = list.month_tickets(1);
  EXPECT_EQ(ta.ticket(), a);
  EXPECT_EQ(ta.billed_minutes(), 210);
  EXPECT_EQ(ta.overage_minutes(), 0);
  EXPECT_EQ(ta.overage_cost().units(), 0);

  // Without include_entries, no entries; paged one by one in the same order.
  v1::ListMonthTicketsRequest req;
  req.set_parent(absl::StrCat(sub.name(), "/periods/2025-05"));
  req.set_page_size(1);
  v1::ListMonthTicketsResponse page;
  ASSERT_TRUE(history_->ListMonthTickets(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.month_tickets_size(), 1);
  EXPECT_EQ(page.month_tickets(0).ticket(), b);
  EXPECT_EQ(page.month_tickets(0).entries_size(), 0);
  req.set_page_token(page.next_page_token());
  ASSERT_TRUE(history_->ListMonthTickets(Admin().get(), req, &page).ok());
  ASSERT_EQ(page.month_tickets_size(), 1);
  EXPECT_EQ(page.month_tickets(0).ticket(), a);
  EXPECT_EQ(page.next_page_token(), "");
}

// R21: non-billable time counts in raw totals, is shown to the client
// marked as not billed, and counts in the operator report.
TEST_F(HistoryE2eTest, NonBillableTimeIsShownMarkedAndReported) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  const std::string a = ApprovedTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");  // needs no approval for unbilled time
  LogAt(a, 200, Utc(2025, 5, 10, 10, 0), "database");
  v1::TimeEntry fix;
  ASSERT_TRUE(LogNonBillable(b, 50, &fix, Utc(2025, 5, 12, 10, 0)).ok());

  v1::MonthSummary s = Summary(sub, "2025-05");
  EXPECT_EQ(s.raw_minutes(), 250);
  EXPECT_EQ(s.used_minutes(), 210);
  EXPECT_EQ(s.left_minutes(), 30);
  EXPECT_EQ(s.overage_minutes(), 0);
  EXPECT_EQ(s.entry_count(), 2);
  EXPECT_EQ(s.ticket_count(), 2);

  v1::ListMonthTicketsResponse list = Tickets(sub, "2025-05", true, ClientKey(sub));
  ASSERT_EQ(list.month_tickets_size(), 2);
  const v1::MonthTicket& tb = list.month_tickets(0);
  EXPECT_EQ(tb.ticket(), b);
  EXPECT_EQ(tb.entry_count(), 1);
  EXPECT_EQ(tb.raw_minutes(), 50);
  EXPECT_EQ(tb.billed_minutes(), 0);
  EXPECT_EQ(tb.overage_minutes(), 0);
  EXPECT_EQ(tb.non_billable_minutes(), 50);
  ASSERT_EQ(tb.entries_size(), 1);
  EXPECT_EQ(tb.entries(0).time_entry(), fix.name());
  EXPECT_FALSE(tb.entries(0).billable());
  EXPECT_EQ(tb.entries(0).minutes(), 50);
  EXPECT_EQ(tb.entries(0).billed_minutes(), 0);
  EXPECT_EQ(tb.entries(0).operator_display_name(), "");  // R15 still applies
  const v1::MonthTicket& ta = list.month_tickets(1);
  EXPECT_EQ(ta.non_billable_minutes(), 0);
  ASSERT_EQ(ta.entries_size(), 1);
  EXPECT_TRUE(ta.entries(0).billable());

  // The operator report measures work: both entries, all raw minutes.
  v1::OperatorReport r = Report(Month(2025, 5));
  ASSERT_EQ(r.rows_size(), 1);
  const v1::OperatorMonthTotals& t = r.rows(0).this_month();
  EXPECT_EQ(t.entry_count(), 2);
  EXPECT_EQ(t.raw_minutes(), 250);
  EXPECT_EQ(t.billed_minutes(), 210);
  EXPECT_EQ(t.non_billable_minutes(), 50);
  EXPECT_EQ(t.raw_time().hours(), 4);
  EXPECT_EQ(t.raw_time().minutes(), 10);
}

TEST_F(HistoryE2eTest, TicketsWithoutLiveEntriesAreLeftOut) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  const std::string a = ApprovedTicket(sub, "A");
  const std::string b = ApprovedTicket(sub, "B");
  LogAt(a, 20, Utc(2025, 5, 10, 10, 0));
  v1::TimeEntry gone = LogAt(b, 20, Utc(2025, 5, 11, 10, 0));
  LogAt(b, 20, Utc(2025, 6, 11, 10, 0));
  v1::DeleteTimeEntryRequest del;
  del.set_name(gone.name());
  del.set_request_id(NewRequestId());
  v1::TimeEntry out;
  ASSERT_TRUE(log_->DeleteTimeEntry(Admin().get(), del, &out).ok());
  v1::ListMonthTicketsResponse list = Tickets(sub, "2025-05", true);
  ASSERT_EQ(list.month_tickets_size(), 1);
  EXPECT_EQ(list.month_tickets(0).ticket(), a);
  EXPECT_EQ(Summary(sub, "2025-05").ticket_count(), 1);
  EXPECT_EQ(Summary(sub, "2025-05").entry_count(), 1);
}

// R15: a CLIENT key sees dates and minutes; operator and note only when the
// month's snapshot shows the work log.
TEST_F(HistoryE2eTest, ClientSeesTheWorkLogOnlyWhenTheSnapshotShowsIt) {
  v1::Subscription hidden = Subscribe(PlanPackage("Hidden", {}));
  Plan show;
  show.show_work_log = true;
  v1::Subscription shown = Subscribe(PlanPackage("Shown", show));
  LogAt(ApprovedTicket(hidden), 10, Utc(2025, 5, 10, 10, 0), "secret");
  LogAt(ApprovedTicket(shown), 10, Utc(2025, 5, 10, 10, 0), "visible");

  v1::ListMonthTicketsResponse list = Tickets(hidden, "2025-05", true, ClientKey(hidden));
  ASSERT_EQ(list.month_tickets_size(), 1);
  ASSERT_EQ(list.month_tickets(0).entries_size(), 1);
  const v1::MonthTicketEntry& e = list.month_tickets(0).entries(0);
  EXPECT_EQ(e.operator_display_name(), "");
  EXPECT_EQ(e.note(), "");
  EXPECT_EQ(e.minutes(), 10);
  EXPECT_EQ(e.work_time().seconds(), absl::ToUnixSeconds(Utc(2025, 5, 10, 10, 0)));
  // Staff always see it.
  list = Tickets(hidden, "2025-05", true, operator_key_);
  EXPECT_EQ(list.month_tickets(0).entries(0).note(), "secret");

  list = Tickets(shown, "2025-05", true, ClientKey(shown));
  ASSERT_EQ(list.month_tickets_size(), 1);
  EXPECT_EQ(list.month_tickets(0).entries(0).operator_display_name(), "Olga Operator");
  EXPECT_EQ(list.month_tickets(0).entries(0).note(), "visible");
  EXPECT_TRUE(Summary(shown, "2025-05").show_work_log_to_client());
}

// R16 from the rows ClosePeriods and invoicing write: COVERED without an
// item, BILLED with one, then the invoice's status.
TEST_F(HistoryE2eTest, BadgesFollowTheBillableItemAndItsInvoice) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  const std::string a = ApprovedTicket(sub, "A");
  const std::string b = ApprovedTicket(sub, "B");
  LogAt(a, 200, Utc(2025, 5, 10, 10, 0));
  LogAt(b, 50, Utc(2025, 5, 12, 10, 0));
  // May closes: B's 30 minutes of overage (270 billed of 240) become its
  // billable item.
  ClosePeriods();
  const std::vector<std::string> tb = Parts(b);
  const std::string item = db_->Scalar("select id from billable_items");
  ASSERT_EQ(db_->Scalar("select ticket_id from billable_items"), tb[3]);
  auto invoice = [&](v1::InvoiceStatus status) {
    v1::UpdateBillableItemRequest req;
    req.mutable_billable_item()->set_name(absl::StrCat("clients/", tb[1], "/billableItems/", item));
    v1::Invoice* inv = req.mutable_billable_item()->mutable_invoice();
    inv->set_reference("INV-7");
    inv->set_url("https://billing.example/inv/7");
    inv->set_status(status);
    inv->mutable_due_date()->set_year(2025);
    inv->mutable_due_date()->set_month(6);
    inv->mutable_due_date()->set_day(14);
    if (status == v1::INVOICE_STATUS_PAID) *inv->mutable_paid_date() = inv->due_date();
    req.mutable_update_mask()->add_paths("invoice");
    req.set_request_id(NewRequestId());
    v1::BillableItem out;
    grpc::Status st = billing_service_->UpdateBillableItem(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  };

  v1::ListMonthTicketsResponse list = Tickets(sub, "2025-05", false);
  ASSERT_EQ(list.month_tickets_size(), 2);
  EXPECT_EQ(list.month_tickets(0).badge(), v1::TICKET_BADGE_BILLED);
  EXPECT_EQ(list.month_tickets(0).billable_item(),
            absl::StrCat("clients/", tb[1], "/billableItems/", item));
  EXPECT_EQ(list.month_tickets(0).invoice_reference(), "");
  EXPECT_EQ(list.month_tickets(1).badge(), v1::TICKET_BADGE_COVERED);
  EXPECT_EQ(list.month_tickets(1).billable_item(), "");
  EXPECT_EQ(Months(sub.name()).history_months(0).state(), v1::PERIOD_STATE_CLOSED);
  EXPECT_EQ(Summary(sub, "2025-05").state(), v1::PERIOD_STATE_CLOSED);

  invoice(v1::INVOICE_STATUS_UNPAID);
  list = Tickets(sub, "2025-05", false);
  EXPECT_EQ(list.month_tickets(0).badge(), v1::TICKET_BADGE_UNPAID);
  EXPECT_EQ(list.month_tickets(0).invoice_reference(), "INV-7");
  EXPECT_EQ(list.month_tickets(0).invoice_url(), "https://billing.example/inv/7");
  invoice(v1::INVOICE_STATUS_PAID);
  EXPECT_EQ(Tickets(sub, "2025-05", false).month_tickets(0).badge(), v1::TICKET_BADGE_PAID);
  invoice(v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(Tickets(sub, "2025-05", false).month_tickets(0).badge(), v1::TICKET_BADGE_CANCELLED);
}

// R10/R16 through ClosePeriods itself, and R3: a closed month's summary
// never changes when the package gets a new version.
TEST_F(HistoryE2eTest, ClosedMonthShowsItsBillAndKeepsItsSnapshot) {
  v1::Package pro = PlanPackage("Professional Support", {});
  v1::Subscription sub = Subscribe(pro);
  const std::string a = ApprovedTicket(sub, "A");
  const std::string b = ApprovedTicket(sub, "B");
  LogAt(a, 200, Utc(2025, 5, 10, 10, 0));
  LogAt(b, 50, Utc(2025, 5, 12, 10, 0));
  const v1::MonthSummary before = Summary(sub, "2025-05");

  auto billing = v1::BillingService::NewStub(server_->channel());
  v1::ClosePeriodsRequest close;
  close.set_request_id(NewRequestId());
  v1::ClosePeriodsResponse closed;
  grpc::Status st = billing->ClosePeriods(Admin().get(), close, &closed);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(closed.periods_closed(), 1);
  EXPECT_EQ(closed.billable_items_created(), 1);

  for (const std::string& key : {admin_key_, ClientKey(sub)}) {
    v1::ListMonthTicketsResponse list = Tickets(sub, "2025-05", false, key);
    ASSERT_EQ(list.month_tickets_size(), 2);
    const v1::MonthTicket& tb = list.month_tickets(0);
    EXPECT_EQ(tb.ticket(), b);
    EXPECT_EQ(tb.badge(), v1::TICKET_BADGE_BILLED);
    EXPECT_THAT(tb.billable_item(),
                ::testing::StartsWith(absl::StrCat("clients/", Parts(b)[1], "/billableItems/")));
    EXPECT_EQ(list.month_tickets(1).ticket(), a);
    EXPECT_EQ(list.month_tickets(1).badge(), v1::TICKET_BADGE_COVERED);
    EXPECT_EQ(list.month_tickets(1).billable_item(), "");
  }
  // The line's cost is the billable item's amount (R6).
  v1::GetBillableItemRequest get;
  get.set_name(Tickets(sub, "2025-05", false).month_tickets(0).billable_item());
  v1::BillableItem item;
  st = billing->GetBillableItem(Admin().get(), get, &item);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(item.amount().units(), 20);
  EXPECT_EQ(item.overage_minutes(), 30);
  EXPECT_EQ(Months(sub.name()).history_months(0).state(), v1::PERIOD_STATE_CLOSED);

  // New terms and a new name: the month keeps its snapshot; only the
  // package's current display name follows.
  Plan changed;
  changed.included = 600;
  changed.increment = 60;
  changed.period_price = 250;
  changed.show_work_log = true;
  UpdatePackage(pro, changed, "Professional Support 2027");
  v1::MonthSummary after = Summary(sub, "2025-05");
  EXPECT_EQ(after.state(), v1::PERIOD_STATE_CLOSED);
  EXPECT_EQ(after.package_display_name(), "Professional Support 2027");
  v1::MonthSummary expected = before;
  expected.set_state(v1::PERIOD_STATE_CLOSED);
  expected.set_package_display_name("Professional Support 2027");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(after, expected))
      << after.DebugString() << " vs " << expected.DebugString();
  EXPECT_EQ(after.included_minutes(), 240);
  EXPECT_EQ(after.used_minutes(), 270);
  EXPECT_EQ(after.overage_cost().units(), 20);
  EXPECT_EQ(after.period_price().units(), 100);
  EXPECT_EQ(after.package_version(), 1);
  EXPECT_FALSE(after.show_work_log_to_client());
  v1::UsageChart chart = Chart(sub, Month(2025, 5), 1);
  EXPECT_EQ(chart.months(0).included_minutes(), 240);
  EXPECT_EQ(chart.months(0).level(), v1::USAGE_LEVEL_EXCEEDED);
}

TEST_F(HistoryE2eTest, OperatorReportCountsThisAndLastMonth) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  v1::Subscription la = Subscribe(PlanPackage("Professional Support", {}), "America/Los_Angeles");
  Plan bucket;
  bucket.cycle = v1::BILLING_CYCLE_ONE_TIME;
  bucket.included = 600;
  v1::Subscription once = Subscribe(PlanPackage("Bucket", bucket));
  const std::string anna = server_->CreateApiKey("OPERATOR", "", "Anna Analyst");
  const std::string t = ApprovedTicket(sub);
  const std::string tla = ApprovedTicket(la);
  const std::string tonce = ApprovedTicket(once);
  LogAt(t, 7, Utc(2025, 5, 3, 10, 0));               // Olga, May: billed 30
  LogAt(t, 20, Utc(2025, 5, 4, 10, 0));              // Olga, May: billed 30
  LogAt(tonce, 10, Utc(2025, 5, 5, 10, 0));          // Olga, May (bucket): billed 30
  LogAt(t, 45, Utc(2025, 4, 4, 10, 0), "", anna);    // Anna, April: billed 60
  LogAt(tla, 15, Utc(2025, 5, 1, 6, 30), "", anna);  // Anna, 30 April in LA: billed 30
  LogAt(t, 30, Utc(2025, 6, 1, 10, 0));              // Olga, June: not reported
  v1::TimeEntry gone = LogAt(t, 50, Utc(2025, 5, 6, 10, 0), "", anna);
  v1::DeleteTimeEntryRequest del;
  del.set_name(gone.name());
  del.set_request_id(NewRequestId());
  v1::TimeEntry out;
  ASSERT_TRUE(log_->DeleteTimeEntry(Admin().get(), del, &out).ok());

  v1::OperatorReport r = Report(Month(2025, 5));
  EXPECT_EQ(r.month().month(), 5);
  EXPECT_EQ(r.previous_month().year(), 2025);
  EXPECT_EQ(r.previous_month().month(), 4);
  EXPECT_GT(r.compute_time().seconds(), 0);
  ASSERT_EQ(r.rows_size(), 2);
  const v1::OperatorReportRow& a = r.rows(0);  // by display name
  EXPECT_EQ(a.operator_display_name(), "Anna Analyst");
  EXPECT_THAT(a.operator_(), ::testing::StartsWith("apiKeys/"));
  EXPECT_EQ(a.this_month().entry_count(), 0);
  EXPECT_EQ(a.last_month().entry_count(), 2);
  EXPECT_EQ(a.last_month().raw_minutes(), 60);
  EXPECT_EQ(a.last_month().billed_minutes(), 90);
  EXPECT_EQ(a.last_month().raw_time().hours(), 1);
  EXPECT_EQ(a.last_month().raw_time().minutes(), 0);
  const v1::OperatorReportRow& o = r.rows(1);
  EXPECT_EQ(o.operator_display_name(), "Olga Operator");
  EXPECT_EQ(o.this_month().entry_count(), 3);
  EXPECT_EQ(o.this_month().raw_minutes(), 37);
  EXPECT_EQ(o.this_month().billed_minutes(), 90);
  EXPECT_EQ(o.this_month().raw_time().minutes(), 37);
  EXPECT_EQ(o.last_month().entry_count(), 0);

  // The key's current display name is shown; Anna has no live entry in
  // May or June (her May entry was deleted).
  Sql("update api_keys set display_name = 'Olga O.' where display_name = 'Olga Operator'");
  r = Report(Month(2025, 6));
  ASSERT_EQ(r.rows_size(), 1);
  EXPECT_EQ(r.rows(0).operator_display_name(), "Olga O.");
  EXPECT_EQ(r.rows(0).this_month().entry_count(), 1);
  EXPECT_EQ(r.rows(0).last_month().entry_count(), 3);

  // Default: the current month in the server's zone.
  LogAt(t, 5, clock_.Now() - absl::Minutes(1));
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  const absl::CivilMonth current = absl::ToCivilMonth(clock_.Now(), warsaw);
  r = Report(std::nullopt);
  EXPECT_EQ(r.month().year(), current.year());
  EXPECT_EQ(r.month().month(), current.month());
  ASSERT_EQ(r.rows_size(), 1);
  EXPECT_EQ(r.rows(0).this_month().raw_minutes(), 5);
}

TEST_F(HistoryE2eTest, ClientsSeeOnlyTheirOwnHistory) {
  v1::Subscription mine = Subscribe(PlanPackage("Professional Support", {}));
  v1::Subscription theirs = Subscribe(PlanPackage("Professional Support", {}));
  LogAt(ApprovedTicket(theirs), 10, Utc(2025, 5, 10, 10, 0));
  const std::string key = ClientKey(mine);
  auto ctx = [&] { return Ctx(key); };

  v1::ListHistoryMonthsRequest months;
  months.set_parent(theirs.name());
  v1::ListHistoryMonthsResponse months_out;
  EXPECT_EQ(history_->ListHistoryMonths(ctx().get(), months, &months_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetUsageChartRequest chart;
  chart.set_name(absl::StrCat(theirs.name(), "/usageChart"));
  v1::UsageChart chart_out;
  EXPECT_EQ(history_->GetUsageChart(ctx().get(), chart, &chart_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetMonthSummaryRequest summary;
  summary.set_name(absl::StrCat(theirs.name(), "/periods/2025-05/summary"));
  v1::MonthSummary summary_out;
  Refusal r = ReadRefusal(history_->GetMonthSummary(ctx().get(), summary, &summary_out));
  EXPECT_EQ(r.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(r.reason, "RESOURCE_NOT_FOUND");
  v1::ListMonthTicketsRequest tickets;
  tickets.set_parent(absl::StrCat(theirs.name(), "/periods/2025-05"));
  v1::ListMonthTicketsResponse tickets_out;
  EXPECT_EQ(history_->ListMonthTickets(ctx().get(), tickets, &tickets_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The operator report is for ADMIN keys.
  v1::GetOperatorReportRequest report;
  v1::OperatorReport report_out;
  r = ReadRefusal(history_->GetOperatorReport(ctx().get(), report, &report_out));
  EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(history_->GetOperatorReport(Ctx(operator_key_).get(), report, &report_out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A month before the subscription's life and a subscription that does not exist.
  summary.set_name(absl::StrCat(theirs.name(), "/periods/1999-12/summary"));
  EXPECT_EQ(history_->GetMonthSummary(Admin().get(), summary, &summary_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  tickets.set_parent(absl::StrCat(theirs.name(), "/periods/1999-12"));
  EXPECT_EQ(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  months.set_parent(absl::StrCat("clients/", Parts(theirs.name())[1],
                                 "/subscriptions/00000000-0000-4000-8000-000000000000"));
  EXPECT_EQ(history_->ListHistoryMonths(Admin().get(), months, &months_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A subscription named under another client does not exist there.
  months.set_parent(
      absl::StrCat("clients/", Parts(mine.name())[1], "/subscriptions/", Parts(theirs.name())[3]));
  EXPECT_EQ(history_->ListHistoryMonths(Admin().get(), months, &months_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(HistoryE2eTest, OneTimeSubscriptionsHaveNoHistory) {
  Plan bucket;
  bucket.cycle = v1::BILLING_CYCLE_ONE_TIME;
  v1::Subscription sub = Subscribe(PlanPackage("Bucket", bucket));
  LogAt(ApprovedTicket(sub), 10, Utc(2025, 5, 10, 10, 0));
  std::vector<Refusal> refusals;
  v1::ListHistoryMonthsRequest months;
  months.set_parent(sub.name());
  v1::ListHistoryMonthsResponse months_out;
  refusals.push_back(ReadRefusal(history_->ListHistoryMonths(Admin().get(), months, &months_out)));
  v1::GetUsageChartRequest chart;
  chart.set_name(absl::StrCat(sub.name(), "/usageChart"));
  v1::UsageChart chart_out;
  refusals.push_back(ReadRefusal(history_->GetUsageChart(Admin().get(), chart, &chart_out)));
  v1::GetMonthSummaryRequest summary;
  summary.set_name(absl::StrCat(sub.name(), "/periods/2025-05/summary"));
  v1::MonthSummary summary_out;
  refusals.push_back(
      ReadRefusal(history_->GetMonthSummary(Ctx(ClientKey(sub)).get(), summary, &summary_out)));
  v1::ListMonthTicketsRequest tickets;
  tickets.set_parent(absl::StrCat(sub.name(), "/periods/2025-05"));
  v1::ListMonthTicketsResponse tickets_out;
  refusals.push_back(
      ReadRefusal(history_->ListMonthTickets(Ctx(operator_key_).get(), tickets, &tickets_out)));
  for (const Refusal& r : refusals) {
    EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(r.reason, "NOT_MONTHLY");
  }
}

TEST_F(HistoryE2eTest, BadInputIsRefusedNamingTheField) {
  v1::Subscription sub = Subscribe(PlanPackage("Professional Support", {}));
  auto expect_field = [](const grpc::Status& st, const std::string& field) {
    Refusal r = ReadRefusal(st);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(r.reason, "INVALID_FIELD") << field;
    EXPECT_THAT(r.fields, Contains(field));
  };

  v1::ListHistoryMonthsRequest months;
  v1::ListHistoryMonthsResponse months_out;
  months.set_parent("clients/x/subscriptions/y");
  expect_field(history_->ListHistoryMonths(Admin().get(), months, &months_out), "parent");
  months.set_parent(sub.name());
  months.set_page_size(-1);
  expect_field(history_->ListHistoryMonths(Admin().get(), months, &months_out), "page_size");
  months.set_page_size(0);
  months.set_page_token("not-a-token");
  expect_field(history_->ListHistoryMonths(Admin().get(), months, &months_out), "page_token");

  v1::GetUsageChartRequest chart;
  v1::UsageChart chart_out;
  chart.set_name(sub.name());
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "name");
  chart.set_name(absl::StrCat(sub.name(), "/usageChart"));
  chart.set_month_count(37);
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "month_count");
  chart.set_month_count(-1);
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "month_count");
  chart.set_month_count(12);
  *chart.mutable_end_month() = Month(2025, 13);
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "end_month");
  chart.mutable_end_month()->set_month(5);
  chart.mutable_end_month()->set_day(3);
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "end_month");

  // Nothing before year 1 can be charted.
  *chart.mutable_end_month() = Month(1, 11);
  expect_field(history_->GetUsageChart(Admin().get(), chart, &chart_out), "end_month");
  chart.set_month_count(11);
  EXPECT_TRUE(history_->GetUsageChart(Admin().get(), chart, &chart_out).ok());
  chart.set_month_count(12);

  v1::GetMonthSummaryRequest summary;
  v1::MonthSummary summary_out;
  for (const char* period : {"2025-13", "bucket", "2025-5", "25-05"}) {
    summary.set_name(absl::StrCat(sub.name(), "/periods/", period, "/summary"));
    expect_field(history_->GetMonthSummary(Admin().get(), summary, &summary_out), "name");
  }
  summary.set_name(absl::StrCat(sub.name(), "/periods/2025-05"));
  expect_field(history_->GetMonthSummary(Admin().get(), summary, &summary_out), "name");

  v1::ListMonthTicketsRequest tickets;
  v1::ListMonthTicketsResponse tickets_out;
  tickets.set_parent(absl::StrCat(sub.name(), "/periods/2025-00"));
  expect_field(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out), "parent");
  tickets.set_parent(absl::StrCat(sub.name(), "/periods/2025-05"));
  tickets.set_page_size(-5);
  expect_field(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out), "page_size");
  tickets.set_page_size(0);
  tickets.set_page_token("garbage");
  expect_field(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out), "page_token");

  // A token from another month's request is refused.
  const std::string t = ApprovedTicket(sub);
  LogAt(t, 10, Utc(2025, 5, 10, 10, 0));
  LogAt(ApprovedTicket(sub), 10, Utc(2025, 5, 11, 10, 0));
  LogAt(t, 10, Utc(2025, 6, 10, 10, 0));
  tickets.set_page_token("");
  tickets.set_page_size(1);
  ASSERT_TRUE(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out).ok());
  ASSERT_NE(tickets_out.next_page_token(), "");
  tickets.set_page_token(tickets_out.next_page_token());
  tickets.set_include_entries(true);
  expect_field(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out), "page_token");
  tickets.set_include_entries(false);
  tickets.set_parent(absl::StrCat(sub.name(), "/periods/2025-06"));
  expect_field(history_->ListMonthTickets(Admin().get(), tickets, &tickets_out), "page_token");

  v1::GetOperatorReportRequest report;
  v1::OperatorReport report_out;
  *report.mutable_month() = Month(2025, 13);
  expect_field(history_->GetOperatorReport(Admin().get(), report, &report_out), "month");
  *report.mutable_month() = Month(2025, 5);
  report.mutable_month()->set_day(1);
  expect_field(history_->GetOperatorReport(Admin().get(), report, &report_out), "month");
  *report.mutable_month() = Month(0, 5);
  expect_field(history_->GetOperatorReport(Admin().get(), report, &report_out), "month");
  *report.mutable_month() = Month(1, 1);  // no month before it
  expect_field(history_->GetOperatorReport(Admin().get(), report, &report_out), "month");
  *report.mutable_month() = Month(9999, 12);
  EXPECT_TRUE(history_->GetOperatorReport(Admin().get(), report, &report_out).ok());
}

}  // namespace
}  // namespace supportbytime::testing
