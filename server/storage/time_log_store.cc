#include "server/storage/time_log_store.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/account.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"
#include "server/domain/money.h"
#include "server/domain/pool.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/time_zone.h"
#include "server/domain/usage.h"
#include "server/domain/work_window.h"
#include "server/storage/audit.h"
#include "server/storage/overage_approvals.h"
#include "server/storage/rows.h"
#include "server/storage/terms_in_force.h"
#include "server/storage/time_entry_writes.h"
#include "server/util/json.h"

namespace supportbytime::storage {

std::string TicketRef(const std::string& client_id, const std::string& ticket_id) {
  return absl::StrCat("clients/", client_id, "/tickets/", ticket_id);
}
std::string EntryRef(const std::string& client_id, const std::string& ticket_id,
                     const std::string& id) {
  return absl::StrCat(TicketRef(client_id, ticket_id), "/timeEntries/", id);
}
std::string TimerRef(const std::string& client_id, const std::string& ticket_id,
                     const std::string& id) {
  return absl::StrCat(TicketRef(client_id, ticket_id), "/timers/", id);
}

domain::TicketStatus ParseTicketStatus(const std::string& s) {
  if (s == "CLOSED") return domain::TicketStatus::kClosed;
  if (s == "ON_HOLD") return domain::TicketStatus::kOnHold;
  return domain::TicketStatus::kOpen;
}

absl::Status CheckWorkInWindow(soci::session& s, const std::string& client_id,
                               const std::string& subscription_id, absl::Time worked_at) {
  soci::indicator start_ind = soci::i_ok, end_ind = soci::i_ok;
  long long start_us = 0, end_us = 0;
  s << "select " SBT_EPOCH_US("activated_at") ", " SBT_EPOCH_US("terminated_at")
       " from subscriptions where id = cast(:s as uuid)",
      soci::use(subscription_id, "s"), soci::into(start_us, start_ind), soci::into(end_us, end_ind);
  domain::WorkWindow window;
  if (start_ind == soci::i_ok) window.start = FromMicros(start_us);
  if (end_ind == soci::i_ok) window.end = FromMicros(end_us);
  return domain::CheckWorkWindow(
      window, worked_at, absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
}

namespace {

using domain::BillingCycle;
using domain::PeriodState;
using domain::SubscriptionStatus;
using domain::TicketStatus;

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

absl::Status PeriodClosedError(const std::string& period_name) {
  return domain::Error(
      absl::StatusCode::kFailedPrecondition, domain::kReasonPeriodClosed,
      absl::StrCat(period_name, " is CLOSED and billed: its entries can no longer change."),
      {{"period", period_name}});
}

// The period of `subscription_id` that holds `worked_at`, created with its
// snapshot on first touch (R2, R3). Returns its id; does not lock an existing
// period (the caller locks, in id order when it needs two).
absl::StatusOr<std::string> EnsurePeriod(soci::session& s, const std::string& client_id,
                                         const std::string& subscription_id, BillingCycle cycle,
                                         const std::string& time_zone, absl::Time worked_at) {
  std::optional<absl::CivilMonth> month;
  std::optional<domain::TimeRange> bounds;
  if (cycle == BillingCycle::kMonthly) {
    absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", time_zone);
    if (!tz.ok()) {
      return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "The client's time zone could not be loaded.");
    }
    month = domain::MonthOf(worked_at, *tz);
    bounds = domain::MonthBounds(*month, *tz);
  }
  const std::string month_date = MonthDate(month);
  const std::string key = month ? domain::PeriodKey(*month) : kBucketKey;
  std::string id;
  s << "select id::text from periods where subscription_id = cast(:s as uuid)"
       " and month is not distinct from cast(nullif(:m, '') as date)",
      soci::use(subscription_id, "s"), soci::use(month_date, "m"), soci::into(id);
  if (s.got_data()) return id;

  if (month) {
    // A month that ClosePeriods has passed counts as CLOSED even without a
    // period: a completed run's as_of covers its end, or a later month of
    // this subscription is already closed (a run that stopped half-way).
    const long long ends_us = ToMicros(bounds->end);
    // Creating the period of a month that has ended races with a run of
    // ClosePeriods that passes it: the run writes its watermark under the
    // exclusive form of this lock, after listing the due periods once more,
    // so this period is either committed before that list (and closed with
    // it) or created after the watermark (and refused just below).
    s << "select pg_advisory_xact_lock_shared(hashtext('periods.watermark'))"
         " from (select 1) o where " SBT_TS(":e") " <= now()",
        soci::use(ends_us, "e");
    int passed = 0;
    s << "select (exists (select 1 from close_runs where as_of >= " SBT_TS(":e") ")"
         " or exists (select 1 from periods where subscription_id = cast(:s as uuid)"
         "   and state = 'CLOSED' and month >= cast(:m as date)))::int",
        soci::use(ends_us, "e"), soci::use(subscription_id, "s"), soci::use(month_date, "m"),
        soci::into(passed);
    if (passed > 0) return PeriodClosedError(PeriodRef(client_id, subscription_id, key));
  }

  // R3: the terms in force when the period began, whenever it is touched.
  const long long starts_us = bounds ? ToMicros(bounds->start) : 0;
  const int bucket = month ? 0 : 1;
  std::string package_id, version_id, currency;
  int priced = 0;
  s << "select v.package_id::text, v.id::text, c.currency,"
       " (exists (select 1 from package_version_prices pr where pr.package_version_id = v.id"
       "   and pr.currency = c.currency))::int"
       " from subscriptions su join clients c on c.id = su.client_id"
       " join package_versions v on v.id = " SBT_VERSION_IN_FORCE
       " where su.id = cast(:s as uuid)",
      soci::use(bucket, "b"), soci::use(starts_us, "st"), soci::use(subscription_id, "s"),
      soci::into(package_id), soci::into(version_id), soci::into(currency), soci::into(priced);
  if (!priced) {
    return domain::CurrencyNotPriced(absl::StrCat("packages/", package_id), currency);
  }
  const long long ends_us = bounds ? ToMicros(bounds->end) : 0;
  soci::indicator ind = soci::i_ok;
  id.clear();
  s << "insert into periods (subscription_id, month, starts_at, ends_at, package_version_id,"
       " billing_cycle, included_minutes, billing_increment_minutes, rounding_scope,"
       " rounding_direction, currency, period_price_minor, overage_hourly_rate_minor, item_name,"
       " invoice_action, show_work_log_to_client, notify_thresholds_percent,"
       " require_overage_approval)"
       " select cast(:s as uuid), cast(nullif(:m, '') as date),"
       " case when :b = 1 then null else " SBT_TS(":st") " end,"
       " case when :b = 1 then null else " SBT_TS(":en") " end,"
       " v.id, v.billing_cycle, v.included_minutes, v.billing_increment_minutes,"
       " v.rounding_scope, v.rounding_direction, pr.currency, pr.period_price_minor,"
       " pr.overage_hourly_rate_minor, v.item_name, v.invoice_action,"
       " v.show_work_log_to_client, v.notify_thresholds_percent, v.require_overage_approval"
       " from package_versions v join package_version_prices pr on pr.package_version_id = v.id"
       " where v.id = cast(:v as uuid) and pr.currency = :cur"
       " on conflict on constraint periods_one_per_month do nothing returning id::text",
      soci::use(subscription_id, "s"), soci::use(month_date, "m"), soci::use(bucket, "b"),
      soci::use(starts_us, "st"), soci::use(ends_us, "en"), soci::use(version_id, "v"),
      soci::use(currency, "cur"), soci::into(id, ind);
  if (!s.got_data()) {
    // Created concurrently: the insert waited for it.
    s << "select id::text from periods where subscription_id = cast(:s as uuid)"
         " and month is not distinct from cast(nullif(:m, '') as date)",
        soci::use(subscription_id, "s"), soci::use(month_date, "m"), soci::into(id);
    return id;
  }
  return id;
}

// ---------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------

std::string EntryColumns() {
  return absl::StrCat(
      "e.id::text, e.client_id::text, e.ticket_id::text, e.subscription_id::text,"
      " coalesce(to_char(pe.month, 'YYYY-MM'), 'bucket'), e.log_seq, e.operator_id,"
      " e.operator_display_name, e.note, ",
      SBT_EPOCH_US("e.worked_at"),
      ", e.minutes, e.billed_minutes, e.included_minutes, e.overage_minutes, e.source,"
      " pe.show_work_log_to_client::int, ",
      SBT_EPOCH_US("e.deleted_at"), ", ", SBT_EPOCH_US("e.created_at"), ", ",
      SBT_EPOCH_US("e.updated_at"), ", e.period_id::text, e.billable::int");
}

constexpr const char* kEntryFrom = " from time_entries e join periods pe on pe.id = e.period_id";

TimeEntryRecord EntryFromRow(const soci::row& r) {
  TimeEntryRecord e;
  e.id = r.get<std::string>(0);
  e.client_id = r.get<std::string>(1);
  e.ticket_id = r.get<std::string>(2);
  e.subscription_id = r.get<std::string>(3);
  e.period_key = r.get<std::string>(4);
  e.log_seq = r.get<long long>(5);
  e.operator_id = r.get<std::string>(6);
  e.operator_display_name = r.get<std::string>(7);
  e.note = r.get<std::string>(8);
  e.worked_at = FromMicros(r.get<long long>(9));
  e.minutes = r.get<int>(10);
  e.billed_minutes = r.get<int>(11);
  e.included_minutes = r.get<int>(12);
  e.overage_minutes = r.get<int>(13);
  e.timer = r.get<std::string>(14) == "TIMER";
  e.show_work_log = r.get<int>(15) != 0;
  e.delete_time = OptionalTime(r, 16);
  e.create_time = FromMicros(r.get<long long>(17));
  e.update_time = FromMicros(r.get<long long>(18));
  e.billable = r.get<int>(20) != 0;
  return e;
}

struct EntryWithPeriod {
  TimeEntryRecord entry;
  std::string period_id;
};

std::optional<EntryWithPeriod> SelectEntry(soci::session& s, const std::string& client_id,
                                           const std::string& ticket_id, const std::string& id,
                                           bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", EntryColumns(), kEntryFrom,
                    " where e.id = cast(:id as uuid) and e.ticket_id = cast(:t as uuid)"
                    " and e.client_id = cast(:c as uuid)",
                    for_update ? " for update of e" : ""),
      soci::use(id, "id"), soci::use(ticket_id, "t"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return EntryWithPeriod{EntryFromRow(r), r.get<std::string>(19)};
}

std::string EntryJson(const TimeEntryRecord& e) {
  util::JsonObject o;
  o.Add("minutes", e.minutes)
      .Add("billed_minutes", e.billed_minutes)
      .Add("included_minutes", e.included_minutes)
      .Add("overage_minutes", e.overage_minutes)
      .Add("billable", e.billable)
      .Add("work_time", absl::FormatTime(absl::RFC3339_full, e.worked_at, absl::UTCTimeZone()))
      .Add("period", e.period_key)
      .Add("operator", absl::StrCat("apiKeys/", e.operator_id))
      .Add("note", e.note)
      .Add("source", e.timer ? "TIMER" : "MANUAL");
  if (e.delete_time) o.Add("deleted", true);
  return o.str();
}

// R8 refusals name the period they apply to.
absl::Status WithPeriod(const absl::Status& st, const PeriodRecord& p) {
  domain::ErrorDetail d = domain::DetailOf(st);
  if (d.reason != domain::kReasonOverageNotApproved &&
      d.reason != domain::kReasonOverageCapReached) {
    return st;
  }
  d.metadata["period"] = PeriodRef(p.client_id, p.subscription_id, p.key);
  return domain::Error(st.code(), d.reason, st.message(), d.metadata);
}

// The approval of `ticket_id` for period `p` (R8), into `ctx`.
void ReadGrantInto(soci::session& s, const std::string& ticket_id, const PeriodRecord& p,
                   domain::EntryChangeContext* ctx) {
  ctx->ticket_id = ticket_id;
  ctx->overage = ReadOverageGrant(s, ticket_id, MonthDate(p.month));
}

struct TicketState {
  TicketStatus status = TicketStatus::kOpen;
  SubscriptionStatus subscription_status = SubscriptionStatus::kActive;
};

TicketState ReadTicketState(soci::session& s, const std::string& ticket_id) {
  TicketState out;
  std::string ticket_state, sub_state;
  s << "select t.state, su.state"
       " from tickets t join subscriptions su on su.id = t.subscription_id"
       " where t.id = cast(:t as uuid) for share of t",
      soci::use(ticket_id), soci::into(ticket_state), soci::into(sub_state);
  out.status = ParseTicketStatus(ticket_state);
  domain::ParseSubscriptionStatus(sub_state, &out.subscription_status);
  return out;
}

std::string IntArray(const std::vector<int64_t>& v) {
  return absl::StrCat("{", absl::StrJoin(v, ","), "}");
}

void InsertAlerts(soci::session& s, const PeriodRecord& p, int64_t used_before,
                  int64_t used_after) {
  for (int threshold : domain::CrossedThresholds(p.terms.included_minutes, used_before, used_after,
                                                 p.terms.notify_thresholds_percent)) {
    const long long used = used_after;
    s << "insert into usage_alerts (period_id, subscription_id, client_id, threshold_percent,"
         " used_minutes) values (cast(:p as uuid), cast(:s as uuid), cast(:c as uuid), :t, :u)"
         " on conflict on constraint usage_alerts_once_per_threshold do nothing",
        soci::use(p.id, "p"), soci::use(p.subscription_id, "s"), soci::use(p.client_id, "c"),
        soci::use(threshold, "t"), soci::use(used, "u");
  }
}

// R7: a ONE_TIME subscription used up becomes DEPLETED (and ACTIVE again when
// a correction frees minutes). Lock order: the period is already held.
void UpdateSubscriptionState(soci::session& s, const auth::Actor& actor,
                             const std::string& request_id, const PeriodRecord& p,
                             SubscriptionStatus current, int64_t used_after) {
  domain::PoolAllocation after;
  after.used_minutes = used_after;
  after.left_minutes = std::max<int64_t>(0, p.terms.included_minutes - used_after);
  const SubscriptionStatus next = domain::StatusAfterChange(p.terms.billing_cycle, current, after);
  if (next == current) return;
  const std::string from(domain::SubscriptionStatusName(current));
  const std::string to(domain::SubscriptionStatusName(next));
  s << "update subscriptions set state = :st, updated_at = now() where id = cast(:id as uuid)",
      soci::use(to, "st"), soci::use(p.subscription_id, "id");
  AppendAudit(
      s, actor, request_id,
      {next == SubscriptionStatus::kDepleted ? "DepleteSubscription" : "ReplenishSubscription",
       absl::StrCat("clients/", p.client_id, "/subscriptions/", p.subscription_id), p.client_id, "",
       util::JsonObject()
           .Add("from", from)
           .Add("to", to)
           .Add("used_minutes", used_after)
           .Add("included_minutes", static_cast<int64_t>(p.terms.included_minutes))
           .str()});
}

// Writes a recomputed period: every entry whose split changed (and those in
// `always`), every ticket line whose totals changed (and those of `always_tickets`),
// the period totals, alerts and the subscription state.
absl::Status WriteAllocation(soci::session& s, const auth::Actor& actor,
                             const std::string& request_id, const PeriodRecord& p,
                             const std::map<std::string, std::array<int64_t, 3>>& stored,
                             const domain::PoolAllocation& after,
                             const std::set<std::string>& always_tickets,
                             SubscriptionStatus subscription_status) {
  std::vector<std::string> ids;
  std::vector<int64_t> billed, included, overage;
  for (const domain::EntryAllocation& e : after.entries) {
    auto it = stored.find(e.entry_id);
    if (it != stored.end() && it->second[0] == e.billed_minutes &&
        it->second[1] == e.included_minutes && it->second[2] == e.overage_minutes) {
      continue;
    }
    ids.push_back(e.entry_id);
    billed.push_back(e.billed_minutes);
    included.push_back(e.included_minutes);
    overage.push_back(e.overage_minutes);
  }
  if (!ids.empty()) {
    const std::string ids_sql = absl::StrCat("{", absl::StrJoin(ids, ","), "}");
    const std::string b = IntArray(billed), i = IntArray(included), o = IntArray(overage);
    s << "update time_entries e set billed_minutes = x.b, included_minutes = x.i,"
         " overage_minutes = x.o, updated_at = now()"
         " from (select unnest(cast(:ids as uuid[])) as id, unnest(cast(:b as int[])) as b,"
         " unnest(cast(:i as int[])) as i, unnest(cast(:o as int[])) as o) x where e.id = x.id",
        soci::use(ids_sql, "ids"), soci::use(b, "b"), soci::use(i, "i"), soci::use(o, "o");
  }
  // Ticket lines: every line of the period is rewritten from the allocation
  // when it differs; a line with no live entry left goes to zero.
  soci::rowset<soci::row> lines =
      (s.prepare << "select ticket_id::text, raw_minutes, billed_minutes, overage_minutes,"
                    " overage_cost_minor, entry_count, non_billable_minutes from period_tickets"
                    " where period_id = cast(:p as uuid)",
       soci::use(p.id));
  struct Line {
    std::string ticket;
    int64_t raw, billed, overage, cost, count, non_billable;
  };
  std::vector<Line> current;
  for (const soci::row& r : lines) {
    current.push_back(Line{r.get<std::string>(0), r.get<int>(1), r.get<int>(2), r.get<int>(3),
                           r.get<long long>(4), r.get<int>(5), r.get<int>(6)});
  }
  const int64_t rate = RateOf(p);
  for (const Line& line : current) {
    const domain::TicketTotals* t = after.FindTicket(line.ticket);
    domain::TicketTotals totals = t ? *t : domain::TicketTotals{line.ticket};
    absl::StatusOr<int64_t> cost = domain::OverageCost(totals.overage_minutes, rate);
    if (!cost.ok()) return cost.status();
    if (line.raw == totals.raw_minutes && line.billed == totals.billed_minutes &&
        line.overage == totals.overage_minutes && line.cost == *cost &&
        line.count == totals.entry_count && line.non_billable == totals.non_billable_minutes &&
        !always_tickets.contains(line.ticket)) {
      continue;
    }
    const long long raw = totals.raw_minutes, bm = totals.billed_minutes,
                    om = totals.overage_minutes, cm = *cost, n = totals.entry_count,
                    nb = totals.non_billable_minutes;
    s << "update period_tickets set raw_minutes = :r, billed_minutes = :b, overage_minutes = :o,"
         " overage_cost_minor = :c, entry_count = :n, non_billable_minutes = :nb,"
         " last_worked_at = (select max(worked_at) from time_entries where period_id = cast(:p as "
         "uuid)"
         "   and ticket_id = cast(:t as uuid) and deleted_at is null), updated_at = now()"
         " where period_id = cast(:p as uuid) and ticket_id = cast(:t as uuid)",
        soci::use(raw, "r"), soci::use(bm, "b"), soci::use(om, "o"), soci::use(cm, "c"),
        soci::use(n, "n"), soci::use(nb, "nb"), soci::use(p.id, "p"), soci::use(line.ticket, "t");
  }
  const long long raw = after.raw_minutes, used = after.used_minutes, over = after.overage_minutes,
                  count = static_cast<long long>(after.entries.size());
  s << "update periods set raw_minutes = :r, used_minutes = :u, overage_minutes = :o,"
       " overage_cost_minor = (select coalesce(sum(overage_cost_minor), 0) from period_tickets"
       "   where period_id = cast(:p as uuid)),"
       " entry_count = :n, last_worked_at = (select max(worked_at) from time_entries"
       "   where period_id = cast(:p as uuid) and deleted_at is null), updated_at = now()"
       " where id = cast(:p as uuid)",
      soci::use(raw, "r"), soci::use(used, "u"), soci::use(over, "o"), soci::use(count, "n"),
      soci::use(p.id, "p");
  InsertAlerts(s, p, p.used_minutes, after.used_minutes);
  UpdateSubscriptionState(s, actor, request_id, p, subscription_status, after.used_minutes);
  return absl::OkStatus();
}

SubscriptionStatus ReadSubscriptionStatus(soci::session& s, const std::string& subscription_id) {
  std::string st;
  s << "select state from subscriptions where id = cast(:s as uuid)", soci::use(subscription_id),
      soci::into(st);
  SubscriptionStatus out = SubscriptionStatus::kActive;
  domain::ParseSubscriptionStatus(st, &out);
  return out;
}

}  // namespace

// Creates an entry (CreateTimeEntry, StopTimer) inside the caller's
// transaction.
absl::StatusOr<TimeEntryRecord> CreateInTransaction(soci::session& s, const auth::Actor& actor,
                                                    const std::string& request_id,
                                                    const NewEntry& in, bool timer,
                                                    const std::string& action,
                                                    const std::string& timer_id) {
  std::string subscription_id, time_zone, cycle_name, subscription_state;
  s << "select t.subscription_id::text, c.time_zone, v.billing_cycle, su.state from tickets t"
       " join subscriptions su on su.id = t.subscription_id"
       " join package_versions v on v.id = su.package_version_id"
       " join clients c on c.id = t.client_id"
       " where t.id = cast(:t as uuid) and t.client_id = cast(:c as uuid)",
      soci::use(in.ticket_id, "t"), soci::use(in.client_id, "c"), soci::into(subscription_id),
      soci::into(time_zone), soci::into(cycle_name), soci::into(subscription_state);
  if (!s.got_data()) return domain::NotFound(TicketRef(in.client_id, in.ticket_id));
  // R20 before any period is found or created (so before PERIOD_CLOSED). A
  // subscription that is not ACTIVE is refused below with its state
  // (SUBSCRIPTION_NOT_ACTIVE, R9), which says more; that refusal rolls back
  // whatever this transaction touched.
  if (subscription_state == "ACTIVE" || subscription_state == "DEPLETED") {
    if (absl::Status st = CheckWorkInWindow(s, in.client_id, subscription_id, in.worked_at);
        !st.ok()) {
      return st;
    }
  }
  BillingCycle cycle = BillingCycle::kMonthly;
  domain::ParseBillingCycle(cycle_name, &cycle);

  std::string operator_name = in.operator_display_name;
  if (operator_name.empty()) {
    // An ADMIN logging for another key: it must be a live OPERATOR or ADMIN key.
    std::string role;
    s << "select role, display_name from api_keys where id = cast(:id as uuid)",
        soci::use(in.operator_id), soci::into(role), soci::into(operator_name);
    if (!s.got_data()) return domain::NotFound(absl::StrCat("apiKeys/", in.operator_id));
    if (role != "OPERATOR" && role != "ADMIN") {
      return domain::InvalidField("time_entry.operator",
                                  "must name an OPERATOR or ADMIN key, not a CLIENT key");
    }
  }

  // Usually the period exists: find and lock it in one statement.
  std::string month_date;
  if (cycle == BillingCycle::kMonthly) {
    absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", time_zone);
    if (!tz.ok()) {
      return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "The client's time zone could not be loaded.");
    }
    month_date = MonthDate(domain::MonthOf(in.worked_at, *tz));
  }
  std::optional<PeriodRecord> period =
      SelectPeriodByMonth(s, subscription_id, month_date, /*for_update=*/true);
  if (!period) {
    absl::StatusOr<std::string> created =
        EnsurePeriod(s, in.client_id, subscription_id, cycle, time_zone, in.worked_at);
    if (!created.ok()) return created.status();
    period = SelectPeriodById(s, *created, /*for_update=*/true);
    if (!period) return domain::NotFound("period");
  }
  const std::string* period_id = &period->id;

  // Under the period lock: the ticket (shared), its line in the period.
  std::string ticket_state, sub_state;
  int has_line = 0, line_raw = 0, line_billed = 0, line_overage = 0;
  long long line_cost = 0;
  s << "select t.state, su.state,"
       " (pt.ticket_id is not null)::int, coalesce(pt.raw_minutes - pt.non_billable_minutes, 0),"
       " coalesce(pt.billed_minutes, 0), coalesce(pt.overage_minutes, 0),"
       " coalesce(pt.overage_cost_minor, 0)"
       " from tickets t join subscriptions su on su.id = t.subscription_id"
       " left join period_tickets pt on pt.period_id = cast(:p as uuid) and pt.ticket_id = t.id"
       " where t.id = cast(:t as uuid) for share of t",
      soci::use(*period_id, "p"), soci::use(in.ticket_id, "t"), soci::into(ticket_state),
      soci::into(sub_state), soci::into(has_line), soci::into(line_raw),
      soci::into(line_billed), soci::into(line_overage), soci::into(line_cost);

  domain::EntryChangeContext context;
  context.cycle = period->terms.billing_cycle;
  context.period_state = period->state;
  domain::ParseSubscriptionStatus(sub_state, &context.subscription_status);
  context.ticket_status = ParseTicketStatus(ticket_state);
  context.require_overage_approval = period->terms.require_overage_approval;
  ReadGrantInto(s, in.ticket_id, *period, &context);
  context.ticket_overage_minutes = line_overage;

  const domain::PoolTerms terms = PoolTermsOf(*period);
  absl::StatusOr<domain::EntryAllocation> appended =
      domain::AllocateAppended(terms, period->used_minutes, line_raw,
                               domain::PoolEntry{"new", in.ticket_id, in.minutes, in.billable});
  if (!appended.ok()) return appended.status();
  if (absl::Status st = domain::CheckNewEntry(context, terms, period->used_minutes, *appended);
      !st.ok()) {
    if (domain::DetailOf(st).reason == domain::kReasonPeriodClosed) {
      return PeriodClosedError(PeriodRef(period->client_id, period->subscription_id, period->key));
    }
    return WithPeriod(st, *period);
  }

  const int64_t rate = RateOf(*period);
  const long long new_overage = line_overage + appended->overage_minutes;
  absl::StatusOr<int64_t> cost = domain::OverageCost(new_overage, rate);
  if (!cost.ok()) return cost.status();
  const long long new_cost = *cost;
  const long long cost_delta = new_cost - line_cost;
  const long long minutes = in.minutes, billed = appended->billed_minutes,
                  included = appended->included_minutes, overage = appended->overage_minutes;
  const long long non_billable = in.billable ? 0 : minutes;
  const int billable = in.billable ? 1 : 0;
  const long long worked_us = ToMicros(in.worked_at);
  s << "insert into period_tickets (period_id, ticket_id, subscription_id, client_id, raw_minutes,"
       " billed_minutes, overage_minutes, overage_cost_minor, entry_count, last_worked_at,"
       " non_billable_minutes)"
       " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid), :m, :b,"
       " :o, :cost, 1, " SBT_TS(":w") ", :nb)"
       " on conflict (period_id, ticket_id) do update set"
       " raw_minutes = period_tickets.raw_minutes + excluded.raw_minutes,"
       " non_billable_minutes = period_tickets.non_billable_minutes + excluded.non_billable_minutes,"
       " billed_minutes = period_tickets.billed_minutes + excluded.billed_minutes,"
       " overage_minutes = :onew, overage_cost_minor = excluded.overage_cost_minor,"
       " entry_count = period_tickets.entry_count + 1,"
       " last_worked_at = greatest(period_tickets.last_worked_at, excluded.last_worked_at),"
       " updated_at = now()",
      soci::use(*period_id, "p"), soci::use(in.ticket_id, "t"), soci::use(subscription_id, "s"),
      soci::use(in.client_id, "c"), soci::use(minutes, "m"), soci::use(billed, "b"),
      soci::use(overage, "o"), soci::use(new_cost, "cost"), soci::use(worked_us, "w"),
      soci::use(new_overage, "onew"), soci::use(non_billable, "nb");

  const std::string source = timer ? "TIMER" : "MANUAL";
  TimeEntryRecord e;
  long long log_seq = 0, created_us = 0, updated_us = 0;
  s << "insert into time_entries (ticket_id, period_id, subscription_id, client_id, operator_id,"
       " operator_display_name, note, worked_at, minutes, billed_minutes, included_minutes,"
       " overage_minutes, source, billable)"
       " values (cast(:t as uuid), cast(:p as uuid), cast(:s as uuid), cast(:c as uuid), :op,"
       " :opn, :note, " SBT_TS(":w") ", :m, :b, :i, :o, :src, :bl = 1)"
       " returning id::text, log_seq, " SBT_EPOCH_US("created_at") ", " SBT_EPOCH_US("updated_at"),
      soci::use(in.ticket_id, "t"), soci::use(*period_id, "p"), soci::use(subscription_id, "s"),
      soci::use(in.client_id, "c"), soci::use(in.operator_id, "op"),
      soci::use(operator_name, "opn"), soci::use(in.note, "note"), soci::use(worked_us, "w"),
      soci::use(minutes, "m"), soci::use(billed, "b"), soci::use(included, "i"),
      soci::use(overage, "o"), soci::use(source, "src"), soci::use(billable, "bl"),
      soci::into(e.id), soci::into(log_seq),
      soci::into(created_us), soci::into(updated_us);

  const long long used_after = period->used_minutes + billed;
  s << "update periods set raw_minutes = raw_minutes + :m, used_minutes = used_minutes + :b,"
       " overage_minutes = greatest(0, used_minutes + :b - included_minutes),"
       " overage_cost_minor = overage_cost_minor + :dc, entry_count = entry_count + 1,"
       " last_worked_at = greatest(last_worked_at, " SBT_TS(":w") "), updated_at = now()"
       " where id = cast(:p as uuid)",
      soci::use(minutes, "m"), soci::use(billed, "b"), soci::use(cost_delta, "dc"),
      soci::use(worked_us, "w"), soci::use(*period_id, "p");
  InsertAlerts(s, *period, period->used_minutes, used_after);
  UpdateSubscriptionState(s, actor, request_id, *period, context.subscription_status, used_after);

  if (!timer_id.empty()) {
    soci::statement del =
        (s.prepare << "delete from timers where id = cast(:id as uuid)", soci::use(timer_id));
    del.execute(true);
    if (del.get_affected_rows() == 0) {
      return domain::NotFound(TimerRef(in.client_id, in.ticket_id, timer_id));
    }
  }

  e.client_id = in.client_id;
  e.ticket_id = in.ticket_id;
  e.subscription_id = subscription_id;
  e.period_key = period->key;
  e.log_seq = log_seq;
  e.operator_id = in.operator_id;
  e.operator_display_name = operator_name;
  e.note = in.note;
  e.worked_at = FromMicros(worked_us);
  e.minutes = minutes;
  e.billed_minutes = billed;
  e.included_minutes = included;
  e.overage_minutes = overage;
  e.billable = in.billable;
  e.timer = timer;
  e.show_work_log = period->terms.show_work_log_to_client;
  e.create_time = FromMicros(created_us);
  e.update_time = FromMicros(updated_us);
  util::JsonObject details;
  details.AddRaw("after", EntryJson(e));
  if (!timer_id.empty()) details.Add("timer", TimerRef(in.client_id, in.ticket_id, timer_id));
  AppendAudit(s, actor, request_id,
              {action, EntryRef(in.client_id, in.ticket_id, e.id), in.client_id, in.ticket_id,
               details.str()});
  return e;
}

absl::Status NotOwner(const std::string& name) {
  return domain::Error(absl::StatusCode::kPermissionDenied, "OPERATOR_NOT_OWNER",
                       absl::StrCat(name,
                                    " belongs to another operator: only its operator or an "
                                    "ADMIN key may change it."),
                       {{"resource_name", name}});
}

// ---------------------------------------------------------------------------
// TimeLogStore
// ---------------------------------------------------------------------------

absl::StatusOr<std::string> TimeLogStore::CreateEntry(const auth::Actor& actor,
                                                      const IdempotencyKey& key, const NewEntry& in,
                                                      absl::Time,
                                                      const Encoder<TimeEntryRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    absl::StatusOr<TimeEntryRecord> e =
        CreateInTransaction(s, actor, key.request_id, in, false, "CreateTimeEntry", "");
    if (!e.ok()) return e.status();
    return encode(*e);
  });
}

absl::StatusOr<TimeEntryRecord> TimeLogStore::GetEntry(const std::string& client_id,
                                                       const std::string& ticket_id,
                                                       const std::string& id) {
  std::optional<EntryWithPeriod> e;
  absl::Status st = db_.Run([&](soci::session& s) {
    e = SelectEntry(s, client_id, ticket_id, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!e) return domain::NotFound(EntryRef(client_id, ticket_id, id));
  return e->entry;
}

absl::StatusOr<Page<TimeEntryRecord>> TimeLogStore::ListEntries(const EntryFilter& f,
                                                                const PageRequest& page) {
  Page<TimeEntryRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int found = 0;
    if (!f.ticket_id.empty()) {
      s << "select count(*)::int from tickets where id = cast(:t as uuid)"
           " and client_id = cast(:c as uuid)",
          soci::use(f.ticket_id, "t"), soci::use(f.client_id, "c"), soci::into(found);
      if (!found) return domain::NotFound(TicketRef(f.client_id, f.ticket_id));
    } else {
      s << "select count(*)::int from clients where id = cast(:c as uuid)",
          soci::use(f.client_id, "c"), soci::into(found);
      if (!found) return domain::NotFound(absl::StrCat("clients/", f.client_id));
    }
    const long long after = page.after ? page.after->created_us : 0;
    const int fetch = page.limit + 1;
    const int deleted = f.show_deleted ? 1 : 0;
    const int client_view = f.client_view ? 1 : 0;
    soci::rowset<soci::row> rows =
        (s.prepare << absl::StrCat("select ", EntryColumns(), kEntryFrom,
                                   " where e.client_id = cast(:c as uuid)"
                                   " and (:t = '' or e.ticket_id = cast(nullif(:t, '') as uuid))"
                                   " and (:p = '' or e.period_id = cast(nullif(:p, '') as uuid))"
                                   " and (:op = '' or (e.operator_id = :op"
                                   "   and (:cv = 0 or pe.show_work_log_to_client)))"
                                   " and (:del = 1 or e.deleted_at is null)"
                                   " and e.log_seq > :after order by e.log_seq limit :fetch"),
         soci::use(f.client_id, "c"), soci::use(f.ticket_id, "t"), soci::use(f.period_id, "p"),
         soci::use(f.operator_id, "op"), soci::use(client_view, "cv"), soci::use(deleted, "del"),
         soci::use(after, "after"), soci::use(fetch, "fetch"));
    for (const soci::row& x : rows) out.items.push_back(EntryFromRow(x));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{out.items.back().log_seq, out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

namespace {

struct ChangeRequest {
  bool remove = false;
  EntryEdit edit;
};

absl::StatusOr<TimeEntryRecord> ChangeInTransaction(soci::session& s, const auth::Actor& actor,
                                                    const std::string& request_id,
                                                    const std::string& client_id,
                                                    const std::string& ticket_id,
                                                    const std::string& id, const std::string& owner,
                                                    const ChangeRequest& change) {
  const std::string name = EntryRef(client_id, ticket_id, id);
  std::optional<EntryWithPeriod> first = SelectEntry(s, client_id, ticket_id, id, false);
  if (!first) return domain::NotFound(name);
  if (!owner.empty() && first->entry.operator_id != owner) return NotOwner(name);
  std::optional<PeriodRecord> source = SelectPeriodById(s, first->period_id, false);
  if (!source) return domain::NotFound(name);

  // The target period when work_time moves the entry to another month.
  std::string target_id = source->id;
  if (!change.remove && change.edit.worked_at) {
    if (absl::Status st =
            CheckWorkInWindow(s, client_id, source->subscription_id, *change.edit.worked_at);
        !st.ok()) {
      return st;
    }
  }
  if (!change.remove && change.edit.worked_at &&
      source->terms.billing_cycle == BillingCycle::kMonthly) {
    absl::StatusOr<std::string> t =
        EnsurePeriod(s, client_id, source->subscription_id, BillingCycle::kMonthly,
                     source->time_zone, *change.edit.worked_at);
    if (!t.ok()) return t.status();
    target_id = *t;
  }
  // Lock the period(s) in id order, then re-read the entry under the lock.
  std::vector<std::string> lock_ids = {source->id};
  if (target_id != source->id) lock_ids.push_back(target_id);
  std::sort(lock_ids.begin(), lock_ids.end());
  std::map<std::string, PeriodRecord> locked;
  for (const std::string& pid : lock_ids) {
    std::optional<PeriodRecord> p = SelectPeriodById(s, pid, true);
    if (!p) return domain::NotFound(name);
    locked.emplace(pid, *p);
  }
  std::optional<EntryWithPeriod> now_entry = SelectEntry(s, client_id, ticket_id, id, true);
  if (!now_entry) return domain::NotFound(name);
  if (now_entry->period_id != source->id) {
    return domain::Error(absl::StatusCode::kAborted, "CONCURRENCY_CONFLICT",
                         "The entry moved to another period meanwhile; retry.");
  }
  const TimeEntryRecord before = now_entry->entry;
  const PeriodRecord& src = locked.at(source->id);
  const PeriodRecord& dst = locked.at(target_id);
  if (src.state == PeriodState::kClosed) {
    return PeriodClosedError(PeriodRef(client_id, src.subscription_id, src.key));
  }
  if (dst.state == PeriodState::kClosed) {
    return PeriodClosedError(PeriodRef(client_id, dst.subscription_id, dst.key));
  }
  if (before.delete_time) {
    return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                         absl::StrCat(name, " is deleted and can no longer change."),
                         {{"resource_name", name}});
  }
  const TicketState ticket = ReadTicketState(s, ticket_id);
  const SubscriptionStatus sub_status = ticket.subscription_status;
  const bool moved = target_id != source->id;
  const int64_t minutes = change.edit.minutes.value_or(before.minutes);
  const bool billable = change.edit.billable.value_or(before.billable);

  struct Side {
    const PeriodRecord* period;
    std::map<std::string, std::array<int64_t, 3>> stored;
    domain::ChangeOutcome outcome;
  };
  std::vector<Side> sides;
  auto evaluate = [&](const PeriodRecord& p, const domain::EntryChange& c) -> absl::Status {
    Side side{&p, {}, {}};
    std::vector<domain::PoolEntry> entries = LiveEntries(s, p.id, &side.stored);
    absl::StatusOr<domain::ChangeOutcome> o = domain::EvaluateChange(PoolTermsOf(p), entries, c);
    if (!o.ok()) return o.status();
    domain::EntryChangeContext ctx;
    ctx.cycle = p.terms.billing_cycle;
    ctx.period_state = p.state;
    ctx.subscription_status = sub_status;
    ctx.ticket_status = ticket.status;
    ctx.require_overage_approval = p.terms.require_overage_approval;
    ReadGrantInto(s, ticket_id, p, &ctx);
    if (absl::Status st = domain::CheckEntryChange(ctx, *o); !st.ok()) return WithPeriod(st, p);
    side.outcome = std::move(*o);
    sides.push_back(std::move(side));
    return absl::OkStatus();
  };
  if (change.remove) {
    if (auto st = evaluate(src, domain::EntryChange::Delete(id)); !st.ok()) return st;
  } else if (!moved) {
    if (auto st = evaluate(src, domain::EntryChange::Edit(id, minutes, billable)); !st.ok()) {
      return st;
    }
  } else {
    if (auto st = evaluate(src, domain::EntryChange::Delete(id)); !st.ok()) return st;
    if (auto st = evaluate(
            dst, domain::EntryChange::Create(domain::PoolEntry{id, ticket_id, minutes, billable}));
        !st.ok()) {
      return st;
    }
  }

  // The entry itself.
  const std::string note = change.edit.note.value_or(before.note);
  const long long worked_us = ToMicros(change.edit.worked_at.value_or(before.worked_at));
  const long long raw = minutes;
  const int remove = change.remove ? 1 : 0;
  const int move = moved ? 1 : 0;
  const int billable_flag = billable ? 1 : 0;
  if (moved) {
    s << "insert into period_tickets (period_id, ticket_id, subscription_id, client_id)"
         " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid))"
         " on conflict (period_id, ticket_id) do nothing",
        soci::use(target_id, "p"), soci::use(ticket_id, "t"), soci::use(dst.subscription_id, "s"),
        soci::use(client_id, "c");
  }
  // Split columns are written below from the allocation; a deleted or
  // non-billable entry bills nothing (and a CHECK holds the latter to it).
  s << "update time_entries set minutes = :m, note = :n, worked_at = " SBT_TS(":w") ","
       " period_id = cast(:p as uuid), billable = (:bl = 1),"
       " log_seq = case when :mv = 1 then nextval('time_entries_log_seq') else log_seq end,"
       " deleted_at = case when :rm = 1 then now() else deleted_at end,"
       " billed_minutes = case when :rm = 1 or :bl = 0 then 0 else billed_minutes end,"
       " included_minutes = case when :rm = 1 or :bl = 0 then 0 else included_minutes end,"
       " overage_minutes = case when :rm = 1 or :bl = 0 then 0 else overage_minutes end,"
       " updated_at = now() where id = cast(:id as uuid)",
      soci::use(raw, "m"), soci::use(note, "n"), soci::use(worked_us, "w"),
      soci::use(target_id, "p"), soci::use(billable_flag, "bl"), soci::use(move, "mv"),
      soci::use(remove, "rm"), soci::use(id, "id");
  for (Side& side : sides) {
    std::set<std::string> always = {ticket_id};
    // A moved entry is new in the target: its stored split is not there.
    if (side.period->id == target_id && moved) side.stored.erase(id);
    if (absl::Status st = WriteAllocation(s, actor, request_id, *side.period, side.stored,
                                          side.outcome.after, always, sub_status);
        !st.ok()) {
      return st;
    }
  }
  std::optional<EntryWithPeriod> after = SelectEntry(s, client_id, ticket_id, id, false);
  AppendAudit(s, actor, request_id,
              {change.remove ? "DeleteTimeEntry" : "UpdateTimeEntry", name, client_id, ticket_id,
               util::JsonObject()
                   .AddRaw("before", EntryJson(before))
                   .AddRaw("after", EntryJson(after->entry))
                   .str()});
  return after->entry;
}

}  // namespace

absl::StatusOr<std::string> TimeLogStore::UpdateEntry(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& ticket_id, const std::string& id, const std::string& owner,
    const EntryEdit& edit, absl::Time, const Encoder<TimeEntryRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    absl::StatusOr<TimeEntryRecord> e = ChangeInTransaction(s, actor, key.request_id, client_id,
                                                            ticket_id, id, owner, {false, edit});
    if (!e.ok()) return e.status();
    return encode(*e);
  });
}

absl::StatusOr<std::string> TimeLogStore::DeleteEntry(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& ticket_id, const std::string& id, const std::string& owner,
    const Encoder<TimeEntryRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    absl::StatusOr<TimeEntryRecord> e =
        ChangeInTransaction(s, actor, key.request_id, client_id, ticket_id, id, owner, {true, {}});
    if (!e.ok()) return e.status();
    return encode(*e);
  });
}

absl::StatusOr<PeriodRecord> TimeLogStore::GetPeriod(const std::string& client_id,
                                                     const std::string& subscription_id,
                                                     const std::string& key) {
  std::optional<PeriodRecord> p;
  const std::string month_date = key == kBucketKey ? "" : absl::StrCat(key, "-01");
  absl::Status st = db_.Run([&](soci::session& s) {
    p = SelectPeriodByMonth(s, subscription_id, month_date, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!p || p->client_id != client_id) {
    return domain::NotFound(PeriodRef(client_id, subscription_id, key));
  }
  return *p;
}

absl::StatusOr<std::string> TimeLogStore::PeriodId(const std::string& client_id,
                                                   const std::string& subscription_id,
                                                   const std::string& key) {
  absl::StatusOr<PeriodRecord> p = GetPeriod(client_id, subscription_id, key);
  if (!p.ok()) return p.status();
  return p->id;
}

absl::StatusOr<Page<PeriodRecord>> TimeLogStore::ListPeriods(const std::string& client_id,
                                                             const std::string& subscription_id,
                                                             std::optional<PeriodState> state,
                                                             const PageRequest& page) {
  Page<PeriodRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int found = 0;
    s << "select count(*)::int from subscriptions where id = cast(:s as uuid)"
         " and client_id = cast(:c as uuid)",
        soci::use(subscription_id, "s"), soci::use(client_id, "c"), soci::into(found);
    if (!found) {
      return domain::NotFound(
          absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
    }
    out = SelectPeriodsNewestFirst(s, subscription_id, state, /*months_only=*/false, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::Status ResnapshotPeriodInTransaction(soci::session& s, const auth::Actor& actor,
                                           const std::string& request_id,
                                           const std::string& period_id,
                                           const std::string& version_id) {
  std::optional<PeriodRecord> before = SelectPeriodById(s, period_id, true);
  if (!before) return absl::OkStatus();
  int included = 0, increment = 1;
  std::string scope, direction, cycle;
  s << "select v.included_minutes, v.billing_increment_minutes, v.rounding_scope,"
       " v.rounding_direction, v.billing_cycle from package_versions v where v.id = cast(:v as "
       "uuid)",
      soci::use(version_id), soci::into(included), soci::into(increment), soci::into(scope),
      soci::into(direction), soci::into(cycle);
  domain::PoolTerms terms;
  terms.included_minutes = included;
  terms.increment_minutes = increment;
  domain::ParseScope(scope, &terms.scope);
  domain::ParseDirection(direction, &terms.direction);
  std::map<std::string, std::array<int64_t, 3>> stored;
  std::vector<domain::PoolEntry> entries = LiveEntries(s, period_id, &stored);
  absl::StatusOr<domain::PoolAllocation> after = domain::Allocate(terms, entries);
  if (!after.ok()) return after.status();
  if (cycle == "ONE_TIME" && after->used_minutes > included) {
    return domain::Error(
        absl::StatusCode::kFailedPrecondition, domain::kReasonBucketExhausted,
        absl::StrCat("The new terms include ", included, " minutes but the bucket already holds ",
                     after->used_minutes, " billed minutes: the change would overflow it."),
        {{std::string(domain::kMetaMinutesLeft), "0"}});
  }
  const long long raw = after->raw_minutes, used = after->used_minutes,
                  over = after->overage_minutes;
  // Totals consistent with the new terms at once (the CHECKs hold after each
  // statement); the cost is summed again from the recomputed lines below.
  s << "update periods pe set package_version_id = v.id, included_minutes = v.included_minutes,"
       " billing_increment_minutes = v.billing_increment_minutes,"
       " rounding_scope = v.rounding_scope, rounding_direction = v.rounding_direction,"
       " period_price_minor = pr.period_price_minor,"
       " overage_hourly_rate_minor = pr.overage_hourly_rate_minor, item_name = v.item_name,"
       " invoice_action = v.invoice_action, show_work_log_to_client = v.show_work_log_to_client,"
       " notify_thresholds_percent = v.notify_thresholds_percent,"
       " require_overage_approval = v.require_overage_approval,"
       " raw_minutes = :r, used_minutes = :u, overage_minutes = :o, overage_cost_minor = 0,"
       " updated_at = now()"
       " from package_versions v join package_version_prices pr on pr.package_version_id = v.id"
       " where v.id = cast(:v as uuid) and pr.currency = pe.currency and pe.id = cast(:p as uuid)",
      soci::use(raw, "r"), soci::use(used, "u"), soci::use(over, "o"), soci::use(version_id, "v"),
      soci::use(period_id, "p");
  std::optional<PeriodRecord> p = SelectPeriodById(s, period_id, false);
  p->used_minutes = before->used_minutes;  // alerts compare with the usage before
  return WriteAllocation(s, actor, request_id, *p, stored, *after, {},
                         ReadSubscriptionStatus(s, p->subscription_id));
}

}  // namespace supportbytime::storage
