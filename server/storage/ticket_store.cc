#include "server/storage/ticket_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using domain::Ticket;
using usecases::Tx;

// The ticket with the overage approval of its current period: the month
// containing :now in the client's zone (MONTHLY), or the bucket (ONE_TIME).
#define SBT_TICKET_SELECT                                                                      \
  "select t.id::text, t.client_id::text, t.subscription_id::text, t.number, t.title, t.state," \
  " t.response_priority, " SBT_EPOCH_US("t.opened_at") ", " SBT_EPOCH_US(                      \
      "t.sla_due_at") ", " SBT_EPOCH_US("t.first_response_at") ", " SBT_EPOCH_US(             \
      "oa.decided_at") ", coalesce(oa.decided_by, ''),"                                        \
  " coalesce(oa.decided_by_key_id::text, ''),"                                                 \
  " coalesce((select k.role from api_keys k where k.id = oa.decided_by_key_id), ''),"          \
  " coalesce(oa.decision_note, ''),"                                                           \
  " coalesce((select sum(pt.overage_cost_minor) from period_tickets pt"                        \
  "   join periods pe on pe.id = pt.period_id"                                                 \
  "   where pt.ticket_id = t.id and pe.state = 'OPEN'), 0)::bigint,"                           \
  " c.currency::text, coalesce(t.external_ref, ''), " SBT_EPOCH_US(                            \
      "t.closed_at") ", coalesce((select string_agg(" SBT_EPOCH_US(                           \
      "h.started_at") "::text || ':' || coalesce(" SBT_EPOCH_US(                              \
      "h.ended_at") "::text, ''), ',' order by h.started_at)"                                 \
  "   from ticket_holds h where h.ticket_id = t.id), ''), " SBT_EPOCH_US(                      \
      "t.created_at") ", " SBT_EPOCH_US("t.updated_at") ","                                    \
  " coalesce(oa.state, ''), oa.period_key, coalesce(oa.cap_minutes, 0),"                       \
  " coalesce(oa.requested_minutes, 0), coalesce(oa.request_note, ''), " SBT_EPOCH_US(          \
      "oa.requested_at") ", coalesce(oa.requested_by, ''),"                                   \
  " coalesce(oa.requested_by_key_id::text, '')"                                                \
  " from tickets t join clients c on c.id = t.client_id"                                       \
  " cross join lateral (select case when v.billing_cycle = 'MONTHLY'"                          \
  "   then date_trunc('month', " SBT_TS(":now") " at time zone c.time_zone)::date end as month" \
  "   from subscriptions su join package_versions v on v.id = su.package_version_id"          \
  "   where su.id = t.subscription_id) cm"                                                     \
  " left join lateral (select a.*, coalesce(to_char(cm.month, 'YYYY-MM'), 'bucket')"           \
  "   as period_key from (select 1) one left join overage_approvals a on a.ticket_id = t.id"   \
  "   and a.month is not distinct from cm.month) oa on true"

// One ticket of a client.
constexpr Sql kSelectTicket{
    "tickets.select",
    SBT_TICKET_SELECT " where t.id = cast(:id as uuid) and t.client_id = cast(:c as uuid)"};
// One ticket of a client, locked for a change.
constexpr Sql kLockTicket{"tickets.lock",
                          SBT_TICKET_SELECT
                          " where t.id = cast(:id as uuid) and t.client_id = cast(:c as uuid)"
                          " for update of t"};
// A page of tickets, newest open time first, filtered.
constexpr Sql kListTickets{
    "tickets.list",
    SBT_TICKET_SELECT
    " where (:fc = '' or t.client_id = cast(nullif(:fc, '') as uuid))"
    " and (:sub = '' or t.subscription_id = cast(nullif(:sub, '') as uuid))"
    " and (:st = '' or t.state = :st)"
    " and (:has_from = 0 or t.opened_at >= " SBT_TS(":from_us") ")"
    " and (:has_until = 0 or t.opened_at < " SBT_TS(":until_us") ")"
    " and (:ext = '' or t.external_ref = :ext) and (:num = 0 or t.number = :num)"
    " and (:after_id = '' or (t.opened_at, t.id) < (" SBT_TS(":after_us")
    ", cast(nullif(:after_id, '') as uuid)))"
    " order by t.opened_at desc, t.id desc limit :fetch"};
// Whether a client exists.
constexpr Sql kClientExists{"tickets.client_exists",
                            "select 1 from clients where id = cast(:c as uuid)"};
// The ticket holding an external_ref, the client's own first.
constexpr Sql kTicketByExternalRef{
    "tickets.by_external_ref",
    "select id::text, client_id::text from tickets where external_ref = :e"
    " order by (client_id = cast(:c as uuid)) desc limit 1"};
// The state and priority of the client's subscription, locked FOR SHARE.
constexpr Sql kShareSubscription{
    "tickets.share_subscription",
    "select s.state, v.response_priority from subscriptions s"
    " join package_versions v on v.id = s.package_version_id"
    " where s.id = cast(:id as uuid) and s.client_id = cast(:c as uuid) for share of s"};

// The into() variables of SBT_TICKET_SELECT.
struct TicketInto {
  Ticket t;
  std::string state, priority, holds;
  long long number = 0, opened_us = 0, due_us = 0, first_us = 0, decided_us = 0, post = 0,
            closed_us = 0, created_us = 0, updated_us = 0, requested_us = 0;
  int cap = 0, requested = 0;
  soci::indicator first_ind = soci::i_null, decided_ind = soci::i_null,
                  closed_ind = soci::i_null, requested_ind = soci::i_null;

  void Bind(BoundStatement& st);
  Ticket Get() const;
};

void TicketInto::Bind(BoundStatement& st) {
  st.Add(soci::into(t.id));
  st.Add(soci::into(t.client_id));
  st.Add(soci::into(t.subscription_id));
  st.Add(soci::into(number));
  st.Add(soci::into(t.title));
  st.Add(soci::into(state));
  st.Add(soci::into(priority));
  st.Add(soci::into(opened_us));
  st.Add(soci::into(due_us));
  st.Add(soci::into(first_us, first_ind));
  st.Add(soci::into(decided_us, decided_ind));
  st.Add(soci::into(t.decided_by));
  st.Add(soci::into(t.decided_by_key_id));
  st.Add(soci::into(t.decider_role));
  st.Add(soci::into(t.decision_note));
  st.Add(soci::into(post));
  st.Add(soci::into(t.currency));
  st.Add(soci::into(t.external_ref));
  st.Add(soci::into(closed_us, closed_ind));
  st.Add(soci::into(holds));
  st.Add(soci::into(created_us));
  st.Add(soci::into(updated_us));
  st.Add(soci::into(t.approval_state));
  st.Add(soci::into(t.approval_period));
  st.Add(soci::into(cap));
  st.Add(soci::into(requested));
  st.Add(soci::into(t.request_note));
  st.Add(soci::into(requested_us, requested_ind));
  st.Add(soci::into(t.requested_by));
  st.Add(soci::into(t.requested_by_key_id));
}

std::optional<absl::Time> OptionalUs(long long us, soci::indicator ind) {
  if (ind != soci::i_ok) return std::nullopt;
  return FromMicros(us);
}

// "from:to,from:to" (epoch microseconds; an open hold has no `to`).
void ParseHolds(const std::string& text, Ticket& t) {
  for (absl::string_view hold : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(hold, ':');
    int64_t from = 0;
    int64_t to = 0;
    domain::HoldInterval h;
    if (!absl::SimpleAtoi(parts.first, &from)) continue;
    h.from = FromMicros(from);
    if (absl::SimpleAtoi(parts.second, &to)) {
      h.to = FromMicros(to);
    } else {
      t.hold_started_at = h.from;
    }
    t.holds.push_back(h);
  }
}

Ticket TicketInto::Get() const {
  Ticket out = t;
  out.number = number;
  out.status = domain::ParseTicketStatus(state);
  domain::ParsePriority(priority, &out.priority);
  out.opened_at = FromMicros(opened_us);
  out.sla_due_at = FromMicros(due_us);
  out.first_response_at = OptionalUs(first_us, first_ind);
  out.decided_at = OptionalUs(decided_us, decided_ind);
  out.postpayment_minor = post;
  out.closed_at = OptionalUs(closed_us, closed_ind);
  out.hold_started_at.reset();
  out.holds.clear();
  ParseHolds(holds, out);
  out.create_time = FromMicros(created_us);
  out.update_time = FromMicros(updated_us);
  out.approval_cap_minutes.reset();
  if (cap > 0) out.approval_cap_minutes = cap;
  out.requested_minutes = requested;
  out.requested_at = OptionalUs(requested_us, requested_ind);
  return out;
}

}  // namespace

std::optional<Ticket> TicketStore::FindTicket(Tx& tx, const std::string& client_id,
                                              const std::string& id, bool lock, absl::Time now) {
  const long long now_us = ToMicros(now);
  TicketInto row;
  BoundStatement st(SessionOf(tx), lock ? kLockTicket : kSelectTicket);
  row.Bind(st);
  st.Add(soci::use(id, "id"));
  st.Add(soci::use(client_id, "c"));
  st.Add(soci::use(now_us, "now"));
  if (!st.Execute()) return std::nullopt;
  return row.Get();
}

bool TicketStore::ClientExists(Tx& tx, const std::string& client_id) {
  int found = 0;
  return Exec(SessionOf(tx), kClientExists, soci::use(client_id, "c"), soci::into(found));
}

std::optional<usecases::TicketRefHolder> TicketStore::TicketByExternalRef(
    Tx& tx, const std::string& client_id, const std::string& external_ref) {
  usecases::TicketRefHolder out;
  if (!Exec(SessionOf(tx), kTicketByExternalRef, soci::use(external_ref, "e"),
            soci::use(client_id, "c"), soci::into(out.ticket_id), soci::into(out.client_id))) {
    return std::nullopt;
  }
  return out;
}

std::optional<usecases::TicketSubscription> TicketStore::ShareSubscription(
    Tx& tx, const std::string& client_id, const std::string& id) {
  usecases::TicketSubscription out;
  std::string priority;
  if (!Exec(SessionOf(tx), kShareSubscription, soci::use(id, "id"), soci::use(client_id, "c"),
            soci::into(out.state), soci::into(priority))) {
    return std::nullopt;
  }
  domain::ParsePriority(priority, &out.priority);
  return out;
}

domain::Page<Ticket> TicketStore::ListTickets(Tx& tx, const domain::TicketFilter& filter,
                                              const domain::PageRequest& page, absl::Time now) {
  domain::Page<Ticket> out;
  const long long now_us = ToMicros(now);
  const std::string state = filter.status ? domain::TicketStatusName(*filter.status) : "";
  const int has_from = filter.open_from ? 1 : 0, has_until = filter.open_until ? 1 : 0;
  const long long from_us = filter.open_from ? ToMicros(*filter.open_from) : 0;
  const long long until_us = filter.open_until ? ToMicros(*filter.open_until) : 0;
  const long long after_us = page.after ? page.after->created_us : 0;
  const std::string after_id = page.after ? page.after->id : "";
  const int fetch = page.limit + 1;
  const long long number = filter.number;
  TicketInto row;
  BoundStatement st(SessionOf(tx), kListTickets);
  row.Bind(st);
  st.Add(soci::use(filter.client_id, "fc"));
  st.Add(soci::use(filter.subscription_id, "sub"));
  st.Add(soci::use(state, "st"));
  st.Add(soci::use(filter.external_ref, "ext"));
  st.Add(soci::use(after_id, "after_id"));
  st.Add(soci::use(now_us, "now"));
  st.Add(soci::use(has_from, "has_from"));
  st.Add(soci::use(from_us, "from_us"));
  st.Add(soci::use(has_until, "has_until"));
  st.Add(soci::use(until_us, "until_us"));
  st.Add(soci::use(number, "num"));
  st.Add(soci::use(after_us, "after_us"));
  st.Add(soci::use(fetch, "fetch"));
  for (bool more = st.Execute(); more; more = st.Fetch()) out.items.push_back(row.Get());
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = PageCursor{ToMicros(out.items.back().opened_at), out.items.back().id};
  }
  return out;
}

void TicketStore::AppendAudit(Tx& tx, const domain::Who& who, const std::string& request_id,
                              const domain::AuditEntry& e) {
  storage::AppendAudit(SessionOf(tx), who, request_id,
                       {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
}

// The writes of a ticket's life and the timeline.
namespace {

// A new ticket; no row when the client has one with the external_ref.
constexpr Sql kInsertTicket{
    "tickets.insert",
    "insert into tickets (client_id, subscription_id, title, response_priority, opened_at,"
    " sla_due_at, external_ref, created_at, updated_at)"
    " values (cast(:c as uuid), cast(:s as uuid), :title, :prio, " SBT_TS(":opened") ", "
    SBT_TS(":due") ", nullif(:ext, ''), " SBT_TS(":now") ", " SBT_TS(":now") ")"
    " on conflict (client_id, external_ref) do nothing returning id::text"};
// A ticket's title.
constexpr Sql kUpdateTitle{
    "tickets.update_title",
    "update tickets set title = :title, updated_at = " SBT_TS(":now")
    " where id = cast(:id as uuid)"};
// A ticket's state; closed_at is set only when closing.
constexpr Sql kSetState{
    "tickets.set_state",
    "update tickets set state = :st, closed_at = case when :closed = 1 then " SBT_TS(":at")
    " end, updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// Opens a hold (an SLA pause).
constexpr Sql kStartHold{
    "tickets.start_hold",
    "insert into ticket_holds (ticket_id, reason, started_at)"
    " values (cast(:id as uuid), :reason, " SBT_TS(":now") ")"};
// Ends the open hold at :now (never before its start).
constexpr Sql kEndHold{
    "tickets.end_hold",
    "update ticket_holds set ended_at = greatest(started_at, " SBT_TS(":now") ")"
    " where ticket_id = cast(:id as uuid) and ended_at is null"};
// The first-response due time.
constexpr Sql kSetDue{"tickets.set_due",
                      "update tickets set sla_due_at = " SBT_TS(":due") ", updated_at = "
                      SBT_TS(":now") " where id = cast(:id as uuid)"};
// The first response and the due time it settles.
constexpr Sql kSetFirstResponse{
    "tickets.set_first_response",
    "update tickets set first_response_at = " SBT_TS(":at") ", sla_due_at = " SBT_TS(":due")
    ", updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// Whether the ticket has a billable item.
constexpr Sql kHasBillableItems{
    "tickets.has_billable_items",
    "select (exists (select 1 from billable_items where ticket_id = cast(:id as uuid)))::int"};
// A page of the ticket's audit events, newest first, before seq :before.
constexpr Sql kListEvents{
    "tickets.list_events",
    "select a.id::text, a.seq, coalesce(a.actor_key_id::text, ''), a.actor_role,"
    " a.actor_display_name, a.action, a.subject, coalesce(a.client_id::text, ''),"
    " a.details::text, coalesce(a.request_id::text, ''), " SBT_EPOCH_US("a.created_at")
    " from audit_events a where a.ticket_id = cast(:id as uuid)"
    " and (:before = 0 or a.seq < :before) order by a.seq desc limit :fetch"};

}  // namespace

std::optional<std::string> TicketStore::InsertTicket(Tx& tx, const domain::NewTicket& in,
                                                     domain::ResponsePriority priority,
                                                     absl::Time opened, absl::Time due,
                                                     absl::Time now) {
  const std::string prio(domain::PriorityName(priority));
  const long long opened_us = ToMicros(opened), due_us = ToMicros(due), now_us = ToMicros(now);
  std::string id;
  if (!Exec(SessionOf(tx), kInsertTicket, soci::use(in.client_id, "c"),
            soci::use(in.subscription_id, "s"), soci::use(in.title, "title"),
            soci::use(prio, "prio"), soci::use(opened_us, "opened"), soci::use(due_us, "due"),
            soci::use(in.external_ref, "ext"), soci::use(now_us, "now"), soci::into(id))) {
    return std::nullopt;
  }
  return id;
}

void TicketStore::UpdateTitle(Tx& tx, const std::string& id, const std::string& title,
                              absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kUpdateTitle, soci::use(title, "title"), soci::use(now_us, "now"),
       soci::use(id, "id"));
}

void TicketStore::SetState(Tx& tx, const std::string& id, domain::TicketStatus state,
                           std::optional<absl::Time> closed_at, absl::Time now) {
  const std::string st = domain::TicketStatusName(state);
  const int closed = closed_at ? 1 : 0;
  const long long at_us = closed_at ? ToMicros(*closed_at) : 0, now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetState, soci::use(st, "st"), soci::use(closed, "closed"),
       soci::use(at_us, "at"), soci::use(now_us, "now"), soci::use(id, "id"));
}

void TicketStore::StartHold(Tx& tx, const std::string& id, const std::string& reason,
                            absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kStartHold, soci::use(id, "id"), soci::use(reason, "reason"),
       soci::use(now_us, "now"));
}

void TicketStore::EndHold(Tx& tx, const std::string& id, absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kEndHold, soci::use(now_us, "now"), soci::use(id, "id"));
}

void TicketStore::SetDue(Tx& tx, const std::string& id, absl::Time due, absl::Time now) {
  const long long due_us = ToMicros(due), now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetDue, soci::use(due_us, "due"), soci::use(now_us, "now"),
       soci::use(id, "id"));
}

void TicketStore::SetFirstResponse(Tx& tx, const std::string& id, absl::Time at, absl::Time due,
                                   absl::Time now) {
  const long long at_us = ToMicros(at), due_us = ToMicros(due), now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetFirstResponse, soci::use(at_us, "at"), soci::use(due_us, "due"),
       soci::use(now_us, "now"), soci::use(id, "id"));
}

bool TicketStore::HasBillableItems(Tx& tx, const std::string& id) {
  int billed = 0;
  Exec(SessionOf(tx), kHasBillableItems, soci::use(id, "id"), soci::into(billed));
  return billed != 0;
}

domain::Page<domain::AuditEvent> TicketStore::ListEvents(Tx& tx, const std::string& id,
                                                         const domain::PageRequest& page) {
  domain::Page<domain::AuditEvent> out;
  const long long before_seq = page.after ? page.after->created_us : 0;
  const int fetch = page.limit + 1;
  domain::AuditEvent e;
  long long seq = 0, created_us = 0;
  ForEach(
      SessionOf(tx), kListEvents,
      [&] {
        e.seq = seq;
        e.create_time = FromMicros(created_us);
        out.items.push_back(e);
      },
      soci::use(id, "id"), soci::use(before_seq, "before"), soci::use(fetch, "fetch"),
      soci::into(e.id), soci::into(seq), soci::into(e.actor_key_id), soci::into(e.actor_role),
      soci::into(e.actor_display_name), soci::into(e.action), soci::into(e.subject),
      soci::into(e.client_id), soci::into(e.details_json), soci::into(e.request_id),
      soci::into(created_us));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = PageCursor{out.items.back().seq, out.items.back().id};
  }
  return out;
}

}  // namespace supportbytime::storage
