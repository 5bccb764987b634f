// TimeLogStore: what entries are logged on, periods, ticket lines and the
// rewrite of a recomputed period.
#include "server/storage/time_log_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/account.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/database.h"
#include "server/storage/overage_approvals.h"
#include "server/storage/period_rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::Tx;

// The ticket an entry goes on, with its subscription, the client's zone and
// the billing cycle of the subscription's version.
constexpr Sql kFindTicket{
    "time_log.find_ticket",
    "select t.subscription_id::text, c.time_zone, v.billing_cycle, su.state, t.state"
    " from tickets t join subscriptions su on su.id = t.subscription_id"
    " join package_versions v on v.id = su.package_version_id"
    " join clients c on c.id = t.client_id"
    " where t.id = cast(:t as uuid) and t.client_id = cast(:c as uuid)"};

// The role and name of an API key named as an entry's operator.
constexpr Sql kFindOperatorKey{
    "time_log.find_operator_key",
    "select role, display_name from api_keys where id = cast(:id as uuid)"};

// R20: a subscription's first activation and termination.
constexpr Sql kSubscriptionWindow{
    "time_log.subscription_window",
    "select " SBT_EPOCH_US("activated_at") ", " SBT_EPOCH_US("terminated_at")
    " from subscriptions where id = cast(:s as uuid)"};

// A ticket's and its subscription's states, the ticket share-locked.
constexpr Sql kTicketStates{
    "time_log.ticket_states",
    "select t.state, su.state from tickets t join subscriptions su on su.id = t.subscription_id"
    " where t.id = cast(:t as uuid) for share of t"};

// A subscription's state.
constexpr Sql kSubscriptionState{"time_log.subscription_state",
                                 "select state from subscriptions where id = cast(:s as uuid)"};

// The id of a subscription's period of a month ('' for the bucket).
constexpr Sql kFindPeriodId{
    "time_log.find_period_id",
    "select id::text from periods where subscription_id = cast(:s as uuid)"
    " and month is not distinct from cast(nullif(:m, '') as date)"};

// Waits for a run of ClosePeriods that writes its watermark (it holds the
// exclusive form of this lock) when the month ending at :e has ended.
constexpr Sql kAwaitWatermark{
    "time_log.await_watermark",
    "select pg_advisory_xact_lock_shared(hashtext('periods.watermark'))"
    " from (select 1) o where " SBT_TS(":e") " <= " SBT_TS(":now")};

// Whether ClosePeriods passed the month: a completed run covers its end, or
// a later month of the subscription is CLOSED (a run that stopped half-way).
constexpr Sql kClosingPassed{
    "time_log.closing_passed",
    "select (exists (select 1 from close_runs where as_of >= " SBT_TS(":e") ")"
    " or exists (select 1 from periods where subscription_id = cast(:s as uuid)"
    "   and state = 'CLOSED' and month >= cast(:m as date)))::int"};

// R3: the package version in force at the period's start (:st, or the
// bucket's when :b = 1) and whether it is priced in the client's currency.
constexpr Sql kTermsInForce{
    "time_log.terms_in_force",
    "select v.package_id::text, v.id::text, c.currency,"
    " (exists (select 1 from package_version_prices pr where pr.package_version_id = v.id"
    "   and pr.currency = c.currency))::int"
    " from subscriptions su join clients c on c.id = su.client_id"
    " join package_versions v on v.id = subscription_version_at(su.id, case when :b = 1"
    "   then coalesce(su.activated_at, " SBT_TS(":now") ")"
    "   else greatest(" SBT_TS(":st") ", su.activated_at) end)"
    " where su.id = cast(:s as uuid)"};

// A period with the snapshot of version :v priced in :cur; nothing when it
// was created concurrently.
constexpr Sql kInsertPeriod{
    "time_log.insert_period",
    "insert into periods (subscription_id, month, starts_at, ends_at, package_version_id,"
    " billing_cycle, included_minutes, billing_increment_minutes, rounding_scope,"
    " rounding_direction, currency, period_price_minor, overage_hourly_rate_minor, item_name,"
    " invoice_action, show_work_log_to_client, notify_thresholds_percent,"
    " require_overage_approval, created_at, updated_at)"
    " select cast(:s as uuid), cast(nullif(:m, '') as date),"
    " case when :b = 1 then null else " SBT_TS(":st") " end,"
    " case when :b = 1 then null else " SBT_TS(":en") " end,"
    " v.id, v.billing_cycle, v.included_minutes, v.billing_increment_minutes,"
    " v.rounding_scope, v.rounding_direction, pr.currency, pr.period_price_minor,"
    " pr.overage_hourly_rate_minor, v.item_name, v.invoice_action,"
    " v.show_work_log_to_client, v.notify_thresholds_percent, v.require_overage_approval,"
    " " SBT_TS(":now") ", " SBT_TS(":now")
    " from package_versions v join package_version_prices pr on pr.package_version_id = v.id"
    " where v.id = cast(:v as uuid) and pr.currency = :cur"
    " on conflict on constraint periods_one_per_month do nothing returning id::text"};

// A period's live entries in logged order, with their stored splits.
constexpr Sql kLiveEntries{
    "time_log.live_entries",
    "select id::text, ticket_id::text, minutes, billed_minutes, included_minutes,"
    " overage_minutes, billable::int from time_entries"
    " where period_id = cast(:p as uuid) and deleted_at is null order by log_seq"};

// A period's ticket lines.
constexpr Sql kTicketLines{
    "time_log.ticket_lines",
    "select ticket_id::text, raw_minutes, billed_minutes, overage_minutes,"
    " overage_cost_minor, entry_count, non_billable_minutes from period_tickets"
    " where period_id = cast(:p as uuid)"};

// New splits of several entries (arrays of equal length).
constexpr Sql kWriteSplits{
    "time_log.write_splits",
    "update time_entries e set billed_minutes = x.b, included_minutes = x.i,"
    " overage_minutes = x.o, updated_at = " SBT_TS(":now")
    " from (select unnest(cast(:ids as uuid[])) as id, unnest(cast(:b as int[])) as b,"
    " unnest(cast(:i as int[])) as i, unnest(cast(:o as int[])) as o) x where e.id = x.id"};

// A ticket line's recomputed totals.
constexpr Sql kWriteTicketLine{
    "time_log.write_ticket_line",
    "update period_tickets set raw_minutes = :r, billed_minutes = :b, overage_minutes = :o,"
    " overage_cost_minor = :c, entry_count = :n, non_billable_minutes = :nb,"
    " last_worked_at = (select max(worked_at) from time_entries where period_id = cast(:p as uuid)"
    "   and ticket_id = cast(:t as uuid) and deleted_at is null), updated_at = " SBT_TS(":now")
    " where period_id = cast(:p as uuid) and ticket_id = cast(:t as uuid)"};

// A period's recomputed totals; the cost is the sum of its lines'.
constexpr Sql kWritePeriodTotals{
    "time_log.write_period_totals",
    "update periods set raw_minutes = :r, used_minutes = :u, overage_minutes = :o,"
    " overage_cost_minor = (select coalesce(sum(overage_cost_minor), 0) from period_tickets"
    "   where period_id = cast(:p as uuid)),"
    " entry_count = :n, last_worked_at = (select max(worked_at) from time_entries"
    "   where period_id = cast(:p as uuid) and deleted_at is null),"
    " updated_at = " SBT_TS(":now") " where id = cast(:p as uuid)"};

// R14: an alert of a threshold, once per period.
constexpr Sql kInsertAlert{
    "time_log.insert_alert",
    "insert into usage_alerts (period_id, subscription_id, client_id, threshold_percent,"
    " used_minutes) values (cast(:p as uuid), cast(:s as uuid), cast(:c as uuid), :t, :u)"
    " on conflict on constraint usage_alerts_once_per_threshold do nothing"};

// R7: a subscription's new state.
constexpr Sql kSetSubscriptionState{
    "time_log.set_subscription_state",
    "update subscriptions set state = :st, updated_at = " SBT_TS(":now")
    " where id = cast(:id as uuid)"};

// A ticket's state and subscription's state with its line in a period,
// read under the period's lock (the ticket share-locked).
constexpr Sql kTicketInPeriod{
    "time_log.ticket_in_period",
    "select t.state, su.state,"
    " coalesce(pt.raw_minutes - pt.non_billable_minutes, 0),"
    " coalesce(pt.billed_minutes, 0), coalesce(pt.overage_minutes, 0),"
    " coalesce(pt.overage_cost_minor, 0)"
    " from tickets t join subscriptions su on su.id = t.subscription_id"
    " left join period_tickets pt on pt.period_id = cast(:p as uuid) and pt.ticket_id = t.id"
    " where t.id = cast(:t as uuid) for share of t"};

// A new entry's minutes added to its ticket's line (created when missing).
constexpr Sql kAddToTicketLine{
    "time_log.add_to_ticket_line",
    "insert into period_tickets (period_id, ticket_id, subscription_id, client_id, raw_minutes,"
    " billed_minutes, overage_minutes, overage_cost_minor, entry_count, last_worked_at,"
    " non_billable_minutes, created_at, updated_at)"
    " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid), :m, :b,"
    " :o, :cost, 1, " SBT_TS(":w") ", :nb, " SBT_TS(":now") ", " SBT_TS(":now") ")"
    " on conflict (period_id, ticket_id) do update set"
    " raw_minutes = period_tickets.raw_minutes + excluded.raw_minutes,"
    " non_billable_minutes = period_tickets.non_billable_minutes + excluded.non_billable_minutes,"
    " billed_minutes = period_tickets.billed_minutes + excluded.billed_minutes,"
    " overage_minutes = :onew, overage_cost_minor = excluded.overage_cost_minor,"
    " entry_count = period_tickets.entry_count + 1,"
    " last_worked_at = greatest(period_tickets.last_worked_at, excluded.last_worked_at),"
    " updated_at = excluded.updated_at"};

// A new entry's minutes added to its period's totals.
constexpr Sql kAddToPeriod{
    "time_log.add_to_period",
    "update periods set raw_minutes = raw_minutes + :m, used_minutes = used_minutes + :b,"
    " overage_minutes = greatest(0, used_minutes + :b - included_minutes),"
    " overage_cost_minor = overage_cost_minor + :dc, entry_count = entry_count + 1,"
    " last_worked_at = greatest(last_worked_at, " SBT_TS(":w") "),"
    " updated_at = " SBT_TS(":now") " where id = cast(:p as uuid)"};

// A new entry, last in logged order.
constexpr Sql kInsertEntry{
    "time_log.insert_entry",
    "insert into time_entries (ticket_id, period_id, subscription_id, client_id, operator_id,"
    " operator_display_name, note, worked_at, minutes, billed_minutes, included_minutes,"
    " overage_minutes, source, billable, created_at, updated_at)"
    " values (cast(:t as uuid), cast(:p as uuid), cast(:s as uuid), cast(:c as uuid), :op,"
    " :opn, :note, " SBT_TS(":w") ", :m, :b, :i, :o, :src, :bl = 1, " SBT_TS(":now") ", "
    SBT_TS(":now") ") returning id::text, log_seq, " SBT_EPOCH_US("worked_at") ", "
    SBT_EPOCH_US("created_at") ", " SBT_EPOCH_US("updated_at")};

// The (empty) line of a ticket in the period an entry moves into.
constexpr Sql kEnsureTicketLine{
    "time_log.ensure_ticket_line",
    "insert into period_tickets (period_id, ticket_id, subscription_id, client_id,"
    " created_at, updated_at)"
    " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid), "
    SBT_TS(":now") ", " SBT_TS(":now") ") on conflict (period_id, ticket_id) do nothing"};

// An edited or deleted entry. Its split is written from the allocation
// afterwards; a deleted or non-billable entry bills nothing (a CHECK holds
// the latter to it). A moved entry takes a new logged position.
constexpr Sql kUpdateEntry{
    "time_log.update_entry",
    "update time_entries set minutes = :m, note = :n, worked_at = " SBT_TS(":w") ","
    " period_id = cast(:p as uuid), billable = (:bl = 1),"
    " log_seq = case when :mv = 1 then nextval('time_entries_log_seq') else log_seq end,"
    " deleted_at = case when :rm = 1 then greatest(" SBT_TS(":now") ", created_at)"
    "   else deleted_at end,"
    " billed_minutes = case when :rm = 1 or :bl = 0 then 0 else billed_minutes end,"
    " included_minutes = case when :rm = 1 or :bl = 0 then 0 else included_minutes end,"
    " overage_minutes = case when :rm = 1 or :bl = 0 then 0 else overage_minutes end,"
    " updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};

domain::TicketStatus ParseTicketStatus(const std::string& s) {
  if (s == "CLOSED") return domain::TicketStatus::kClosed;
  if (s == "ON_HOLD") return domain::TicketStatus::kOnHold;
  return domain::TicketStatus::kOpen;
}

domain::SubscriptionStatus ParseSubscription(const std::string& s) {
  domain::SubscriptionStatus out = domain::SubscriptionStatus::kActive;
  domain::ParseSubscriptionStatus(s, &out);
  return out;
}

std::string IntArray(const std::vector<int64_t>& v) {
  return absl::StrCat("{", absl::StrJoin(v, ","), "}");
}

void WriteSplits(soci::session& s, const std::vector<domain::EntrySplit>& splits,
                 const long long& now_us) {
  if (splits.empty()) return;
  std::vector<std::string> ids;
  std::vector<int64_t> billed, included, overage;
  for (const domain::EntrySplit& e : splits) {
    ids.push_back(e.entry_id);
    billed.push_back(e.billed_minutes);
    included.push_back(e.included_minutes);
    overage.push_back(e.overage_minutes);
  }
  const std::string ids_sql = absl::StrCat("{", absl::StrJoin(ids, ","), "}");
  const std::string b = IntArray(billed), i = IntArray(included), o = IntArray(overage);
  Exec(s, kWriteSplits, soci::use(ids_sql, "ids"), soci::use(b, "b"), soci::use(i, "i"),
       soci::use(o, "o"), soci::use(now_us, "now"));
}

void WriteLine(soci::session& s, const std::string& period_id, const domain::TicketLine& line,
               const long long& now_us) {
  const long long raw = line.raw_minutes, bm = line.billed_minutes, om = line.overage_minutes,
                  cm = line.overage_cost_minor, n = line.entry_count,
                  nb = line.non_billable_minutes;
  Exec(s, kWriteTicketLine, soci::use(raw, "r"), soci::use(bm, "b"), soci::use(om, "o"),
       soci::use(cm, "c"), soci::use(n, "n"), soci::use(nb, "nb"), soci::use(period_id, "p"),
       soci::use(line.ticket_id, "t"), soci::use(now_us, "now"));
}

}  // namespace

std::optional<usecases::EntryTicket> TimeLogStore::FindTicket(Tx& tx,
                                                              const std::string& client_id,
                                                              const std::string& ticket_id) {
  usecases::EntryTicket out;
  std::string cycle, sub_state, ticket_state;
  if (!Exec(SessionOf(tx), kFindTicket, soci::use(ticket_id, "t"), soci::use(client_id, "c"),
            soci::into(out.subscription_id), soci::into(out.time_zone), soci::into(cycle),
            soci::into(sub_state), soci::into(ticket_state))) {
    return std::nullopt;
  }
  domain::ParseBillingCycle(cycle, &out.cycle);
  out.subscription_status = ParseSubscription(sub_state);
  out.ticket_status = ParseTicketStatus(ticket_state);
  return out;
}

std::optional<usecases::OperatorKey> TimeLogStore::FindOperatorKey(Tx& tx,
                                                                   const std::string& key_id) {
  usecases::OperatorKey out;
  if (!Exec(SessionOf(tx), kFindOperatorKey, soci::use(key_id, "id"), soci::into(out.role),
            soci::into(out.display_name))) {
    return std::nullopt;
  }
  return out;
}

domain::WorkWindow TimeLogStore::SubscriptionWindow(Tx& tx, const std::string& subscription_id) {
  soci::indicator start_ind = soci::i_null, end_ind = soci::i_null;
  long long start_us = 0, end_us = 0;
  Exec(SessionOf(tx), kSubscriptionWindow, soci::use(subscription_id, "s"),
       soci::into(start_us, start_ind), soci::into(end_us, end_ind));
  domain::WorkWindow window;
  if (start_ind == soci::i_ok) window.start = FromMicros(start_us);
  if (end_ind == soci::i_ok) window.end = FromMicros(end_us);
  return window;
}

std::pair<domain::TicketStatus, domain::SubscriptionStatus> TimeLogStore::TicketStates(
    Tx& tx, const std::string& ticket_id) {
  std::string ticket_state, sub_state;
  Exec(SessionOf(tx), kTicketStates, soci::use(ticket_id, "t"), soci::into(ticket_state),
       soci::into(sub_state));
  return {ParseTicketStatus(ticket_state), ParseSubscription(sub_state)};
}

domain::SubscriptionStatus TimeLogStore::ReadSubscriptionStatus(
    Tx& tx, const std::string& subscription_id) {
  std::string state;
  Exec(SessionOf(tx), kSubscriptionState, soci::use(subscription_id, "s"), soci::into(state));
  return ParseSubscription(state);
}

domain::OverageGrant TimeLogStore::ReadOverageGrant(Tx& tx, const std::string& ticket_id,
                                                    const domain::Period& period) {
  return storage::ReadOverageGrant(SessionOf(tx), ticket_id, MonthDate(period.month));
}

std::optional<domain::Period> TimeLogStore::FindPeriod(Tx& tx, const std::string& id, bool lock) {
  return SelectPeriodById(SessionOf(tx), id, lock);
}

std::optional<domain::Period> TimeLogStore::FindPeriodOfMonth(
    Tx& tx, const std::string& subscription_id, std::optional<absl::CivilMonth> month, bool lock) {
  return SelectPeriodByMonth(SessionOf(tx), subscription_id, MonthDate(month), lock);
}

std::optional<std::string> TimeLogStore::FindPeriodId(Tx& tx, const std::string& subscription_id,
                                                      std::optional<absl::CivilMonth> month) {
  const std::string month_date = MonthDate(month);
  std::string id;
  if (!Exec(SessionOf(tx), kFindPeriodId, soci::use(subscription_id, "s"),
            soci::use(month_date, "m"), soci::into(id))) {
    return std::nullopt;
  }
  return id;
}

bool TimeLogStore::ClosingPassed(Tx& tx, const std::string& subscription_id,
                                 absl::CivilMonth month, absl::Time end, absl::Time now) {
  soci::session& s = SessionOf(tx);
  const long long end_us = ToMicros(end), now_us = ToMicros(now);
  const std::string month_date = MonthDate(month);
  Exec(s, kAwaitWatermark, soci::use(end_us, "e"), soci::use(now_us, "now"));
  int passed = 0;
  Exec(s, kClosingPassed, soci::use(end_us, "e"), soci::use(subscription_id, "s"),
       soci::use(month_date, "m"), soci::into(passed));
  return passed > 0;
}

usecases::TermsInForce TimeLogStore::FindTermsInForce(Tx& tx, const std::string& subscription_id,
                                                      std::optional<absl::Time> start,
                                                      absl::Time now) {
  usecases::TermsInForce out;
  const int bucket = start ? 0 : 1;
  const long long start_us = start ? ToMicros(*start) : 0, now_us = ToMicros(now);
  int priced = 0;
  Exec(SessionOf(tx), kTermsInForce, soci::use(bucket, "b"), soci::use(now_us, "now"),
       soci::use(start_us, "st"), soci::use(subscription_id, "s"), soci::into(out.package_id),
       soci::into(out.version_id), soci::into(out.currency), soci::into(priced));
  out.priced = priced != 0;
  return out;
}

std::optional<std::string> TimeLogStore::InsertPeriod(Tx& tx, const usecases::NewPeriod& p) {
  const std::string month_date = MonthDate(p.month);
  const int bucket = p.month ? 0 : 1;
  const long long starts_us = p.bounds ? ToMicros(p.bounds->start) : 0;
  const long long ends_us = p.bounds ? ToMicros(p.bounds->end) : 0;
  const long long now_us = ToMicros(p.now);
  std::string id;
  soci::indicator ind = soci::i_ok;
  if (!Exec(SessionOf(tx), kInsertPeriod, soci::use(p.subscription_id, "s"),
            soci::use(month_date, "m"), soci::use(bucket, "b"), soci::use(starts_us, "st"),
            soci::use(ends_us, "en"), soci::use(p.version_id, "v"), soci::use(p.currency, "cur"),
            soci::use(now_us, "now"), soci::into(id, ind))) {
    return std::nullopt;
  }
  return id;
}

domain::PeriodEntries TimeLogStore::LiveEntries(Tx& tx, const std::string& period_id) {
  domain::PeriodEntries out;
  std::string id, ticket;
  int minutes = 0, billed = 0, included = 0, overage = 0, billable = 0;
  ForEach(
      SessionOf(tx), kLiveEntries,
      [&] {
        out.entries.push_back(domain::PoolEntry{id, ticket, minutes, billable != 0});
        out.stored[id] = domain::StoredSplit{billed, included, overage};
      },
      soci::use(period_id, "p"), soci::into(id), soci::into(ticket), soci::into(minutes),
      soci::into(billed), soci::into(included), soci::into(overage), soci::into(billable));
  return out;
}

std::vector<domain::TicketLine> TimeLogStore::TicketLines(Tx& tx, const std::string& period_id) {
  std::vector<domain::TicketLine> out;
  std::string ticket;
  int raw = 0, billed = 0, overage = 0, count = 0, non_billable = 0;
  long long cost = 0;
  ForEach(
      SessionOf(tx), kTicketLines,
      [&] { out.push_back({ticket, raw, billed, overage, cost, count, non_billable}); },
      soci::use(period_id, "p"), soci::into(ticket), soci::into(raw), soci::into(billed),
      soci::into(overage), soci::into(cost), soci::into(count), soci::into(non_billable));
  return out;
}

void TimeLogStore::WriteRewrite(Tx& tx, const domain::Period& p,
                                const domain::PeriodRewrite& rewrite, absl::Time now) {
  soci::session& s = SessionOf(tx);
  const long long now_us = ToMicros(now);
  WriteSplits(s, rewrite.splits, now_us);
  for (const domain::TicketLine& line : rewrite.lines) WriteLine(s, p.id, line, now_us);
  const long long raw = rewrite.raw_minutes, used = rewrite.used_minutes,
                  over = rewrite.overage_minutes, count = rewrite.entry_count;
  Exec(s, kWritePeriodTotals, soci::use(raw, "r"), soci::use(used, "u"), soci::use(over, "o"),
       soci::use(count, "n"), soci::use(p.id, "p"), soci::use(now_us, "now"));
  InsertAlerts(tx, p, rewrite.crossed_thresholds, rewrite.used_minutes);
}

void TimeLogStore::InsertAlerts(Tx& tx, const domain::Period& p,
                                const std::vector<int>& thresholds, int64_t used_minutes) {
  const long long used = used_minutes;
  for (int threshold : thresholds) {
    Exec(SessionOf(tx), kInsertAlert, soci::use(p.id, "p"), soci::use(p.subscription_id, "s"),
         soci::use(p.client_id, "c"), soci::use(threshold, "t"), soci::use(used, "u"));
  }
}

void TimeLogStore::SetSubscriptionStatus(Tx& tx, const std::string& subscription_id,
                                         domain::SubscriptionStatus status, absl::Time now) {
  const std::string state(domain::SubscriptionStatusName(status));
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetSubscriptionState, soci::use(state, "st"),
       soci::use(subscription_id, "id"), soci::use(now_us, "now"));
}

usecases::TicketInPeriod TimeLogStore::ReadTicketInPeriod(Tx& tx, const std::string& period_id,
                                                          const std::string& ticket_id) {
  usecases::TicketInPeriod out;
  std::string ticket_state, sub_state;
  int raw = 0, billed = 0, overage = 0;
  long long cost = 0;
  Exec(SessionOf(tx), kTicketInPeriod, soci::use(period_id, "p"), soci::use(ticket_id, "t"),
       soci::into(ticket_state), soci::into(sub_state), soci::into(raw), soci::into(billed),
       soci::into(overage), soci::into(cost));
  out.ticket_status = ParseTicketStatus(ticket_state);
  out.subscription_status = ParseSubscription(sub_state);
  out.billable_raw_minutes = raw;
  out.billed_minutes = billed;
  out.overage_minutes = overage;
  out.overage_cost_minor = cost;
  return out;
}

void TimeLogStore::AddToTotals(Tx& tx, const usecases::EntryAddition& a) {
  soci::session& s = SessionOf(tx);
  const long long minutes = a.minutes, billed = a.billed_minutes, overage = a.overage_minutes,
                  non_billable = a.non_billable_minutes, line_overage = a.line_overage_minutes,
                  line_cost = a.line_cost_minor, cost_delta = a.cost_delta_minor,
                  worked_us = ToMicros(a.worked_at), now_us = ToMicros(a.now);
  Exec(s, kAddToTicketLine, soci::use(a.period_id, "p"), soci::use(a.ticket_id, "t"),
       soci::use(a.subscription_id, "s"), soci::use(a.client_id, "c"), soci::use(minutes, "m"),
       soci::use(billed, "b"), soci::use(overage, "o"), soci::use(line_cost, "cost"),
       soci::use(worked_us, "w"), soci::use(non_billable, "nb"), soci::use(now_us, "now"),
       soci::use(line_overage, "onew"));
  Exec(s, kAddToPeriod, soci::use(minutes, "m"), soci::use(billed, "b"),
       soci::use(cost_delta, "dc"), soci::use(worked_us, "w"), soci::use(now_us, "now"),
       soci::use(a.period_id, "p"));
}

domain::TimeEntry TimeLogStore::InsertEntry(Tx& tx, const usecases::EntryRow& row) {
  const long long minutes = row.minutes, billed = row.billed_minutes,
                  included = row.included_minutes, overage = row.overage_minutes,
                  worked_us = ToMicros(row.worked_at), now_us = ToMicros(row.now);
  const int billable = row.billable ? 1 : 0;
  const std::string source = row.timer ? "TIMER" : "MANUAL";
  domain::TimeEntry e;
  long long log_seq = 0, stored_worked_us = 0, created_us = 0, updated_us = 0;
  Exec(SessionOf(tx), kInsertEntry, soci::use(row.ticket_id, "t"), soci::use(row.period_id, "p"),
       soci::use(row.subscription_id, "s"), soci::use(row.client_id, "c"),
       soci::use(row.operator_id, "op"), soci::use(row.operator_display_name, "opn"),
       soci::use(row.note, "note"), soci::use(worked_us, "w"), soci::use(minutes, "m"),
       soci::use(billed, "b"), soci::use(included, "i"), soci::use(overage, "o"),
       soci::use(source, "src"), soci::use(billable, "bl"), soci::use(now_us, "now"),
       soci::into(e.id), soci::into(log_seq), soci::into(stored_worked_us),
       soci::into(created_us), soci::into(updated_us));
  e.client_id = row.client_id;
  e.ticket_id = row.ticket_id;
  e.subscription_id = row.subscription_id;
  e.log_seq = log_seq;
  e.operator_id = row.operator_id;
  e.operator_display_name = row.operator_display_name;
  e.note = row.note;
  e.worked_at = FromMicros(stored_worked_us);
  e.minutes = row.minutes;
  e.billed_minutes = row.billed_minutes;
  e.included_minutes = row.included_minutes;
  e.overage_minutes = row.overage_minutes;
  e.billable = row.billable;
  e.timer = row.timer;
  e.create_time = FromMicros(created_us);
  e.update_time = FromMicros(updated_us);
  return e;
}

void TimeLogStore::EnsureTicketLine(Tx& tx, const std::string& period_id,
                                    const std::string& ticket_id,
                                    const std::string& subscription_id,
                                    const std::string& client_id, absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kEnsureTicketLine, soci::use(period_id, "p"), soci::use(ticket_id, "t"),
       soci::use(subscription_id, "s"), soci::use(client_id, "c"), soci::use(now_us, "now"));
}

void TimeLogStore::UpdateEntry(Tx& tx, const usecases::EntryUpdate& u) {
  const long long minutes = u.minutes, worked_us = ToMicros(u.worked_at), now_us = ToMicros(u.now);
  const int billable = u.billable ? 1 : 0, moved = u.moved ? 1 : 0, removed = u.deleted ? 1 : 0;
  Exec(SessionOf(tx), kUpdateEntry, soci::use(minutes, "m"), soci::use(u.note, "n"),
       soci::use(worked_us, "w"), soci::use(u.period_id, "p"), soci::use(billable, "bl"),
       soci::use(moved, "mv"), soci::use(removed, "rm"), soci::use(now_us, "now"),
       soci::use(u.id, "id"));
}

void TimeLogStore::Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                         const usecases::AuditEvent& e) {
  AppendAudit(SessionOf(tx), who, request_id,
              AuditEntry{e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
}

}  // namespace supportbytime::storage
