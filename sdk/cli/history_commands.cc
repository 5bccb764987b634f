// supportbytime history …: the months of a MONTHLY subscription, the
// 12-month chart, a month's summary and tickets, and the operator report.
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sdk/cli/cli.h"
#include "sdk/cli/date_flag.h"
#include "sdk/cli/usage_chart.h"
#include "supportbytime/history_client.h"
#include "supportbytime/pagination.h"

namespace supportbytime::cli {
namespace {

const std::vector<std::string> kMonthColumns = {
    "month", "state", "used_minutes", "included_minutes", "level", "period"};
const std::vector<std::string> kSummaryFields = {"period",          "month",
                                                 "state",           "package_display_name",
                                                 "package_version", "included_minutes",
                                                 "used_minutes",    "raw_minutes",
                                                 "left_minutes",    "left_time",
                                                 "overage_minutes", "overage_hourly_rate",
                                                 "overage_cost",    "period_price",
                                                 "percent_used",    "level",
                                                 "ticket_count",    "entry_count"};
// Columns added later go last, so that the earlier ones keep their places.
const std::vector<std::string> kTicketColumns = {"number",         "title",
                                                 "entry_count",    "raw_minutes",
                                                 "billed_minutes", "overage_minutes",
                                                 "overage_cost",   "last_work_time",
                                                 "badge",          "invoice_reference",
                                                 "invoice_url",    "non_billable_minutes"};
const std::vector<std::string> kEntryColumns = {
    "work_time", "minutes", "billed_minutes", "overage_minutes", "operator_display_name",
    "note",      "billable"};
const std::vector<std::string> kOperatorColumns = {"operator_display_name",
                                                   "this_month.entry_count",
                                                   "this_month.raw_time",
                                                   "this_month.billed_minutes",
                                                   "last_month.entry_count",
                                                   "last_month.raw_time",
                                                   "last_month.billed_minutes",
                                                   "this_month.non_billable_minutes",
                                                   "last_month.non_billable_minutes"};

// "clients/ID/subscriptions/ID/periods/YYYY-MM" from --subscription and --month.
absl::Status PeriodName(const Invocation& in, std::string* out) {
  std::string subscription, key;
  if (auto st = in.Require("subscription", &subscription); !st.ok()) return st;
  if (in.Flag("month").empty()) return absl::InvalidArgumentError("--month is required");
  google::type::Date month;
  if (auto st = ParseMonthFlag(in, "month", &month, &key); !st.ok()) return st;
  *out = absl::StrCat(subscription, "/periods/", key);
  return absl::OkStatus();
}

absl::Status ListMonths(const Invocation& in) {
  auto client = sdk::MakeHistoryClient(in.options);
  v1::ListHistoryMonthsRequest req;
  if (auto st = in.Require("subscription", req.mutable_parent()); !st.ok()) return st;
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListHistoryMonths(r); },
      [](const auto& r) { return r.history_months(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kMonthColumns);
  return absl::OkStatus();
}

absl::Status Chart(const Invocation& in) {
  v1::GetUsageChartRequest req;
  std::string subscription;
  if (auto st = in.Require("subscription", &subscription); !st.ok()) return st;
  req.set_name(subscription + "/usageChart");
  if (!in.Flag("months").empty()) {
    int months = 0;
    if (!absl::SimpleAtoi(in.Flag("months"), &months)) {
      return absl::InvalidArgumentError("--months must be a number of months, 1-36");
    }
    req.set_month_count(months);
  }
  if (!in.Flag("end-month").empty()) {
    if (auto st = ParseMonthFlag(in, "end-month", req.mutable_end_month()); !st.ok()) return st;
  }
  auto chart = sdk::MakeHistoryClient(in.options)->GetUsageChart(req);
  if (!chart.ok()) return chart.status();
  if (in.json) {
    PrintMessage(in, *chart, {});
  } else {
    std::fputs(RenderUsageChart(*chart, {.color = UseColor(), .width = 40}).c_str(), stdout);
  }
  return absl::OkStatus();
}

absl::Status Summary(const Invocation& in) {
  v1::GetMonthSummaryRequest req;
  std::string period;
  if (auto st = PeriodName(in, &period); !st.ok()) return st;
  req.set_name(period + "/summary");
  return Show(in, sdk::MakeHistoryClient(in.options)->GetMonthSummary(req), kSummaryFields);
}

absl::Status Tickets(const Invocation& in) {
  auto client = sdk::MakeHistoryClient(in.options);
  v1::ListMonthTicketsRequest req;
  if (auto st = PeriodName(in, req.mutable_parent()); !st.ok()) return st;
  req.set_include_entries(in.Flag("entries") == "true");
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListMonthTickets(r); },
      [](const auto& r) { return r.month_tickets(); });
  if (!all.ok()) return all.status();
  if (in.json || !req.include_entries()) {
    PrintList(in, Pointers(*all), kTicketColumns);
    return absl::OkStatus();
  }
  // Expanded: each ticket's line, then its entries indented under it.
  for (const auto& t : *all) {
    PrintList(in, {&t}, kTicketColumns);
    std::printf("  entries:\n");
    PrintList(in, Pointers(t.entries()), kEntryColumns);
    std::printf("\n");
  }
  return absl::OkStatus();
}

absl::Status Operators(const Invocation& in) {
  v1::GetOperatorReportRequest req;
  if (!in.Flag("month").empty()) {
    if (auto st = ParseMonthFlag(in, "month", req.mutable_month()); !st.ok()) return st;
  }
  auto report = sdk::MakeHistoryClient(in.options)->GetOperatorReport(req);
  if (!report.ok()) return report.status();
  PrintMessage(in, *report, {"month", "previous_month"});
  if (!in.json) PrintList(in, Pointers(report->rows()), kOperatorColumns);
  return absl::OkStatus();
}

}  // namespace

void AddHistoryCommands(Commands& commands) {
  const Flag subscription =
      Required("subscription", "clients/ID/subscriptions/ID", "the MONTHLY subscription");
  const Flag month = Required("month", "YYYY-MM", "the month");
  auto& h = commands["history"];
  h["months"] = {"the months with logged time, newest first", {subscription}, ListMonths};
  h["chart"] = {"used vs allocation per month as a bar chart coloured by level",
                {subscription, Optional("months", "12", "how many months, 1-36"),
                 Optional("end-month", "YYYY-MM", "the last month shown (default this one)")},
                Chart};
  h["summary"] = {"a month's allocation, used, left, rate and overage", {subscription, month},
                  Summary};
  h["tickets"] = {"the month's tickets with totals, badge and invoice; --entries expands them",
                  {subscription, month, Switch("entries", "list each ticket's time entries")},
                  Tickets};
  h["operators"] = {"per operator: entries and hours this month and the month before (ADMIN)",
                    {Optional("month", "YYYY-MM", "the month (default this one)")}, Operators};
}

}  // namespace supportbytime::cli
