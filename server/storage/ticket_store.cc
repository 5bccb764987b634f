#include "server/storage/ticket_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/account.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

using domain::TicketStatus;

std::string TicketRef(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/tickets/", id);
}

const char* StatusName(TicketStatus s) {
  switch (s) {
    case TicketStatus::kOpen: return "OPEN";
    case TicketStatus::kOnHold: return "ON_HOLD";
    case TicketStatus::kClosed: return "CLOSED";
  }
  return "OPEN";
}

TicketStatus ParseStatus(const std::string& s) {
  if (s == "ON_HOLD") return TicketStatus::kOnHold;
  if (s == "CLOSED") return TicketStatus::kClosed;
  return TicketStatus::kOpen;
}

std::string TicketColumns() {
  return absl::StrCat(
      "t.id::text, t.client_id::text, t.subscription_id::text, t.number, t.title, t.state,"
      " t.response_priority, ",
      SBT_EPOCH_US("t.opened_at"), ", ", SBT_EPOCH_US("t.sla_due_at"), ", ",
      SBT_EPOCH_US("t.first_response_at"), ", ", SBT_EPOCH_US("oa.decided_at"),
      ", coalesce(oa.decided_by, ''), coalesce(oa.decided_by_key_id::text, ''),"
      " coalesce((select k.role from api_keys k where k.id = oa.decided_by_key_id), ''),"
      " coalesce(oa.decision_note, ''),"
      " coalesce((select sum(pt.overage_cost_minor) from period_tickets pt"
      "   join periods pe on pe.id = pt.period_id"
      "   where pt.ticket_id = t.id and pe.state = 'OPEN'), 0)::bigint,"
      " c.currency::text, coalesce(t.external_ref, ''), ",
      SBT_EPOCH_US("t.closed_at"), ", coalesce((select string_agg(", SBT_EPOCH_US("h.started_at"),
      "::text || ':' || coalesce(", SBT_EPOCH_US("h.ended_at"),
      "::text, ''), ',' order by h.started_at) from ticket_holds h where h.ticket_id = t.id), "
      "''), ",
      SBT_EPOCH_US("t.created_at"), ", ", SBT_EPOCH_US("t.updated_at"),
      ", coalesce(oa.state, ''), oa.period_key, coalesce(oa.cap_minutes, 0),"
      " coalesce(oa.requested_minutes, 0), coalesce(oa.request_note, ''), ",
      SBT_EPOCH_US("oa.requested_at"),
      ", coalesce(oa.requested_by, ''), coalesce(oa.requested_by_key_id::text, '')");
}

// The ticket with the overage approval of its current period: the month
// containing the statement's transaction time in the client's zone (MONTHLY),
// or the bucket (ONE_TIME).
constexpr const char* kTicketFrom =
    " from tickets t join clients c on c.id = t.client_id"
    " cross join lateral (select case when v.billing_cycle = 'MONTHLY'"
    "   then date_trunc('month', now() at time zone c.time_zone)::date end as month"
    "   from subscriptions su join package_versions v on v.id = su.package_version_id"
    "   where su.id = t.subscription_id) cm"
    " left join lateral (select a.*, coalesce(to_char(cm.month, 'YYYY-MM'), 'bucket') as period_key"
    "   from (select 1) one left join overage_approvals a on a.ticket_id = t.id"
    "   and a.month is not distinct from cm.month) oa on true";

TicketRow TicketFromRow(const soci::row& r) {
  TicketRow t;
  t.id = r.get<std::string>(0);
  t.client_id = r.get<std::string>(1);
  t.subscription_id = r.get<std::string>(2);
  t.number = r.get<long long>(3);
  t.title = r.get<std::string>(4);
  t.status = ParseStatus(r.get<std::string>(5));
  domain::ParsePriority(r.get<std::string>(6), &t.priority);
  t.opened_at = FromMicros(r.get<long long>(7));
  t.sla_due_at = FromMicros(r.get<long long>(8));
  t.first_response_at = OptionalTime(r, 9);
  t.decided_at = OptionalTime(r, 10);
  t.decided_by = r.get<std::string>(11);
  t.decided_by_key_id = r.get<std::string>(12);
  t.decider_role = r.get<std::string>(13);
  t.decision_note = r.get<std::string>(14);
  t.postpayment_minor = r.get<long long>(15);
  t.currency = r.get<std::string>(16);
  t.external_ref = r.get<std::string>(17);
  t.closed_at = OptionalTime(r, 18);
  for (absl::string_view hold : absl::StrSplit(r.get<std::string>(19), ',', absl::SkipEmpty())) {
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
  t.create_time = FromMicros(r.get<long long>(20));
  t.update_time = FromMicros(r.get<long long>(21));
  t.approval_state = r.get<std::string>(22);
  t.approval_period = r.get<std::string>(23);
  if (const int cap = r.get<int>(24); cap > 0) t.approval_cap_minutes = cap;
  t.requested_minutes = r.get<int>(25);
  t.request_note = r.get<std::string>(26);
  t.requested_at = OptionalTime(r, 27);
  t.requested_by = r.get<std::string>(28);
  t.requested_by_key_id = r.get<std::string>(29);
  return t;
}

std::optional<TicketRow> SelectTicket(soci::session& s, const std::string& client_id,
                                      const std::string& id, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", TicketColumns(), kTicketFrom,
                    " where t.id = cast(:id as uuid) and t.client_id = cast(:c as uuid)",
                    for_update ? " for update of t" : ""),
      soci::use(id, "id"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return TicketFromRow(r);
}

std::string TicketJson(const TicketRow& t) {
  util::JsonObject o;
  o.Add("title", t.title).Add("state", StatusName(t.status));
  o.Add("sla_due_time", absl::FormatTime(absl::RFC3339_full, t.sla_due_at, absl::UTCTimeZone()));
  if (t.first_response_at) {
    o.Add("first_response_time",
          absl::FormatTime(absl::RFC3339_full, *t.first_response_at, absl::UTCTimeZone()));
  }
  o.Add("overage_approved", t.approval_state == "APPROVED");
  return o.str();
}

absl::Status StateRefusal(const TicketRow& t, absl::string_view message) {
  return domain::Error(
      absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION", message,
      {{"resource_name", TicketRef(t.client_id, t.id)}, {"state", StatusName(t.status)}});
}

// The first-response due time with the holds as they are now; an open hold
// is taken to end at `now`.
absl::StatusOr<absl::Time> DueAfterHolds(const domain::BusinessCalendar& calendar,
                                         const TicketRow& t, absl::Time now) {
  std::vector<domain::HoldInterval> holds = t.holds;
  for (domain::HoldInterval& h : holds) {
    if (h.to == absl::InfiniteFuture()) h.to = std::max(h.from, now);
  }
  absl::StatusOr<domain::TicketSla> sla =
      domain::EvaluateTicketSla(calendar, t.opened_at, t.priority, holds, t.first_response_at, now);
  if (!sla.ok()) return sla.status();
  if (sla->due == absl::InfiniteFuture()) return t.sla_due_at;
  return sla->due;
}

}  // namespace

absl::StatusOr<std::string> TicketStore::Create(const auth::Actor& actor, const IdempotencyKey& key,
                                                const NewTicket& in, absl::Time now,
                                                const Encoder<TicketRow>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    int found = 0;
    s << "select 1 from clients where id = cast(:c as uuid)", soci::use(in.client_id),
        soci::into(found);
    if (!s.got_data()) return domain::NotFound(absl::StrCat("clients/", in.client_id));
    if (!in.external_ref.empty()) {
      std::string existing;
      std::string holder;
      s << "select id::text, client_id::text from tickets where external_ref = :e"
           " order by (client_id = cast(:c as uuid)) desc limit 1",
          soci::use(in.external_ref, "e"), soci::use(in.client_id, "c"), soci::into(existing),
          soci::into(holder);
      if (s.got_data()) {
        if (holder == in.client_id) return encode(*SelectTicket(s, in.client_id, existing, false));
        return domain::Error(absl::StatusCode::kAlreadyExists, "EXTERNAL_REF_IN_USE",
                             "Another client's ticket already has this external_ref.",
                             {{"external_ref", in.external_ref}});
      }
    }
    std::string state;
    std::string priority_name;
    s << "select s.state, v.response_priority from subscriptions s"
         " join package_versions v on v.id = s.package_version_id"
         " where s.id = cast(:id as uuid) and s.client_id = cast(:c as uuid) for share of s",
        soci::use(in.subscription_id, "id"), soci::use(in.client_id, "c"), soci::into(state),
        soci::into(priority_name);
    const std::string sub_name =
        absl::StrCat("clients/", in.client_id, "/subscriptions/", in.subscription_id);
    if (!s.got_data()) return domain::NotFound(sub_name);
    if (state != "ACTIVE") {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "SUBSCRIPTION_NOT_ACTIVE",
                           absl::StrCat("The subscription is ", state,
                                        "; tickets are opened only under an ACTIVE subscription."),
                           {{"resource_name", sub_name}, {"state", state}});
    }
    domain::ResponsePriority priority = domain::ResponsePriority::kStandard;
    domain::ParsePriority(priority_name, &priority);
    const absl::Time opened = in.open_time.value_or(now);
    const absl::Time due = calendar_.AddBusinessTime(opened, domain::FirstResponseTarget(priority));
    const long long opened_us = ToMicros(opened);
    const long long due_us = ToMicros(due);
    std::string id;
    soci::indicator ind = soci::i_ok;
    s << absl::StrCat(
        "insert into tickets (client_id, subscription_id, title, response_priority,"
        " opened_at, sla_due_at, external_ref)"
        " values (cast(:c as uuid), cast(:s as uuid), :title, :prio, ",
        SBT_TS(":opened"), ", ", SBT_TS(":due"),
        ", nullif(:ext, '')) on conflict (client_id, external_ref) do nothing"
        " returning id::text"),
        soci::use(in.client_id, "c"), soci::use(in.subscription_id, "s"),
        soci::use(in.title, "title"), soci::use(priority_name, "prio"),
        soci::use(opened_us, "opened"), soci::use(due_us, "due"), soci::use(in.external_ref, "ext"),
        soci::into(id, ind);
    if (!s.got_data()) {
      // A concurrent sync created it first.
      s << "select id::text from tickets where client_id = cast(:c as uuid) and external_ref = :e",
          soci::use(in.client_id, "c"), soci::use(in.external_ref, "e"), soci::into(id);
      return encode(*SelectTicket(s, in.client_id, id, false));
    }
    std::optional<TicketRow> t = SelectTicket(s, in.client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"CreateTicket", TicketRef(in.client_id, id), in.client_id, id,
                 util::JsonObject()
                     .AddRaw("after", TicketJson(*t))
                     .Add("subscription", sub_name)
                     .Add("number", static_cast<int64_t>(t->number))
                     .Add("response_priority", priority_name)
                     .str()});
    return encode(*t);
  });
}

absl::StatusOr<TicketRow> TicketStore::Get(const std::string& client_id, const std::string& id) {
  std::optional<TicketRow> t;
  absl::Status st = db_.Run([&](soci::session& s) {
    t = SelectTicket(s, client_id, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!t) return domain::NotFound(TicketRef(client_id, id));
  return *t;
}

absl::Status TicketStore::CheckClientExists(const std::string& client_id) {
  return db_.Run([&](soci::session& s) -> absl::Status {
    int found = 0;
    s << "select 1 from clients where id = cast(:c as uuid)", soci::use(client_id),
        soci::into(found);
    if (!s.got_data()) return domain::NotFound(absl::StrCat("clients/", client_id));
    return absl::OkStatus();
  });
}

absl::StatusOr<Page<TicketRow>> TicketStore::List(const TicketFilter& filter,
                                                  const PageRequest& page) {
  Page<TicketRow> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    const std::string state = filter.status ? StatusName(*filter.status) : "";
    const long long from_us = filter.open_from ? ToMicros(*filter.open_from) : 0;
    const int has_from = filter.open_from ? 1 : 0;
    const long long until_us = filter.open_until ? ToMicros(*filter.open_until) : 0;
    const int has_until = filter.open_until ? 1 : 0;
    const long long after_us = page.after ? page.after->created_us : 0;
    const std::string after_id = page.after ? page.after->id : "";
    const int fetch = page.limit + 1;
    const long long number = filter.number;
    std::string sql = absl::StrCat(
        "select ", TicketColumns(), kTicketFrom, " where",
        " (:c = '' or t.client_id = cast(nullif(:c, '') as uuid))",
        " and (:sub = '' or t.subscription_id = cast(nullif(:sub, '') as uuid))",
        " and (:st = '' or t.state = :st)",
        " and (:has_from = 0 or t.opened_at >= ", SBT_TS(":from_us"), ")",
        " and (:has_until = 0 or t.opened_at < ", SBT_TS(":until_us"), ")",
        " and (:ext = '' or t.external_ref = :ext)", " and (:num = 0 or t.number = :num)",
        " and (:after_id = '' or (t.opened_at, t.id) < (", SBT_TS(":after_us"),
        ", cast(nullif(:after_id, '') as uuid)))",
        " order by t.opened_at desc, t.id desc limit :fetch");
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(filter.client_id, "c"),
         soci::use(filter.subscription_id, "sub"), soci::use(state, "st"),
         soci::use(has_from, "has_from"), soci::use(from_us, "from_us"),
         soci::use(has_until, "has_until"), soci::use(until_us, "until_us"),
         soci::use(filter.external_ref, "ext"), soci::use(number, "num"),
         soci::use(after_id, "after_id"), soci::use(after_us, "after_us"),
         soci::use(fetch, "fetch"));
    for (const soci::row& r : rows) out.items.push_back(TicketFromRow(r));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{ToMicros(out.items.back().opened_at), out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> TicketStore::UpdateTitle(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const std::string& title, const Encoder<TicketRow>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<TicketRow> before = SelectTicket(s, client_id, id, true);
    if (!before) return domain::NotFound(TicketRef(client_id, id));
    s << "update tickets set title = :title, updated_at = now() where id = cast(:id as uuid)",
        soci::use(title, "title"), soci::use(id, "id");
    std::optional<TicketRow> after = SelectTicket(s, client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"UpdateTicket", TicketRef(client_id, id), client_id, id,
                 util::JsonObject()
                     .AddRaw("before", util::JsonObject().Add("title", before->title).str())
                     .AddRaw("after", util::JsonObject().Add("title", after->title).str())
                     .str()});
    return encode(*after);
  });
}

absl::StatusOr<std::string> TicketStore::Transition(const auth::Actor& actor,
                                                    const IdempotencyKey& key,
                                                    const std::string& client_id,
                                                    const std::string& id, TicketAction action,
                                                    const std::string& reason, absl::Time now,
                                                    const Encoder<TicketRow>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<TicketRow> before = SelectTicket(s, client_id, id, true);
    if (!before) return domain::NotFound(TicketRef(client_id, id));
    const long long now_us = ToMicros(now);
    const char* audit_action = "";
    // Ends the open hold at `now` and moves the due time by the held time.
    auto end_hold = [&]() -> absl::Status {
      if (!before->hold_started_at) return absl::OkStatus();
      s << absl::StrCat("update ticket_holds set ended_at = greatest(started_at, ", SBT_TS(":now"),
                        ") where ticket_id = cast(:id as uuid) and ended_at is null"),
          soci::use(now_us, "now"), soci::use(id, "id");
      absl::StatusOr<absl::Time> due = DueAfterHolds(calendar_, *before, now);
      if (!due.ok()) return due.status();
      const long long due_us = ToMicros(std::max(*due, before->opened_at));
      s << absl::StrCat("update tickets set sla_due_at = ", SBT_TS(":due"),
                        " where id = cast(:id as uuid)"),
          soci::use(due_us, "due"), soci::use(id, "id");
      return absl::OkStatus();
    };
    switch (action) {
      case TicketAction::kClose: {
        audit_action = "CloseTicket";
        if (before->status == TicketStatus::kClosed) {
          return StateRefusal(*before, "The ticket is already CLOSED.");
        }
        if (absl::Status st = end_hold(); !st.ok()) return st;
        s << absl::StrCat("update tickets set state = 'CLOSED', closed_at = greatest(opened_at, ",
                          SBT_TS(":now"), "), updated_at = now() where id = cast(:id as uuid)"),
            soci::use(now_us, "now"), soci::use(id, "id");
        break;
      }
      case TicketAction::kReopen: {
        audit_action = "ReopenTicket";
        if (before->status != TicketStatus::kClosed) {
          return StateRefusal(*before, "Only a CLOSED ticket can be reopened.");
        }
        int billed = 0;
        s << "select (exists (select 1 from billable_items where ticket_id = cast(:id as "
             "uuid)))::int",
            soci::use(id), soci::into(billed);
        if (absl::Status st = domain::CheckTicketReopenable(billed != 0); !st.ok()) {
          return domain::Error(st.code(), domain::DetailOf(st).reason, st.message(),
                               {{"resource_name", TicketRef(client_id, id)}});
        }
        s << "update tickets set state = 'OPEN', closed_at = null, updated_at = now()"
             " where id = cast(:id as uuid)",
            soci::use(id);
        break;
      }
      case TicketAction::kHold: {
        audit_action = "HoldTicket";
        if (before->status != TicketStatus::kOpen) {
          return StateRefusal(*before, "Only an OPEN ticket can be put ON_HOLD.");
        }
        s << absl::StrCat(
            "insert into ticket_holds (ticket_id, reason, started_at)"
            " values (cast(:id as uuid), :reason, ",
            SBT_TS(":now"), ")"),
            soci::use(id, "id"), soci::use(reason, "reason"), soci::use(now_us, "now");
        s << "update tickets set state = 'ON_HOLD', updated_at = now() where id = cast(:id as "
             "uuid)",
            soci::use(id);
        break;
      }
      case TicketAction::kResume: {
        audit_action = "ResumeTicket";
        if (before->status != TicketStatus::kOnHold) {
          return StateRefusal(*before, "Only an ON_HOLD ticket can be resumed.");
        }
        if (absl::Status st = end_hold(); !st.ok()) return st;
        s << "update tickets set state = 'OPEN', updated_at = now() where id = cast(:id as uuid)",
            soci::use(id);
        break;
      }
    }
    std::optional<TicketRow> after = SelectTicket(s, client_id, id, false);
    util::JsonObject details;
    details.AddRaw("before", TicketJson(*before)).AddRaw("after", TicketJson(*after));
    if (!reason.empty()) details.Add("reason", reason);
    AppendAudit(s, actor, key.request_id,
                {audit_action, TicketRef(client_id, id), client_id, id, details.str()});
    return encode(*after);
  });
}

absl::StatusOr<std::string> TicketStore::RecordFirstResponse(const auth::Actor& actor,
                                                             const IdempotencyKey& key,
                                                             const std::string& client_id,
                                                             const std::string& id, absl::Time at,
                                                             const Encoder<TicketRow>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<TicketRow> before = SelectTicket(s, client_id, id, true);
    if (!before) return domain::NotFound(TicketRef(client_id, id));
    if (before->first_response_at) {
      return StateRefusal(*before, "A first response is already recorded for this ticket.");
    }
    if (at < before->opened_at) {
      return domain::InvalidField("response_time", "must not be before the ticket's open_time");
    }
    // The due time is settled by the response: holds after it do not count.
    TicketRow settled = *before;
    settled.first_response_at = at;
    absl::StatusOr<absl::Time> due = DueAfterHolds(calendar_, settled, at);
    if (!due.ok()) return due.status();
    const long long at_us = ToMicros(at);
    const long long due_us = ToMicros(std::max(*due, before->opened_at));
    s << absl::StrCat("update tickets set first_response_at = ", SBT_TS(":at"),
                      ", sla_due_at = ", SBT_TS(":due"),
                      ", updated_at = now() where id = cast(:id as uuid)"),
        soci::use(at_us, "at"), soci::use(due_us, "due"), soci::use(id, "id");
    std::optional<TicketRow> after = SelectTicket(s, client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"RecordFirstResponse", TicketRef(client_id, id), client_id, id,
                 util::JsonObject()
                     .AddRaw("before", TicketJson(*before))
                     .AddRaw("after", TicketJson(*after))
                     .str()});
    return encode(*after);
  });
}

namespace {

using ApprovalKind = OverageApprovalChange::Kind;

const char* ApprovalAction(ApprovalKind kind) {
  switch (kind) {
    case ApprovalKind::kRequest: return "RequestOverageApproval";
    case ApprovalKind::kApprove: return "ApproveOverage";
    case ApprovalKind::kDecline: return "DeclineOverage";
  }
  return "ApproveOverage";
}

// A ticket's approval row for one period, as stored ("" state: NONE).
struct ApprovalState {
  std::string state;
  std::optional<int64_t> cap;
};

std::string ApprovalJson(const ApprovalState& a) {
  util::JsonObject o;
  o.Add("state", a.state.empty() ? "NONE" : a.state);
  if (a.cap) o.Add("overage_cap_minutes", *a.cap);
  return o.str();
}

// What the change makes of `before`; nullopt when it changes nothing.
std::optional<ApprovalState> ApprovalAfter(const OverageApprovalChange& change,
                                           const ApprovalState& before) {
  switch (change.kind) {
    case ApprovalKind::kRequest:
      // A request while APPROVED asks to raise the cap: logging goes on
      // under the approval until the client decides again.
      return ApprovalState{before.state == "APPROVED" ? "APPROVED" : "REQUESTED", before.cap};
    case ApprovalKind::kApprove:
      if (before.state == "APPROVED" && before.cap == change.cap_minutes) return std::nullopt;
      return ApprovalState{"APPROVED", change.cap_minutes};
    case ApprovalKind::kDecline:
      if (before.state == "DECLINED") return std::nullopt;
      return ApprovalState{"DECLINED", std::nullopt};
  }
  return std::nullopt;
}

// The subscription facts that decide which periods an approval may name.
struct ApprovalScope {
  bool monthly = true;
  absl::TimeZone tz;
  std::optional<absl::Time> activated_at;
};

absl::StatusOr<ApprovalScope> ReadApprovalScope(soci::session& s, const std::string& sub_id) {
  std::string cycle, zone;
  long long activated_us = 0;
  soci::indicator activated_ind = soci::i_null;
  s << "select v.billing_cycle, c.time_zone, " SBT_EPOCH_US("su.activated_at")
       " from subscriptions su join package_versions v on v.id = su.package_version_id"
       " join clients c on c.id = su.client_id where su.id = cast(:s as uuid)",
      soci::use(sub_id, "s"), soci::into(cycle), soci::into(zone),
      soci::into(activated_us, activated_ind);
  ApprovalScope out;
  out.monthly = cycle != "ONE_TIME";
  if (!absl::LoadTimeZone(zone, &out.tz)) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone could not be loaded.");
  }
  if (activated_ind == soci::i_ok) out.activated_at = FromMicros(activated_us);
  return out;
}

// The month the change names ("" for the bucket), checked against the
// subscription's life: INVALID_FIELD period for a future month, one before
// the activation, or a key of the wrong billing cycle.
absl::StatusOr<std::optional<absl::CivilMonth>> ResolveApprovalMonth(const ApprovalScope& scope,
                                                                     const std::string& key,
                                                                     absl::Time now) {
  if (!scope.monthly) {
    if (key.empty() || key == "bucket") return std::optional<absl::CivilMonth>();
    return domain::InvalidField("period",
                                "the subscription is ONE_TIME: name its period \"bucket\"");
  }
  const absl::CivilMonth current = domain::MonthOf(now, scope.tz);
  if (key.empty()) return std::optional<absl::CivilMonth>(current);
  absl::StatusOr<absl::CivilMonth> month = domain::ParsePeriodKey("period", key);
  if (!month.ok()) return month.status();
  if (*month > current) {
    return domain::InvalidField("period",
                                absl::StrCat("must not be a future month; the current month is ",
                                             domain::PeriodKey(current)));
  }
  if (scope.activated_at && *month < domain::MonthOf(*scope.activated_at, scope.tz)) {
    return domain::InvalidField(
        "period", absl::StrCat("must not be before the subscription's activation in ",
                               domain::PeriodKey(domain::MonthOf(*scope.activated_at, scope.tz))));
  }
  return std::optional<absl::CivilMonth>(*month);
}

// PERIOD_CLOSED when the month's period is CLOSED, or ClosePeriods has
// passed the month (its watermark, or a later closed month) without one.
absl::Status CheckApprovalPeriodOpen(soci::session& s, const std::string& client_id,
                                     const std::string& sub_id, const ApprovalScope& scope,
                                     const std::optional<absl::CivilMonth>& month) {
  const std::string month_date =
      month ? absl::StrCat(domain::PeriodKey(*month), "-01") : std::string();
  const long long ends_us = month ? ToMicros(domain::MonthBounds(*month, scope.tz).end) : 0;
  int closed = 0;
  s << "select ((exists (select 1 from periods where subscription_id = cast(:s as uuid)"
       "   and month is not distinct from cast(nullif(:m, '') as date) and state = 'CLOSED'))"
       " or (:m <> '' and (exists (select 1 from close_runs where as_of >= " SBT_TS(":e") ")"
       "   or exists (select 1 from periods where subscription_id = cast(:s as uuid)"
       "     and state = 'CLOSED' and month >= cast(nullif(:m, '') as date)))))::int",
      soci::use(sub_id, "s"), soci::use(month_date, "m"), soci::use(ends_us, "e"),
      soci::into(closed);
  if (closed == 0) return absl::OkStatus();
  const std::string name =
      absl::StrCat("clients/", client_id, "/subscriptions/", sub_id, "/periods/",
                   month ? domain::PeriodKey(*month) : std::string("bucket"));
  return domain::Error(absl::StatusCode::kFailedPrecondition, domain::kReasonPeriodClosed,
                       absl::StrCat(name, " is CLOSED: its overage approval can no longer change."),
                       {{"period", name}});
}

ApprovalState ReadApproval(soci::session& s, const std::string& ticket_id,
                           const std::string& month_date) {
  ApprovalState out;
  int cap = 0;
  soci::indicator cap_ind = soci::i_null;
  s << "select state, cap_minutes from overage_approvals where ticket_id = cast(:t as uuid)"
       " and month is not distinct from cast(nullif(:m, '') as date)",
      soci::use(ticket_id, "t"), soci::use(month_date, "m"), soci::into(out.state),
      soci::into(cap, cap_ind);
  if (s.got_data() && cap_ind == soci::i_ok) out.cap = cap;
  return out;
}

// Writes `after` over the row (or the absence of one: NONE) that the
// caller read under the ticket's lock: a request records who asked and how
// much, a decision who decided; the other half stays as it was.
void WriteApproval(soci::session& s, const auth::Actor& actor, const TicketRow& t,
                   const std::string& month_date, const OverageApprovalChange& change, bool exists,
                   const ApprovalState& after, absl::Time now) {
  const long long now_us = ToMicros(now);
  const int request = change.kind == ApprovalKind::kRequest ? 1 : 0;
  const long long requested = change.requested_minutes;
  const int has_cap = after.cap ? 1 : 0;
  const long long cap = after.cap.value_or(0);
  if (!exists) {
    s << "insert into overage_approvals (ticket_id, subscription_id, client_id, month, state,"
         " cap_minutes, requested_minutes, request_note, requested_at, requested_by,"
         " requested_by_key_id, decided_at, decided_by, decided_by_key_id, decision_note)"
         " values (cast(:t as uuid), cast(:s as uuid), cast(:c as uuid),"
         " cast(nullif(:m, '') as date), :st, case when :hc = 1 then cast(:cap as integer) end,"
         " case when :rq = 1 then cast(:rm as integer) end,"
         " case when :rq = 1 then :note else '' end,"
         " case when :rq = 1 then " SBT_TS(":now") " end, case when :rq = 1 then :by end,"
         " case when :rq = 1 then cast(:key as uuid) end,"
         " case when :rq = 0 then " SBT_TS(":now") " end, case when :rq = 0 then :by end,"
         " case when :rq = 0 then cast(:key as uuid) end,"
         " case when :rq = 0 then :note else '' end)",
        soci::use(t.id, "t"), soci::use(t.subscription_id, "s"), soci::use(t.client_id, "c"),
        soci::use(month_date, "m"), soci::use(after.state, "st"), soci::use(has_cap, "hc"),
        soci::use(cap, "cap"), soci::use(request, "rq"), soci::use(requested, "rm"),
        soci::use(change.note, "note"), soci::use(now_us, "now"),
        soci::use(actor.display_name, "by"), soci::use(actor.key_id, "key");
  } else {
    s << "update overage_approvals set state = :st,"
       " cap_minutes = case when :hc = 1 then cast(:cap as integer) end,"
       " requested_minutes = case when :rq = 1 then cast(:rm as integer) else requested_minutes end,"
       " request_note = case when :rq = 1 then :note else request_note end,"
       " requested_at = case when :rq = 1 then " SBT_TS(":now") " else requested_at end,"
       " requested_by = case when :rq = 1 then :by else requested_by end,"
       " requested_by_key_id = case when :rq = 1 then cast(:key as uuid)"
       "   else requested_by_key_id end,"
       " decided_at = case when :rq = 0 then " SBT_TS(":now") " else decided_at end,"
       " decided_by = case when :rq = 0 then :by else decided_by end,"
       " decided_by_key_id = case when :rq = 0 then cast(:key as uuid) else decided_by_key_id end,"
       " decision_note = case when :rq = 0 then :note else decision_note end,"
       " updated_at = now()"
       " where ticket_id = cast(:t as uuid)"
       " and month is not distinct from cast(nullif(:m, '') as date)",
      soci::use(after.state, "st"), soci::use(has_cap, "hc"), soci::use(cap, "cap"),
      soci::use(request, "rq"), soci::use(requested, "rm"), soci::use(change.note, "note"),
      soci::use(now_us, "now"), soci::use(actor.display_name, "by"),
      soci::use(actor.key_id, "key"), soci::use(t.id, "t"), soci::use(month_date, "m");
  }
  s << "update tickets set updated_at = now() where id = cast(:id as uuid)", soci::use(t.id);
}

}  // namespace

absl::StatusOr<std::string> TicketStore::ChangeOverageApproval(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const OverageApprovalChange& change, absl::Time now,
    const Encoder<TicketRow>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    // The ticket's row lock serialises decisions with the entries that read
    // them (the time entry path reads the approval under FOR SHARE of it).
    std::optional<TicketRow> ticket = SelectTicket(s, client_id, id, true);
    if (!ticket) return domain::NotFound(TicketRef(client_id, id));
    if (!change.period_key.empty() && change.period_subscription_id != ticket->subscription_id) {
      return domain::InvalidField("period", "must be a period of the ticket's subscription");
    }
    absl::StatusOr<ApprovalScope> scope = ReadApprovalScope(s, ticket->subscription_id);
    if (!scope.ok()) return scope.status();
    absl::StatusOr<std::optional<absl::CivilMonth>> month =
        ResolveApprovalMonth(*scope, change.period_key, now);
    if (!month.ok()) return month.status();
    if (absl::Status st =
            CheckApprovalPeriodOpen(s, client_id, ticket->subscription_id, *scope, *month);
        !st.ok()) {
      return st;
    }
    const std::string month_date =
        *month ? absl::StrCat(domain::PeriodKey(**month), "-01") : std::string();
    const ApprovalState before = ReadApproval(s, id, month_date);
    std::optional<ApprovalState> after = ApprovalAfter(change, before);
    if (!after) {
      // Nothing to change, nothing to audit. Read the ticket again: the row
      // above was read before this transaction waited for the lock.
      return encode(*SelectTicket(s, client_id, id, false));
    }
    WriteApproval(s, actor, *ticket, month_date, change, !before.state.empty(), *after, now);
    util::JsonObject details;
    details.Add("period", *month ? domain::PeriodKey(**month) : std::string("bucket"))
        .AddRaw("before", ApprovalJson(before))
        .AddRaw("after", ApprovalJson(*after))
        .Add("note", change.note);
    if (change.kind == ApprovalKind::kRequest) {
      details.Add("requested_minutes", change.requested_minutes);
    }
    AppendAudit(
        s, actor, key.request_id,
        {ApprovalAction(change.kind), TicketRef(client_id, id), client_id, id, details.str()});
    std::optional<TicketRow> updated = SelectTicket(s, client_id, id, false);
    return encode(*updated);
  });
}

absl::StatusOr<Page<AuditEventRow>> TicketStore::ListEvents(const std::string& client_id,
                                                            const std::string& id,
                                                            const PageRequest& page) {
  Page<AuditEventRow> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int found = 0;
    s << "select 1 from tickets where id = cast(:id as uuid) and client_id = cast(:c as uuid)",
        soci::use(id, "id"), soci::use(client_id, "c"), soci::into(found);
    if (!s.got_data()) return domain::NotFound(TicketRef(client_id, id));
    const long long before_seq = page.after ? page.after->created_us : 0;
    const int fetch = page.limit + 1;
    std::string sql = absl::StrCat(
        "select a.id::text, a.seq, coalesce(a.actor_key_id::text, ''), a.actor_role,"
        " a.actor_display_name, a.action, a.subject, coalesce(a.client_id::text, ''),"
        " a.details::text, coalesce(a.request_id::text, ''), ",
        SBT_EPOCH_US("a.created_at"),
        " from audit_events a where a.ticket_id = cast(:id as uuid)"
        " and (:before = 0 or a.seq < :before) order by a.seq desc limit :fetch");
    soci::rowset<soci::row> rows = (s.prepare << sql, soci::use(id, "id"),
                                    soci::use(before_seq, "before"), soci::use(fetch, "fetch"));
    for (const soci::row& r : rows) {
      AuditEventRow e;
      e.id = r.get<std::string>(0);
      e.seq = r.get<long long>(1);
      e.actor_key_id = r.get<std::string>(2);
      e.actor_role = r.get<std::string>(3);
      e.actor_display_name = r.get<std::string>(4);
      e.action = r.get<std::string>(5);
      e.subject = r.get<std::string>(6);
      e.client_id = r.get<std::string>(7);
      e.details_json = r.get<std::string>(8);
      e.request_id = r.get<std::string>(9);
      e.create_time = FromMicros(r.get<long long>(10));
      out.items.push_back(std::move(e));
    }
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{out.items.back().seq, out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace supportbytime::storage
