#include "server/storage/period_rows.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/time_zone.h"
#include "server/storage/database.h"
#include "server/storage/rows.h"

namespace supportbytime::storage {

using domain::PeriodState;

std::string PeriodRef(const std::string& client_id, const std::string& subscription_id,
                      const std::string& key) {
  return absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id, "/periods/", key);
}

std::string PeriodColumns() {
  return absl::StrCat(
      "pe.id::text, pe.subscription_id::text, su.client_id::text,"
      " coalesce(to_char(pe.month, 'YYYY-MM'), ''), ",
      SBT_EPOCH_US("coalesce(pe.starts_at, su.activated_at, pe.created_at)"), ", ",
      SBT_EPOCH_US("pe.ends_at"), ", pe.state, ", SBT_EPOCH_US("pe.closed_at"),
      ", v.package_id::text, v.version, pe.billing_cycle, pe.included_minutes,"
      " pe.billing_increment_minutes, pe.rounding_scope, pe.rounding_direction, pe.currency,"
      " pe.period_price_minor, pe.overage_hourly_rate_minor, pe.item_name, pe.invoice_action,"
      " pe.show_work_log_to_client::int, array_to_string(pe.notify_thresholds_percent, ','),"
      " pe.require_overage_approval::int, v.response_priority, c.time_zone, pe.raw_minutes,"
      " pe.used_minutes, pe.overage_minutes, pe.overage_cost_minor, pe.entry_count, ",
      SBT_EPOCH_US("pe.created_at"), ", ", SBT_EPOCH_US("pe.updated_at"));
}

const char* const kPeriodFrom =
    " from periods pe join subscriptions su on su.id = pe.subscription_id"
    " join clients c on c.id = su.client_id"
    " join package_versions v on v.id = pe.package_version_id";

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
  soci::row r;
  s << absl::StrCat("select ", PeriodColumns(), kPeriodFrom, " where pe.id = cast(:id as uuid)",
                    for_update ? " for update of pe" : ""),
      soci::use(id, "id"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return PeriodFromRow(r);
}

std::optional<PeriodRecord> SelectPeriodByMonth(soci::session& s,
                                                const std::string& subscription_id,
                                                const std::string& month_date, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", PeriodColumns(), kPeriodFrom,
                    " where pe.subscription_id = cast(:s as uuid)"
                    " and pe.month is not distinct from cast(nullif(:m, '') as date)",
                    for_update ? " for update of pe" : ""),
      soci::use(subscription_id, "s"), soci::use(month_date, "m"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return PeriodFromRow(r);
}

std::vector<domain::PoolEntry> LiveEntries(soci::session& s, const std::string& period_id,
                                           std::map<std::string, std::array<int64_t, 3>>* stored) {
  std::vector<domain::PoolEntry> out;
  soci::rowset<soci::row> rows =
      (s.prepare << "select id::text, ticket_id::text, minutes, billed_minutes, included_minutes,"
                    " overage_minutes, billable::int from time_entries"
                    " where period_id = cast(:p as uuid) and deleted_at is null order by log_seq",
       soci::use(period_id));
  for (const soci::row& r : rows) {
    out.push_back(domain::PoolEntry{r.get<std::string>(0), r.get<std::string>(1), r.get<int>(2),
                                    r.get<int>(6) != 0});
    if (stored) (*stored)[r.get<std::string>(0)] = {r.get<int>(3), r.get<int>(4), r.get<int>(5)};
  }
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
  soci::rowset<soci::row> rows =
      (s.prepare << absl::StrCat(
           "select ", PeriodColumns(), ", coalesce(pe.month - date '1970-01-01', 0)", kPeriodFrom,
           " where pe.subscription_id = cast(:s as uuid) and (:st = '' or pe.state = :st)"
           " and (:mo = 0 or (pe.month is not null and pe.entry_count > 0))"
           " and (:ha = 0 or coalesce(pe.month - date '1970-01-01', 0) < :after)"
           " order by pe.month desc nulls first limit :fetch"),
       soci::use(subscription_id, "s"), soci::use(state_name, "st"), soci::use(months, "mo"),
       soci::use(has_after, "ha"), soci::use(after, "after"), soci::use(fetch, "fetch"));
  std::vector<long long> days;
  for (const soci::row& r : rows) {
    out.items.push_back(PeriodFromRow(r));
    days.push_back(r.get<int>(32));
  }
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = PageCursor{days[page.limit - 1], out.items.back().id};
  }
  return out;
}

}  // namespace supportbytime::storage
