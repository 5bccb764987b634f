#include "server/storage/history_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/domain/time_zone.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/terms_in_force.h"

namespace supportbytime::storage {
namespace {

std::vector<int> ParseThresholds(const std::string& csv) {
  std::vector<int> out;
  for (absl::string_view x : absl::StrSplit(csv, ',', absl::SkipEmpty())) {
    int pct = 0;
    if (absl::SimpleAtoi(x, &pct)) out.push_back(pct);
  }
  return out;
}

std::optional<domain::InvoiceStatus> ParseInvoiceStatus(const std::string& s) {
  if (s == "UNPAID") return domain::InvoiceStatus::kUnpaid;
  if (s == "PAID") return domain::InvoiceStatus::kPaid;
  if (s == "CANCELLED") return domain::InvoiceStatus::kCancelled;
  return std::nullopt;
}

// Months bound ":name" as "YYYY-MM-01".
std::string DateOf(absl::CivilMonth month) { return MonthDate(month); }

// The month an operator-report row counts in: its period's (MONTHLY) or
// worked_at's in the client's zone (ONE_TIME bucket).
absl::StatusOr<absl::CivilMonth> ReportMonth(const std::string& period_key, const std::string& zone,
                                             absl::Time worked_at,
                                             std::map<std::string, absl::TimeZone>& zones) {
  if (!period_key.empty()) return domain::ParsePeriodKey("month", period_key);
  auto it = zones.find(zone);
  if (it == zones.end()) {
    absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", zone);
    if (!tz.ok()) {
      return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "A client's time zone could not be loaded.");
    }
    it = zones.emplace(zone, *tz).first;
  }
  return domain::MonthOf(worked_at, it->second);
}


// A client's subscription with the thresholds of its version and of the
// version that bills next.
constexpr Sql kHistorySubscription{
    "history.subscription",
    "select su.client_id::text, su.id::text, v.billing_cycle, c.time_zone, " SBT_EPOCH_US(
        "coalesce(su.activated_at, su.created_at)") ", v.included_minutes,"
    " coalesce(array_to_string(v.notify_thresholds_percent, ','), ''),"
    " nv.included_minutes, coalesce(array_to_string(nv.notify_thresholds_percent, ','), '')"
    " from subscriptions su join clients c on c.id = su.client_id"
    " join package_versions v on v.id = su.package_version_id"
    " join packages np on np.id = coalesce(su.next_package_id, su.package_id)"
    " join package_versions nv on nv.package_id = np.id and nv.version = np.current_version"
    " where su.id = cast(:s as uuid) and su.client_id = cast(:c as uuid)"};
// A subscription's activation and termination, and its client's zone.
constexpr Sql kSubscriptionLife{
    "history.subscription_life",
    "select " SBT_EPOCH_US("su.activated_at") ", " SBT_EPOCH_US(
        "su.terminated_at") ", c.time_zone from subscriptions su"
                            " join clients c on c.id = su.client_id"
                            " where su.id = cast(:s as uuid)"};
// The periods a chart of months [f, l] shows, with the last one before f.
constexpr Sql kChartPeriodIds{
    "history.chart_period_ids",
    "select pe.id::text from periods pe"
    " where pe.subscription_id = cast(:s as uuid) and pe.month <= cast(:l as date)"
    " and (pe.month >= cast(:f as date) or pe.month = (select max(month) from periods"
    "   where subscription_id = cast(:s as uuid) and month < cast(:f as date)))"
    " order by pe.month"};
// A period's package name and the number of tickets with time in it.
constexpr Sql kMonthPackage{
    "history.month_package",
    "select pk.display_name, (select count(*)::int from period_tickets pt"
    "   where pt.period_id = cast(nullif(:p, '') as uuid) and pt.entry_count > 0)"
    " from packages pk where pk.id = cast(:k as uuid)"};
// A page of a period's tickets with time, most recently worked first.
constexpr Sql kMonthTickets{
    "history.month_tickets",
    "select t.client_id::text, t.id::text, t.number, t.title, pt.entry_count,"
    " pt.raw_minutes, pt.billed_minutes, pt.overage_minutes, pt.overage_cost_minor, " SBT_EPOCH_US(
        "pt.last_worked_at") ", coalesce(bi.id::text, ''), coalesce(bi.invoice_status, ''),"
    " coalesce(bi.invoice_ref, ''), coalesce(bi.invoice_url, ''), pt.non_billable_minutes"
    " from period_tickets pt join tickets t on t.id = pt.ticket_id"
    " left join billable_items bi on bi.period_id = pt.period_id and bi.ticket_id = pt.ticket_id"
    " where pt.period_id = cast(:p as uuid) and pt.entry_count > 0"
    " and (:aid = '' or (pt.last_worked_at, pt.ticket_id) < (" SBT_TS(
        ":aus") ", cast(nullif(:aid, '') as uuid)))"
                " order by pt.last_worked_at desc, pt.ticket_id desc limit :fetch"};
// The live entries of some tickets of a period, in logged order.
constexpr Sql kMonthEntries{
    "history.month_entries",
    "select e.ticket_id::text, e.id::text, " SBT_EPOCH_US(
        "e.worked_at") ", e.minutes, e.billed_minutes, e.overage_minutes,"
                       " e.operator_display_name, e.note, e.billable::int from time_entries e"
                       " where e.period_id = cast(:p as uuid) and e.deleted_at is null"
                       " and e.ticket_id = any(cast(string_to_array(:ids, ',') as uuid[]))"
                       " order by e.log_seq"};
// Per operator, month (MONTHLY) or worked_at (ONE_TIME) and zone: the
// entries worked in [from, to).
constexpr Sql kOperatorReport{
    "history.operator_report",
    "select e.operator_id, min(coalesce(k.display_name, e.operator_display_name)),"
    " coalesce(to_char(pe.month, 'YYYY-MM'), ''), c.time_zone,"
    " case when pe.month is null then " SBT_EPOCH_US(
        "e.worked_at") " else 0 end, count(*)::int, sum(e.minutes)::bigint,"
                       " sum(e.billed_minutes)::bigint,"
                       " coalesce(sum(e.minutes) filter (where not e.billable), 0)::bigint"
                       " from time_entries e join periods pe on pe.id = e.period_id"
                       " join clients c on c.id = e.client_id"
                       " left join api_keys k on k.id::text = e.operator_id"
                       " where e.deleted_at is null and e.worked_at >= " SBT_TS(
                           ":from") " and e.worked_at < " SBT_TS(":to") " group by e.operator_id, 3, 4, 5"};

}  // namespace

absl::StatusOr<HistorySubscription> HistoryStore::GetSubscription(
    const std::string& client_id, const std::string& subscription_id) {
  HistorySubscription out;
  bool found = false;
  absl::Status st = db_.Run([&](soci::session& s) {
    std::string cycle, thresholds, upcoming_thresholds;
    long long start_us = 0;
    int included = 0, upcoming_included = 0;
    found = Exec(s, kHistorySubscription, soci::use(subscription_id, "s"),
                 soci::use(client_id, "c"), soci::into(out.client_id), soci::into(out.id),
                 soci::into(cycle), soci::into(out.time_zone), soci::into(start_us),
                 soci::into(included), soci::into(thresholds), soci::into(upcoming_included),
                 soci::into(upcoming_thresholds));
    if (!found) return absl::OkStatus();
    domain::ParseBillingCycle(cycle, &out.cycle);
    out.start = FromMicros(start_us);
    out.included_minutes = included;
    out.thresholds = ParseThresholds(thresholds);
    out.upcoming_included_minutes = upcoming_included;
    out.upcoming_thresholds = ParseThresholds(upcoming_thresholds);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!found) {
    return domain::NotFound(
        absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
  }
  return out;
}

absl::StatusOr<Page<PeriodRecord>> HistoryStore::ListMonths(const std::string& subscription_id,
                                                            const PageRequest& page) {
  Page<PeriodRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    out = SelectPeriodsNewestFirst(s, subscription_id, std::nullopt, /*months_only=*/true, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

namespace {

// §4: whether `month` (nullopt: the bucket) lies within the subscription's
// life, from its activation's month to its termination's, and not after
// the month of `now`, in the client's zone.
bool WithinLife(soci::session& s, const std::string& subscription_id,
                std::optional<absl::CivilMonth> month, absl::Time now) {
  soci::indicator start_ind = soci::i_ok, end_ind = soci::i_ok;
  long long start_us = 0, end_us = 0;
  std::string zone;
  if (!Exec(s, kSubscriptionLife, soci::use(subscription_id, "s"),
            soci::into(start_us, start_ind), soci::into(end_us, end_ind), soci::into(zone)) ||
      start_ind != soci::i_ok) {
    return false;
  }
  if (!month) return true;
  absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", zone);
  if (!tz.ok()) return false;
  const absl::Time last = end_ind == soci::i_ok ? std::min(now, FromMicros(end_us)) : now;
  return domain::MonthOf(FromMicros(start_us), *tz) <= *month &&
         *month <= domain::MonthOf(last, *tz);
}

}  // namespace

absl::StatusOr<std::vector<PeriodRecord>> HistoryStore::ChartPeriods(
    const std::string& client_id, const std::string& subscription_id, absl::CivilMonth first,
    absl::CivilMonth last, absl::Time now) {
  std::vector<PeriodRecord> out;
  const std::string first_date = DateOf(first);
  const std::string last_date = DateOf(last);
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    std::vector<std::string> ids;
    std::string id;
    ForEach(
        s, kChartPeriodIds, [&] { ids.push_back(id); }, soci::use(subscription_id, "s"),
        soci::use(last_date, "l"), soci::use(first_date, "f"), soci::into(id));
    std::set<absl::CivilMonth> touched;
    for (const std::string& period_id : ids) {
      std::optional<PeriodRecord> p = SelectPeriodById(s, period_id, /*for_update=*/false);
      if (!p) continue;
      out.push_back(std::move(*p));
      if (out.back().month) touched.insert(*out.back().month);
    }
    // Months of its life that have no period yet show the terms in force (R3).
    for (absl::CivilMonth m = first; m <= last; ++m) {
      if (touched.contains(m) || !WithinLife(s, subscription_id, m, now)) continue;
      absl::StatusOr<PeriodRecord> p = PeriodOrProspect(s, client_id, subscription_id, m);
      if (!p.ok()) return p.status();
      out.push_back(std::move(*p));
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}


absl::StatusOr<MonthRecord> HistoryStore::GetMonth(const std::string& client_id,
                                                   const std::string& subscription_id,
                                                   std::optional<absl::CivilMonth> month,
                                                   absl::Time now) {
  std::optional<MonthRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    std::optional<PeriodRecord> p =
        SelectPeriodByMonth(s, subscription_id, MonthDate(month), false);
    if (p && p->client_id != client_id) return absl::OkStatus();
    if (!p && !WithinLife(s, subscription_id, month, now)) return absl::OkStatus();
    absl::StatusOr<PeriodRecord> period =
        p ? *p : PeriodOrProspect(s, client_id, subscription_id, month);
    if (!period.ok()) return period.status();
    MonthRecord m;
    m.period = std::move(*period);
    int tickets = 0;
    Exec(s, kMonthPackage, soci::use(m.period.id, "p"), soci::use(m.period.package_id, "k"),
         soci::into(m.package_display_name), soci::into(tickets));
    m.ticket_count = tickets;
    out = std::move(m);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!out) {
    return domain::NotFound(
        PeriodRef(client_id, subscription_id, month ? domain::PeriodKey(*month) : kBucketKey));
  }
  return *out;
}

namespace {

// One page of a period's tickets with time.
Page<MonthTicketRecord> SelectMonthTickets(soci::session& s, const std::string& period_id,
                                           const PageRequest& page) {
  Page<MonthTicketRecord> out;
  const long long after_us = page.after ? page.after->created_us : 0;
  const std::string after_id = page.after ? page.after->id : "";
  const int fetch = page.limit + 1;
  MonthTicketRecord t;
  long long worked_us = 0;
  std::string item, status;
  ForEach(
      s, kMonthTickets,
      [&] {
        MonthTicketRecord row = t;
        row.last_worked_at = FromMicros(worked_us);
        if (!item.empty()) row.billable_item_id = item;
        row.invoice_status = ParseInvoiceStatus(status);
        out.items.push_back(std::move(row));
      },
      soci::use(period_id, "p"), soci::use(after_id, "aid"), soci::use(after_us, "aus"),
      soci::use(fetch, "fetch"), soci::into(t.client_id), soci::into(t.ticket_id),
      soci::into(t.number), soci::into(t.title), soci::into(t.entry_count),
      soci::into(t.raw_minutes), soci::into(t.billed_minutes), soci::into(t.overage_minutes),
      soci::into(t.overage_cost_minor), soci::into(worked_us), soci::into(item),
      soci::into(status), soci::into(t.invoice_ref), soci::into(t.invoice_url),
      soci::into(t.non_billable_minutes));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = PageCursor{ToMicros(out.items.back().last_worked_at), out.items.back().ticket_id};
  }
  return out;
}

// Adds their live entries to `tickets`, in logged order.
void AttachEntries(soci::session& s, const std::string& period_id,
                   std::vector<MonthTicketRecord>& tickets) {
  std::map<std::string, MonthTicketRecord*> by_ticket;
  std::vector<std::string> ids;
  for (MonthTicketRecord& t : tickets) {
    by_ticket[t.ticket_id] = &t;
    ids.push_back(t.ticket_id);
  }
  const std::string id_list = absl::StrJoin(ids, ",");
  std::string ticket_id;
  MonthEntryRecord e;
  long long worked_us = 0;
  int billable = 1;
  ForEach(
      s, kMonthEntries,
      [&] {
        auto it = by_ticket.find(ticket_id);
        if (it == by_ticket.end()) return;
        MonthEntryRecord row = e;
        row.worked_at = FromMicros(worked_us);
        row.billable = billable != 0;
        it->second->entries.push_back(std::move(row));
      },
      soci::use(period_id, "p"), soci::use(id_list, "ids"), soci::into(ticket_id),
      soci::into(e.id), soci::into(worked_us), soci::into(e.minutes),
      soci::into(e.billed_minutes), soci::into(e.overage_minutes),
      soci::into(e.operator_display_name), soci::into(e.note), soci::into(billable));
}

}  // namespace

absl::StatusOr<Page<MonthTicketRecord>> HistoryStore::ListMonthTickets(const std::string& period_id,
                                                                       bool include_entries,
                                                                       const PageRequest& page) {
  Page<MonthTicketRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    out = SelectMonthTickets(s, period_id, page);
    if (include_entries && !out.items.empty()) AttachEntries(s, period_id, out.items);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::vector<OperatorReportRow>> HistoryStore::OperatorReport(
    absl::CivilMonth month) {
  const absl::CivilMonth previous = month - 1;
  // Every zone is within a day of UTC: this window holds every entry of both
  // months, whatever its client's zone.
  const long long from_us =
      ToMicros(domain::MonthBounds(previous, absl::UTCTimeZone()).start - absl::Hours(24));
  const long long to_us =
      ToMicros(domain::MonthBounds(month, absl::UTCTimeZone()).end + absl::Hours(24));
  std::map<std::string, OperatorReportRow> by_operator;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    // MONTHLY entries group by their period's month; the rare ONE_TIME ones
    // by worked_at, placed in their client's local month below.
    std::map<std::string, absl::TimeZone> zones;
    std::string op, name, period_key, zone;
    long long worked_us = 0, raw = 0, billed = 0, non_billable = 0;
    int count = 0;
    absl::Status failed;
    ForEach(
        s, kOperatorReport,
        [&] {
          if (!failed.ok()) return;
          absl::StatusOr<absl::CivilMonth> m =
              ReportMonth(period_key, zone, FromMicros(worked_us), zones);
          if (!m.ok()) {
            failed = m.status();
            return;
          }
          if (*m != month && *m != previous) return;
          OperatorReportRow& row = by_operator[op];
          row.operator_id = op;
          row.display_name = name;
          OperatorTotals& t = *m == month ? row.this_month : row.last_month;
          t.entry_count += count;
          t.raw_minutes += raw;
          t.billed_minutes += billed;
          t.non_billable_minutes += non_billable;
        },
        soci::use(from_us, "from"), soci::use(to_us, "to"), soci::into(op), soci::into(name),
        soci::into(period_key), soci::into(zone), soci::into(worked_us), soci::into(count),
        soci::into(raw), soci::into(billed), soci::into(non_billable));
    if (!failed.ok()) return failed;
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  std::vector<OperatorReportRow> out;
  for (auto& [id, row] : by_operator) out.push_back(std::move(row));
  std::sort(out.begin(), out.end(), [](const OperatorReportRow& a, const OperatorReportRow& b) {
    return std::tie(a.display_name, a.operator_id) < std::tie(b.display_name, b.operator_id);
  });
  return out;
}

}  // namespace supportbytime::storage
