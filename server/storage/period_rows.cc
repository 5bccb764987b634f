#include "server/storage/period_rows.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_zone.h"
#include "server/storage/database.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"

namespace supportbytime::storage {

// The select list of a period (32 columns); PeriodVars and PeriodFromRow
// read it.
#define SBT_PERIOD_COLUMNS                                                                      \
  "pe.id::text, pe.subscription_id::text, su.client_id::text,"                                 \
  " coalesce(to_char(pe.month, 'YYYY-MM'), ''), "                                              \
  SBT_EPOCH_US("coalesce(pe.starts_at, su.activated_at, pe.created_at)") ", "                  \
  SBT_EPOCH_US("pe.ends_at") ", pe.state, " SBT_EPOCH_US("pe.closed_at")                       \
  ", v.package_id::text, v.version, pe.billing_cycle, pe.included_minutes,"                    \
  " pe.billing_increment_minutes, pe.rounding_scope, pe.rounding_direction, pe.currency,"      \
  " pe.period_price_minor, pe.overage_hourly_rate_minor, pe.item_name, pe.invoice_action,"     \
  " pe.show_work_log_to_client::int, array_to_string(pe.notify_thresholds_percent, ','),"      \
  " pe.require_overage_approval::int, v.response_priority, c.time_zone, pe.raw_minutes,"       \
  " pe.used_minutes, pe.overage_minutes, pe.overage_cost_minor, pe.entry_count, "              \
  SBT_EPOCH_US("pe.created_at") ", " SBT_EPOCH_US("pe.updated_at")
#define SBT_PERIOD_FROM                                                \
  " from periods pe join subscriptions su on su.id = pe.subscription_id" \
  " join clients c on c.id = su.client_id"                             \
  " join package_versions v on v.id = pe.package_version_id"

using domain::PeriodState;

std::string PeriodRef(const std::string& client_id, const std::string& subscription_id,
                      const std::string& key) {
  return domain::PeriodResource(client_id, subscription_id, key);
}

namespace {

// A period by id.
constexpr Sql kPeriodById{"periods.by_id", "select " SBT_PERIOD_COLUMNS SBT_PERIOD_FROM
                                           " where pe.id = cast(:id as uuid)"};
// A period by id, row-locked.
constexpr Sql kPeriodByIdForUpdate{"periods.by_id_for_update",
                                   "select " SBT_PERIOD_COLUMNS SBT_PERIOD_FROM
                                   " where pe.id = cast(:id as uuid) for update of pe"};
// A subscription's period of a month ('' for the bucket).
constexpr Sql kPeriodByMonth{"periods.by_month",
                             "select " SBT_PERIOD_COLUMNS SBT_PERIOD_FROM
                             " where pe.subscription_id = cast(:s as uuid)"
                             " and pe.month is not distinct from cast(nullif(:m, '') as date)"};
// The same, row-locked.
constexpr Sql kPeriodByMonthForUpdate{
    "periods.by_month_for_update",
    "select " SBT_PERIOD_COLUMNS SBT_PERIOD_FROM
    " where pe.subscription_id = cast(:s as uuid)"
    " and pe.month is not distinct from cast(nullif(:m, '') as date) for update of pe"};
// A page of a subscription's periods, newest month first, with each
// month's day number (the cursor) first.
constexpr Sql kPeriodsNewestFirst{
    "periods.newest_first",
    "select coalesce(pe.month - date '1970-01-01', 0), " SBT_PERIOD_COLUMNS SBT_PERIOD_FROM
    " where pe.subscription_id = cast(:s as uuid) and (:st = '' or pe.state = :st)"
    " and (:mo = 0 or (pe.month is not null and pe.entry_count > 0))"
    " and (:ha = 0 or coalesce(pe.month - date '1970-01-01', 0) < :after)"
    " order by pe.month desc nulls first limit :fetch"};
// A period's live entries in logged order, with their stored splits.
constexpr Sql kLiveEntries{
    "periods.live_entries",
    "select id::text, ticket_id::text, minutes, billed_minutes, included_minutes,"
    " overage_minutes, billable::int from time_entries"
    " where period_id = cast(:p as uuid) and deleted_at is null order by log_seq"};

std::vector<int> ParseThresholds(const std::string& text) {
  std::vector<int> out;
  for (absl::string_view x : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int pct = 0;
    if (absl::SimpleAtoi(x, &pct)) out.push_back(pct);
  }
  return out;
}

// The columns of SBT_PERIOD_COLUMNS, bound as into() variables.
struct PeriodVars {
  std::string id, subscription_id, client_id, month, state, package_id, cycle, scope, direction,
      currency, item_name, invoice_action, thresholds, priority, time_zone;
  long long start_us = 0, end_us = 0, close_us = 0, price = 0, rate = 0, cost = 0,
            created_us = 0, updated_us = 0;
  int version = 0, included = 0, increment = 0, show = 0, approval = 0, raw = 0, used = 0,
      overage = 0, count = 0;
  soci::indicator start_ind = soci::i_null, end_ind = soci::i_null, close_ind = soci::i_null;

  PeriodRecord Get() const {
    PeriodRecord p;
    p.id = id;
    p.subscription_id = subscription_id;
    p.client_id = client_id;
    p.key = month.empty() ? std::string(kBucketKey) : month;
    if (!month.empty()) {
      auto m = domain::ParsePeriodKey("month", month);
      if (m.ok()) p.month = *m;
    }
    if (start_ind == soci::i_ok) p.start_time = FromMicros(start_us);
    if (end_ind == soci::i_ok) p.end_time = FromMicros(end_us);
    p.state = state == "CLOSED" ? PeriodState::kClosed : PeriodState::kOpen;
    if (close_ind == soci::i_ok) p.close_time = FromMicros(close_us);
    p.package_id = package_id;
    p.package_version = version;
    domain::PackageTerms& t = p.terms;
    domain::ParseBillingCycle(cycle, &t.billing_cycle);
    t.included_minutes = included;
    t.billing_increment_minutes = increment;
    domain::ParseScope(scope, &t.rounding_scope);
    domain::ParseDirection(direction, &t.rounding_direction);
    t.prices = {domain::CurrencyPrice{currency, price, rate}};
    t.item_name = item_name;
    domain::ParseInvoiceAction(invoice_action, &t.invoice_action);
    t.show_work_log_to_client = show != 0;
    t.notify_thresholds_percent = ParseThresholds(thresholds);
    t.require_overage_approval = approval != 0;
    domain::ParsePriority(priority, &t.response_priority);
    p.time_zone = time_zone;
    p.raw_minutes = raw;
    p.used_minutes = used;
    p.overage_minutes = overage;
    p.overage_cost_minor = cost;
    p.entry_count = count;
    p.create_time = FromMicros(created_us);
    p.update_time = FromMicros(updated_us);
    return p;
  }
};

// Runs `sql` with `elements` (its use()s, and into()s of columns before
// the period's), calling on_row(period) for each row.
template <class OnRow, class... Elements>
void ForEachPeriod(soci::session& s, const Sql& sql, OnRow&& on_row, Elements&&... elements) {
  PeriodVars v;
  ForEach(
      s, sql, [&] { on_row(v.Get()); }, std::forward<Elements>(elements)..., soci::into(v.id),
      soci::into(v.subscription_id), soci::into(v.client_id), soci::into(v.month),
      soci::into(v.start_us, v.start_ind), soci::into(v.end_us, v.end_ind), soci::into(v.state),
      soci::into(v.close_us, v.close_ind), soci::into(v.package_id), soci::into(v.version),
      soci::into(v.cycle), soci::into(v.included), soci::into(v.increment), soci::into(v.scope),
      soci::into(v.direction), soci::into(v.currency), soci::into(v.price), soci::into(v.rate),
      soci::into(v.item_name), soci::into(v.invoice_action), soci::into(v.show),
      soci::into(v.thresholds), soci::into(v.approval), soci::into(v.priority),
      soci::into(v.time_zone), soci::into(v.raw), soci::into(v.used), soci::into(v.overage),
      soci::into(v.cost), soci::into(v.count), soci::into(v.created_us),
      soci::into(v.updated_us));
}

}  // namespace

std::string PeriodColumns() { return SBT_PERIOD_COLUMNS; }

const char* const kPeriodFrom = SBT_PERIOD_FROM;

PeriodRecord PeriodFromRow(const soci::row& r) {
  PeriodRecord p;
  p.id = r.get<std::string>(0);
  p.subscription_id = r.get<std::string>(1);
  p.client_id = r.get<std::string>(2);
  const std::string month = r.get<std::string>(3);
  if (month.empty()) {
    p.key = kBucketKey;
  } else {
    p.key = month;
    auto m = domain::ParsePeriodKey("month", month);
    if (m.ok()) p.month = *m;
  }
  p.start_time = OptionalTime(r, 4);
  p.end_time = OptionalTime(r, 5);
  p.state = r.get<std::string>(6) == "CLOSED" ? PeriodState::kClosed : PeriodState::kOpen;
  p.close_time = OptionalTime(r, 7);
  p.package_id = r.get<std::string>(8);
  p.package_version = r.get<int>(9);
  domain::PackageTerms& t = p.terms;
  domain::ParseBillingCycle(r.get<std::string>(10), &t.billing_cycle);
  t.included_minutes = r.get<int>(11);
  t.billing_increment_minutes = r.get<int>(12);
  domain::ParseScope(r.get<std::string>(13), &t.rounding_scope);
  domain::ParseDirection(r.get<std::string>(14), &t.rounding_direction);
  domain::CurrencyPrice price;
  price.currency = r.get<std::string>(15);
  price.period_price_minor = r.get<long long>(16);
  price.overage_hourly_rate_minor = r.get<long long>(17);
  t.prices = {price};
  t.item_name = r.get<std::string>(18);
  domain::ParseInvoiceAction(r.get<std::string>(19), &t.invoice_action);
  t.show_work_log_to_client = r.get<int>(20) != 0;
  t.notify_thresholds_percent.clear();
  for (absl::string_view x : absl::StrSplit(r.get<std::string>(21), ',', absl::SkipEmpty())) {
    int pct = 0;
    if (absl::SimpleAtoi(x, &pct)) t.notify_thresholds_percent.push_back(pct);
  }
  t.require_overage_approval = r.get<int>(22) != 0;
  domain::ParsePriority(r.get<std::string>(23), &t.response_priority);
  p.time_zone = r.get<std::string>(24);
  p.raw_minutes = r.get<int>(25);
  p.used_minutes = r.get<int>(26);
  p.overage_minutes = r.get<int>(27);
  p.overage_cost_minor = r.get<long long>(28);
  p.entry_count = r.get<int>(29);
  p.create_time = FromMicros(r.get<long long>(30));
  p.update_time = FromMicros(r.get<long long>(31));
  return p;
}

std::string MonthDate(const std::optional<absl::CivilMonth>& month) {
  if (!month) return "";
  return absl::StrCat(domain::PeriodKey(*month), "-01");
}

std::optional<PeriodRecord> SelectPeriodById(soci::session& s, const std::string& id,
                                             bool for_update) {
  std::optional<PeriodRecord> out;
  ForEachPeriod(
      s, for_update ? kPeriodByIdForUpdate : kPeriodById,
      [&](PeriodRecord p) { out = std::move(p); }, soci::use(id, "id"));
  return out;
}

std::optional<PeriodRecord> SelectPeriodByMonth(soci::session& s,
                                                const std::string& subscription_id,
                                                const std::string& month_date, bool for_update) {
  std::optional<PeriodRecord> out;
  ForEachPeriod(
      s, for_update ? kPeriodByMonthForUpdate : kPeriodByMonth,
      [&](PeriodRecord p) { out = std::move(p); }, soci::use(subscription_id, "s"),
      soci::use(month_date, "m"));
  return out;
}

std::vector<domain::PoolEntry> LiveEntries(soci::session& s, const std::string& period_id,
                                           std::map<std::string, std::array<int64_t, 3>>* stored) {
  std::vector<domain::PoolEntry> out;
  std::string id, ticket;
  int minutes = 0, billed = 0, included = 0, overage = 0, billable = 0;
  ForEach(
      s, kLiveEntries,
      [&] {
        out.push_back(domain::PoolEntry{id, ticket, minutes, billable != 0});
        if (stored) (*stored)[id] = {billed, included, overage};
      },
      soci::use(period_id, "p"), soci::into(id), soci::into(ticket), soci::into(minutes),
      soci::into(billed), soci::into(included), soci::into(overage), soci::into(billable));
  return out;
}

Page<PeriodRecord> SelectPeriodsNewestFirst(soci::session& s, const std::string& subscription_id,
                                            std::optional<PeriodState> state, bool months_only,
                                            const PageRequest& page) {
  Page<PeriodRecord> out;
  const long long after = page.after ? page.after->created_us : 0;
  const int has_after = page.after ? 1 : 0;
  const int fetch = page.limit + 1;
  const int months = months_only ? 1 : 0;
  const std::string state_name = state ? (*state == PeriodState::kClosed ? "CLOSED" : "OPEN") : "";
  std::vector<long long> days;
  int day = 0;
  ForEachPeriod(
      s, kPeriodsNewestFirst,
      [&](PeriodRecord p) {
        out.items.push_back(std::move(p));
        days.push_back(day);
      },
      soci::use(subscription_id, "s"), soci::use(state_name, "st"), soci::use(months, "mo"),
      soci::use(has_after, "ha"), soci::use(after, "after"), soci::use(fetch, "fetch"),
      soci::into(day));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = PageCursor{days[page.limit - 1], out.items.back().id};
  }
  return out;
}

}  // namespace supportbytime::storage
