#include "server/storage/overage_approvals.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/ticket_store.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::Tx;

// The approval of a ticket for a month ('' : the bucket) as the time entry
// path reads it.
constexpr Sql kReadGrant{"tickets.read_overage_grant",
                         "select (state = 'APPROVED')::int, cap_minutes from overage_approvals"
                         " where ticket_id = cast(:t as uuid)"
                         " and month is not distinct from cast(nullif(:m, '') as date)"};
// A ticket's approval row for a month ('' : the bucket).
constexpr Sql kReadApproval{"tickets.read_overage_approval",
                            "select state, cap_minutes from overage_approvals"
                            " where ticket_id = cast(:t as uuid)"
                            " and month is not distinct from cast(nullif(:m, '') as date)"};
// What decides which periods an approval may name.
constexpr Sql kApprovalScope{
    "tickets.approval_scope",
    "select v.billing_cycle, c.time_zone, " SBT_EPOCH_US("su.activated_at")
    " from subscriptions su join package_versions v on v.id = su.package_version_id"
    " join clients c on c.id = su.client_id where su.id = cast(:s as uuid)"};
// Whether the month's period is CLOSED, or ClosePeriods has passed the month
// (its watermark :e, or a later closed month) without one.
constexpr Sql kApprovalPeriodClosed{
    "tickets.approval_period_closed",
    "select ((exists (select 1 from periods where subscription_id = cast(:s as uuid)"
    "   and month is not distinct from cast(nullif(:m, '') as date) and state = 'CLOSED'))"
    " or (:m <> '' and (exists (select 1 from close_runs where as_of >= " SBT_TS(":e") ")"
    "   or exists (select 1 from periods where subscription_id = cast(:s as uuid)"
    "     and state = 'CLOSED' and month >= cast(nullif(:m, '') as date)))))::int"};
// A ticket's first approval row of a month: the request (:rq = 1) or the
// decision half is filled.
constexpr Sql kInsertApproval{
    "tickets.insert_overage_approval",
    "insert into overage_approvals (ticket_id, subscription_id, client_id, month, state,"
    " cap_minutes, requested_minutes, request_note, requested_at, requested_by,"
    " requested_by_key_id, decided_at, decided_by, decided_by_key_id, decision_note,"
    " created_at, updated_at)"
    " values (cast(:t as uuid), cast(:s as uuid), cast(:c as uuid),"
    " cast(nullif(:m, '') as date), :st, case when :hc = 1 then cast(:cap as integer) end,"
    " case when :rq = 1 then cast(:rm as integer) end,"
    " case when :rq = 1 then :note else '' end,"
    " case when :rq = 1 then " SBT_TS(":now") " end, case when :rq = 1 then :by end,"
    " case when :rq = 1 then cast(nullif(:key, '') as uuid) end,"
    " case when :rq = 0 then " SBT_TS(":now") " end, case when :rq = 0 then :by end,"
    " case when :rq = 0 then cast(nullif(:key, '') as uuid) end,"
    " case when :rq = 0 then :note else '' end, " SBT_TS(":now") ", " SBT_TS(":now") ")"};
// A ticket's approval row of a month: the request (:rq = 1) or the decision
// half changes, the other stays.
constexpr Sql kUpdateApproval{
    "tickets.update_overage_approval",
    "update overage_approvals set state = :st,"
    " cap_minutes = case when :hc = 1 then cast(:cap as integer) end,"
    " requested_minutes = case when :rq = 1 then cast(:rm as integer) else requested_minutes end,"
    " request_note = case when :rq = 1 then :note else request_note end,"
    " requested_at = case when :rq = 1 then " SBT_TS(":now") " else requested_at end,"
    " requested_by = case when :rq = 1 then :by else requested_by end,"
    " requested_by_key_id = case when :rq = 1 then cast(nullif(:key, '') as uuid)"
    "   else requested_by_key_id end,"
    " decided_at = case when :rq = 0 then " SBT_TS(":now") " else decided_at end,"
    " decided_by = case when :rq = 0 then :by else decided_by end,"
    " decided_by_key_id = case when :rq = 0 then cast(nullif(:key, '') as uuid)"
    "   else decided_by_key_id end,"
    " decision_note = case when :rq = 0 then :note else decision_note end,"
    " updated_at = " SBT_TS(":now")
    " where ticket_id = cast(:t as uuid)"
    " and month is not distinct from cast(nullif(:m, '') as date)"};
// Marks the ticket changed.
constexpr Sql kTouchTicket{"tickets.touch",
                           "update tickets set updated_at = " SBT_TS(":now")
                           " where id = cast(:id as uuid)"};

std::string MonthDate(const std::optional<absl::CivilMonth>& month) {
  return month ? absl::StrCat(domain::PeriodKey(*month), "-01") : std::string();
}

}  // namespace

domain::OverageGrant ReadOverageGrant(soci::session& s, const std::string& ticket_id,
                                      const std::string& month_date) {
  domain::OverageGrant out;
  int approved = 0;
  int cap = 0;
  soci::indicator cap_ind = soci::i_null;
  if (!Exec(s, kReadGrant, soci::use(ticket_id, "t"), soci::use(month_date, "m"),
            soci::into(approved), soci::into(cap, cap_ind))) {
    return out;
  }
  out.approved = approved != 0;
  if (out.approved && cap_ind == soci::i_ok) out.cap_minutes = cap;
  return out;
}

absl::StatusOr<domain::ApprovalScope> TicketStore::ApprovalScopeOf(
    Tx& tx, const std::string& subscription_id) {
  std::string cycle, zone;
  long long activated_us = 0;
  soci::indicator activated_ind = soci::i_null;
  Exec(SessionOf(tx), kApprovalScope, soci::use(subscription_id, "s"), soci::into(cycle),
       soci::into(zone), soci::into(activated_us, activated_ind));
  domain::ApprovalScope out;
  out.monthly = cycle != "ONE_TIME";
  if (!absl::LoadTimeZone(zone, &out.tz)) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone could not be loaded.");
  }
  if (activated_ind == soci::i_ok) out.activated_at = FromMicros(activated_us);
  return out;
}

bool TicketStore::ApprovalPeriodClosed(Tx& tx, const std::string& subscription_id,
                                       const std::optional<absl::CivilMonth>& month,
                                       absl::Time month_end) {
  const std::string month_date = MonthDate(month);
  const long long ends_us = month ? ToMicros(month_end) : 0;
  int closed = 0;
  Exec(SessionOf(tx), kApprovalPeriodClosed, soci::use(subscription_id, "s"),
       soci::use(month_date, "m"), soci::use(ends_us, "e"), soci::into(closed));
  return closed != 0;
}

std::optional<domain::OverageApproval> TicketStore::FindApproval(
    Tx& tx, const std::string& ticket_id, const std::optional<absl::CivilMonth>& month) {
  const std::string month_date = MonthDate(month);
  domain::OverageApproval out;
  int cap = 0;
  soci::indicator cap_ind = soci::i_null;
  if (!Exec(SessionOf(tx), kReadApproval, soci::use(ticket_id, "t"), soci::use(month_date, "m"),
            soci::into(out.state), soci::into(cap, cap_ind))) {
    return std::nullopt;
  }
  if (cap_ind == soci::i_ok) out.cap = cap;
  return out;
}

void TicketStore::WriteApproval(Tx& tx, const domain::Who& who, const domain::Ticket& t,
                                const std::optional<absl::CivilMonth>& month,
                                const domain::OverageApprovalChange& change, bool exists,
                                const domain::OverageApproval& after, absl::Time now) {
  soci::session& s = SessionOf(tx);
  const std::string month_date = MonthDate(month);
  const long long now_us = ToMicros(now);
  const int request = change.kind == domain::OverageApprovalChange::Kind::kRequest ? 1 : 0;
  const long long requested = change.requested_minutes;
  const int has_cap = after.cap ? 1 : 0;
  const long long cap = after.cap.value_or(0);
  if (!exists) {
    Exec(s, kInsertApproval, soci::use(t.id, "t"), soci::use(t.subscription_id, "s"),
         soci::use(t.client_id, "c"), soci::use(month_date, "m"), soci::use(after.state, "st"),
         soci::use(has_cap, "hc"), soci::use(cap, "cap"), soci::use(request, "rq"),
         soci::use(requested, "rm"), soci::use(change.note, "note"), soci::use(now_us, "now"),
         soci::use(who.display_name, "by"), soci::use(who.key_id, "key"));
  } else {
    Exec(s, kUpdateApproval, soci::use(after.state, "st"), soci::use(has_cap, "hc"),
         soci::use(cap, "cap"), soci::use(request, "rq"), soci::use(requested, "rm"),
         soci::use(change.note, "note"), soci::use(now_us, "now"),
         soci::use(who.display_name, "by"), soci::use(who.key_id, "key"), soci::use(t.id, "t"),
         soci::use(month_date, "m"));
  }
  Exec(s, kTouchTicket, soci::use(now_us, "now"), soci::use(t.id, "id"));
}

}  // namespace supportbytime::storage
