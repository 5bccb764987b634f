#include "server/api/history_api.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/page_token.h"
#include "server/api/usage_convert.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"
#include "server/domain/history.h"
#include "server/domain/time_zone.h"
#include "server/domain/usage.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using storage::HistorySubscription;
using storage::PeriodRecord;

constexpr char kSubscriptionPattern[] = "clients/{client}/subscriptions/{subscription}";
constexpr char kChartPattern[] = "clients/{client}/subscriptions/{subscription}/usageChart";
constexpr char kPeriodPattern[] =
    "clients/{client}/subscriptions/{subscription}/periods/{period:month}";
constexpr char kSummaryPattern[] =
    "clients/{client}/subscriptions/{subscription}/periods/{period:month}/summary";

v1::PeriodState StateToProto(domain::PeriodState state) {
  return state == domain::PeriodState::kClosed ? v1::PERIOD_STATE_CLOSED : v1::PERIOD_STATE_OPEN;
}

std::string PeriodName(const PeriodRecord& p) {
  return absl::StrCat(SubscriptionName(p.client_id, p.subscription_id), "/periods/", p.key);
}

const std::string& CurrencyOf(const PeriodRecord& p) {
  static const std::string kNone;
  return p.terms.prices.empty() ? kNone : p.terms.prices[0].currency;
}

domain::Usage UsageOfPeriod(const PeriodRecord& p) {
  return domain::UsageOf(p.terms.included_minutes, p.used_minutes,
                         p.terms.notify_thresholds_percent);
}

// The subscription named by a request, if the caller may see it and it has
// a history (MONTHLY).
// The subscription of a history request. `bucket`: the request names the
// ONE_TIME bucket (period "bucket"), which only a ONE_TIME subscription has;
// otherwise a month, which only a MONTHLY one has (NOT_MONTHLY).
absl::StatusOr<HistorySubscription> SubscriptionFor(const Call& call, storage::HistoryStore& store,
                                                    const std::string& client_id,
                                                    const std::string& subscription_id,
                                                    const std::string& resource_name,
                                                    bool bucket) {
  if (auto st = auth::CheckClientAccess(call.actor, client_id, resource_name); !st.ok()) {
    return st;
  }
  auto sub = store.GetSubscription(client_id, subscription_id);
  if (!sub.ok()) return sub.status();
  if (bucket) {
    if (sub->cycle != domain::BillingCycle::kOneTime) return domain::NotFound(resource_name);
    return sub;
  }
  if (sub->cycle != domain::BillingCycle::kMonthly) {
    const std::string name = SubscriptionName(client_id, subscription_id);
    return domain::Error(absl::StatusCode::kFailedPrecondition, "NOT_MONTHLY",
                         absl::StrCat(name,
                                      " is ONE_TIME: it has one bucket and no history by month; "
                                      "read its period \"bucket\" instead."),
                         {{"subscription", name}});
  }
  return sub;
}

absl::StatusOr<HistorySubscription> MonthlySubscription(const Call& call,
                                                        storage::HistoryStore& store,
                                                        const std::string& client_id,
                                                        const std::string& subscription_id,
                                                        const std::string& resource_name) {
  return SubscriptionFor(call, store, client_id, subscription_id, resource_name, false);
}

absl::StatusOr<absl::TimeZone> ZoneOf(const std::string& name) {
  auto tz = domain::LoadIanaTimeZone("time_zone", name);
  if (!tz.ok()) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "A configured time zone could not be loaded.");
  }
  return tz;
}

void TicketToProto(const storage::MonthTicketRecord& t, const PeriodRecord& p, bool hide_work_log,
                   v1::MonthTicket* out) {
  const std::string ticket = absl::StrCat(ClientName(t.client_id), "/tickets/", t.ticket_id);
  out->set_ticket(ticket);
  out->set_number(t.number);
  out->set_title(t.title);
  out->set_entry_count(static_cast<int32_t>(t.entry_count));
  out->set_raw_minutes(static_cast<int32_t>(t.raw_minutes));
  out->set_billed_minutes(static_cast<int32_t>(t.billed_minutes));
  out->set_overage_minutes(static_cast<int32_t>(t.overage_minutes));
  ToMoney(t.overage_cost_minor, CurrencyOf(p), out->mutable_overage_cost());
  ToTimestamp(t.last_worked_at, out->mutable_last_work_time());
  out->set_badge(
      ToProto(domain::BadgeOf(p.state, t.billable_item_id.has_value(), t.invoice_status)));
  if (t.billable_item_id) {
    out->set_billable_item(
        absl::StrCat(ClientName(t.client_id), "/billableItems/", *t.billable_item_id));
  }
  out->set_invoice_reference(t.invoice_ref);
  out->set_invoice_url(t.invoice_url);
  out->set_non_billable_minutes(static_cast<int32_t>(t.non_billable_minutes));
  for (const storage::MonthEntryRecord& e : t.entries) {
    v1::MonthTicketEntry* x = out->add_entries();
    x->set_time_entry(absl::StrCat(ticket, "/timeEntries/", e.id));
    ToTimestamp(e.worked_at, x->mutable_work_time());
    x->set_minutes(static_cast<int32_t>(e.minutes));
    x->set_billed_minutes(static_cast<int32_t>(e.billed_minutes));
    x->set_overage_minutes(static_cast<int32_t>(e.overage_minutes));
    x->set_billable(e.billable);
    // R15: dates, minutes and the billable mark always; the work log only
    // where shown.
    if (!hide_work_log) {
      x->set_operator_display_name(e.operator_display_name);
      x->set_note(e.note);
    }
  }
}

void TotalsToProto(const storage::OperatorTotals& t, v1::OperatorMonthTotals* out) {
  out->set_entry_count(static_cast<int32_t>(t.entry_count));
  out->set_raw_minutes(static_cast<int32_t>(t.raw_minutes));
  out->set_billed_minutes(static_cast<int32_t>(t.billed_minutes));
  ToHoursMinutes(t.raw_minutes, out->mutable_raw_time());
  out->set_non_billable_minutes(static_cast<int32_t>(t.non_billable_minutes));
}

}  // namespace

grpc::Status HistoryApi::ListHistoryMonths(grpc::ServerContext* ctx,
                                           const v1::ListHistoryMonthsRequest* req,
                                           v1::ListHistoryMonthsResponse* resp) {
  return run_(ctx, "HistoryService/ListHistoryMonths", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto ids = domain::ParseName(kSubscriptionPattern, req->parent(), "parent");
    v.Merge(ids.status());
    const std::string fingerprint = absl::StrCat("historyMonths|", req->parent());
    auto page = ToPageRequest(req->page_size(), req->page_token(), fingerprint);
    v.Merge(page.status());
    if (!v.empty()) return v.ToStatus();
    auto sub = MonthlySubscription(call, history_, ids->at(0), ids->at(1), req->parent());
    if (!sub.ok()) return sub.status();
    auto months = history_.ListMonths(sub->id, *page);
    if (!months.ok()) return months.status();
    for (const PeriodRecord& p : months->items) {
      v1::HistoryMonth* m = resp->add_history_months();
      if (p.month) ToMonthDate(*p.month, m->mutable_month());
      m->set_period(PeriodName(p));
      m->set_state(StateToProto(p.state));
      m->set_used_minutes(static_cast<int32_t>(p.used_minutes));
      m->set_included_minutes(static_cast<int32_t>(p.terms.included_minutes));
      m->set_level(ToProto(UsageOfPeriod(p).level));
    }
    resp->set_next_page_token(NextPageToken(months->next, fingerprint));
    return absl::OkStatus();
  });
}

grpc::Status HistoryApi::GetUsageChart(grpc::ServerContext* ctx,
                                       const v1::GetUsageChartRequest* req, v1::UsageChart* resp) {
  return run_(ctx, "HistoryService/GetUsageChart", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto ids = domain::ParseName(kChartPattern, req->name());
    v.Merge(ids.status());
    auto count = domain::ChartMonthCount("month_count", req->month_count());
    v.Merge(count.status());
    std::optional<absl::CivilMonth> end;
    if (req->has_end_month()) {
      const google::type::Date& d = req->end_month();
      auto m = domain::MonthFromDate("end_month", d.year(), d.month(), d.day());
      if (m.ok() && count.ok()) v.Merge(domain::FirstMonthOf("end_month", *m, *count).status());
      if (m.ok()) end = *m;
      v.Merge(m.status());
    }
    if (!v.empty()) return v.ToStatus();
    auto sub = MonthlySubscription(call, history_, ids->at(0), ids->at(1), req->name());
    if (!sub.ok()) return sub.status();
    // Months are the client's calendar months (R2).
    auto tz = ZoneOf(sub->time_zone);
    if (!tz.ok()) return tz.status();
    const absl::CivilMonth last = end.value_or(domain::MonthOf(call.now, *tz));
    auto first = domain::FirstMonthOf("end_month", last, *count);
    if (!first.ok()) return first.status();
    auto periods = history_.ChartPeriods(sub->client_id, sub->id, *first, last, call.now);
    if (!periods.ok()) return periods.status();
    std::vector<domain::ChartPeriod> chart_periods;
    for (const PeriodRecord& p : *periods) {
      if (!p.month) continue;
      chart_periods.push_back(
          domain::ChartPeriod{*p.month,
                              {p.terms.included_minutes, p.terms.notify_thresholds_percent},
                              p.used_minutes,
                              p.overage_minutes});
    }
    const std::vector<domain::ChartPoint> points =
        domain::UsageChart(last, *count, chart_periods, domain::MonthOf(sub->start, *tz),
                           {sub->included_minutes, sub->thresholds}, domain::MonthOf(call.now, *tz),
                           {sub->upcoming_included_minutes, sub->upcoming_thresholds});
    resp->set_name(req->name());
    for (const domain::ChartPoint& point : points) {
      v1::UsageChartMonth* m = resp->add_months();
      ToMonthDate(point.month, m->mutable_month());
      if (point.period_index >= 0 && !(*periods)[point.period_index].id.empty()) {
        m->set_period(PeriodName((*periods)[point.period_index]));
      }
      m->set_included_minutes(static_cast<int32_t>(point.included_minutes));
      m->set_used_minutes(static_cast<int32_t>(point.used_minutes));
      m->set_overage_minutes(static_cast<int32_t>(point.overage_minutes));
      m->set_percent_used(static_cast<int32_t>(std::min<int64_t>(point.percent_used, INT32_MAX)));
      m->set_level(ToProto(point.level));
    }
    return absl::OkStatus();
  });
}

grpc::Status HistoryApi::GetMonthSummary(grpc::ServerContext* ctx,
                                         const v1::GetMonthSummaryRequest* req,
                                         v1::MonthSummary* resp) {
  return run_(ctx, "HistoryService/GetMonthSummary", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kSummaryPattern, req->name());
    if (!ids.ok()) return ids.status();
    auto month = domain::ParsePeriodKey("name", ids->at(2));
    if (!month.ok()) return month.status();
    auto sub = MonthlySubscription(call, history_, ids->at(0), ids->at(1), req->name());
    if (!sub.ok()) return sub.status();
    auto m = history_.GetMonth(sub->client_id, sub->id, *month, call.now);
    if (!m.ok()) return m.status();
    // R3: everything below comes from the month's snapshot and totals.
    const PeriodRecord& p = m->period;
    const domain::Usage usage = UsageOfPeriod(p);
    const std::string& currency = CurrencyOf(p);
    resp->set_name(req->name());
    resp->set_period(PeriodName(p));
    ToMonthDate(*month, resp->mutable_month());
    resp->set_state(StateToProto(p.state));
    resp->set_package(PackageName(p.package_id));
    resp->set_package_display_name(m->package_display_name);
    resp->set_package_version(p.package_version);
    resp->set_included_minutes(static_cast<int32_t>(p.terms.included_minutes));
    resp->set_used_minutes(static_cast<int32_t>(p.used_minutes));
    resp->set_raw_minutes(static_cast<int32_t>(p.raw_minutes));
    resp->set_left_minutes(static_cast<int32_t>(usage.left_minutes));
    ToHoursMinutes(usage.left_minutes, resp->mutable_left_time());
    resp->set_overage_minutes(static_cast<int32_t>(p.overage_minutes));
    if (!p.terms.prices.empty()) {
      const domain::CurrencyPrice& price = p.terms.prices[0];
      ToMoney(price.overage_hourly_rate_minor, currency, resp->mutable_overage_hourly_rate());
      ToMoney(price.period_price_minor, currency, resp->mutable_period_price());
    }
    ToMoney(p.overage_cost_minor, currency, resp->mutable_overage_cost());
    resp->set_percent_used(static_cast<int32_t>(std::min<int64_t>(usage.percent_used, INT32_MAX)));
    resp->set_level(ToProto(usage.level));
    resp->set_ticket_count(static_cast<int32_t>(m->ticket_count));
    resp->set_entry_count(static_cast<int32_t>(p.entry_count));
    resp->set_show_work_log_to_client(p.terms.show_work_log_to_client);
    return absl::OkStatus();
  });
}

grpc::Status HistoryApi::ListMonthTickets(grpc::ServerContext* ctx,
                                          const v1::ListMonthTicketsRequest* req,
                                          v1::ListMonthTicketsResponse* resp) {
  return run_(ctx, "HistoryService/ListMonthTickets", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto ids = domain::ParseName(kPeriodPattern, req->parent(), "parent");
    v.Merge(ids.status());
    std::optional<absl::CivilMonth> month;
    const bool bucket = ids.ok() && ids->at(2) == storage::kBucketKey;
    if (ids.ok() && !bucket) {
      auto m = domain::ParsePeriodKey("parent", ids->at(2));
      if (m.ok()) month = *m;
      v.Merge(m.status());
    }
    const std::string fingerprint =
        absl::StrCat("monthTickets|", req->parent(), "|", req->include_entries() ? 1 : 0);
    auto page = ToPageRequest(req->page_size(), req->page_token(), fingerprint);
    v.Merge(page.status());
    if (!v.empty()) return v.ToStatus();
    auto sub = SubscriptionFor(call, history_, ids->at(0), ids->at(1), req->parent(), bucket);
    if (!sub.ok()) return sub.status();
    auto m = history_.GetMonth(sub->client_id, sub->id, month, call.now);
    if (!m.ok()) return m.status();
    const PeriodRecord& p = m->period;
    if (p.id.empty()) return absl::OkStatus();  // an empty month (§4): no tickets yet
    auto tickets = history_.ListMonthTickets(p.id, req->include_entries(), *page);
    if (!tickets.ok()) return tickets.status();
    const bool hide = call.actor.role == Role::kClient && !p.terms.show_work_log_to_client;
    for (const storage::MonthTicketRecord& t : tickets->items) {
      TicketToProto(t, p, hide, resp->add_month_tickets());
    }
    resp->set_next_page_token(NextPageToken(tickets->next, fingerprint));
    return absl::OkStatus();
  });
}

grpc::Status HistoryApi::GetOperatorReport(grpc::ServerContext* ctx,
                                           const v1::GetOperatorReportRequest* req,
                                           v1::OperatorReport* resp) {
  return run_(ctx, "HistoryService/GetOperatorReport", *req, [&](const Call& call) -> absl::Status {
    std::optional<absl::CivilMonth> month;
    if (req->has_month()) {
      const google::type::Date& d = req->month();
      auto m = domain::MonthFromDate("month", d.year(), d.month(), d.day());
      if (!m.ok()) return m.status();
      // The report also covers the month before.
      if (auto st = domain::FirstMonthOf("month", *m, 2).status(); !st.ok()) return st;
      month = *m;
    } else {
      auto tz = ZoneOf(default_time_zone_);
      if (!tz.ok()) return tz.status();
      month = domain::MonthOf(call.now, *tz);
    }
    auto rows = history_.OperatorReport(*month);
    if (!rows.ok()) return rows.status();
    ToMonthDate(*month, resp->mutable_month());
    ToMonthDate(*month - 1, resp->mutable_previous_month());
    for (const storage::OperatorReportRow& r : *rows) {
      v1::OperatorReportRow* row = resp->add_rows();
      row->set_operator_(ApiKeyName(r.operator_id));
      row->set_operator_display_name(r.display_name);
      TotalsToProto(r.this_month, row->mutable_this_month());
      TotalsToProto(r.last_month, row->mutable_last_month());
    }
    ToTimestamp(call.now, resp->mutable_compute_time());
    return absl::OkStatus();
  });
}

}  // namespace supportbytime::api
