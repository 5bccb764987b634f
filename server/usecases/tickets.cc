#include "server/usecases/tickets.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/domain/resource_names.h"
#include "server/domain/ticket_rules.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/time_zone.h"
#include "server/util/json.h"

namespace supportbytime::usecases {
namespace {

using domain::Ticket;
using domain::TicketAction;
using domain::TicketResource;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
}

std::string TicketJson(const Ticket& t) {
  util::JsonObject o;
  o.Add("title", t.title).Add("state", domain::TicketStatusName(t.status));
  o.Add("sla_due_time", Rfc3339(t.sla_due_at));
  if (t.first_response_at) o.Add("first_response_time", Rfc3339(*t.first_response_at));
  o.Add("overage_approved", t.approval_state == "APPROVED");
  return o.str();
}

const char* TransitionAuditAction(TicketAction action) {
  switch (action) {
    case TicketAction::kClose: return "CloseTicket";
    case TicketAction::kReopen: return "ReopenTicket";
    case TicketAction::kHold: return "HoldTicket";
    case TicketAction::kResume: return "ResumeTicket";
  }
  return "CloseTicket";
}

}  // namespace

// The client's ticket with the external_ref (safe sync), or nullopt when
// none has it; EXTERNAL_REF_IN_USE when another client's has.
absl::StatusOr<std::optional<Ticket>> Tickets::ExistingByExternalRef(Tx& tx,
                                                                     const domain::NewTicket& in,
                                                                     absl::Time now) {
  if (in.external_ref.empty()) return std::optional<Ticket>();
  std::optional<TicketRefHolder> holder =
      repo_.TicketByExternalRef(tx, in.client_id, in.external_ref);
  if (!holder) return std::optional<Ticket>();
  if (holder->client_id == in.client_id) {
    return repo_.FindTicket(tx, in.client_id, holder->ticket_id, false, now);
  }
  return domain::Error(absl::StatusCode::kAlreadyExists, "EXTERNAL_REF_IN_USE",
                       "Another client's ticket already has this external_ref.",
                       {{"external_ref", in.external_ref}});
}

absl::StatusOr<std::string> Tickets::Create(const domain::Who& who, const IdempotencyKey& key,
                                            const domain::NewTicket& in,
                                            const Encoder<Ticket>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Ticket>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Ticket> {
        if (!repo_.ClientExists(tx, in.client_id)) {
          return domain::NotFound(domain::ClientResource(in.client_id));
        }
        absl::StatusOr<std::optional<Ticket>> existing = ExistingByExternalRef(tx, in, now);
        if (!existing.ok()) return existing.status();
        if (*existing) return **existing;
        const std::string sub_name =
            domain::SubscriptionResource(in.client_id, in.subscription_id);
        std::optional<TicketSubscription> sub =
            repo_.ShareSubscription(tx, in.client_id, in.subscription_id);
        if (!sub) return domain::NotFound(sub_name);
        if (sub->state != "ACTIVE") {
          return domain::Error(
              absl::StatusCode::kFailedPrecondition, "SUBSCRIPTION_NOT_ACTIVE",
              absl::StrCat("The subscription is ", sub->state,
                           "; tickets are opened only under an ACTIVE subscription."),
              {{"resource_name", sub_name}, {"state", sub->state}});
        }
        const absl::Time opened = in.open_time.value_or(now);
        const absl::Time due = domain::FirstDue(calendar_, opened, sub->priority);
        std::optional<std::string> id = repo_.InsertTicket(tx, in, sub->priority, opened, due, now);
        if (!id) {
          // A concurrent sync created it first.
          std::optional<TicketRefHolder> holder =
              repo_.TicketByExternalRef(tx, in.client_id, in.external_ref);
          return *repo_.FindTicket(tx, in.client_id, holder->ticket_id, false, now);
        }
        std::optional<Ticket> t = repo_.FindTicket(tx, in.client_id, *id, false, now);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"CreateTicket", TicketResource(in.client_id, *id), in.client_id, *id,
                           util::JsonObject()
                               .AddRaw("after", TicketJson(*t))
                               .Add("subscription", sub_name)
                               .Add("number", static_cast<int64_t>(t->number))
                               .Add("response_priority", domain::PriorityName(sub->priority))
                               .str()});
        return *t;
      },
      encode);
}

absl::StatusOr<Ticket> Tickets::Get(const std::string& client_id, const std::string& id) {
  const absl::Time now = clock_.Now();
  std::optional<Ticket> t;
  absl::Status st = tx_.Read([&](Tx& tx) {
    t = repo_.FindTicket(tx, client_id, id, false, now);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!t) return domain::NotFound(TicketResource(client_id, id));
  return *t;
}

absl::StatusOr<domain::Page<Ticket>> Tickets::List(const domain::TicketFilter& filter,
                                                   const domain::PageRequest& page) {
  const absl::Time now = clock_.Now();
  domain::Page<Ticket> out;
  absl::Status st = tx_.Read([&](Tx& tx) -> absl::Status {
    if (!filter.client_id.empty() && !repo_.ClientExists(tx, filter.client_id)) {
      return domain::NotFound(domain::ClientResource(filter.client_id));
    }
    out = repo_.ListTickets(tx, filter, page, now);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> Tickets::UpdateTitle(const domain::Who& who,
                                                 const IdempotencyKey& key,
                                                 const std::string& client_id,
                                                 const std::string& id, const std::string& title,
                                                 const Encoder<Ticket>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Ticket>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Ticket> {
        std::optional<Ticket> before = repo_.FindTicket(tx, client_id, id, true, now);
        if (!before) return domain::NotFound(TicketResource(client_id, id));
        repo_.UpdateTitle(tx, id, title, now);
        std::optional<Ticket> after = repo_.FindTicket(tx, client_id, id, false, now);
        repo_.AppendAudit(
            tx, who, key.request_id,
            {"UpdateTicket", TicketResource(client_id, id), client_id, id,
             util::JsonObject()
                 .AddRaw("before", util::JsonObject().Add("title", before->title).str())
                 .AddRaw("after", util::JsonObject().Add("title", after->title).str())
                 .str()});
        return *after;
      },
      encode);
}

// Ends the open hold at `now` and moves the due time by the held time (R13).
absl::Status Tickets::EndHold(Tx& tx, const Ticket& before, absl::Time now) {
  if (!before.hold_started_at) return absl::OkStatus();
  repo_.EndHold(tx, before.id, now);
  absl::StatusOr<absl::Time> due = domain::DueAfterHolds(calendar_, before, now);
  if (!due.ok()) return due.status();
  repo_.SetDue(tx, before.id, *due, now);
  return absl::OkStatus();
}

absl::Status Tickets::ApplyTransition(Tx& tx, const Ticket& before, TicketAction action,
                                      const std::string& reason, absl::Time now) {
  if (absl::Status st = domain::CheckTicketAction(before, action); !st.ok()) return st;
  switch (action) {
    case TicketAction::kClose:
      if (absl::Status st = EndHold(tx, before, now); !st.ok()) return st;
      repo_.SetState(tx, before.id, domain::TicketStatus::kClosed,
                     std::max(before.opened_at, now), now);
      break;
    case TicketAction::kReopen:
      if (absl::Status st = domain::CheckTicketReopenable(repo_.HasBillableItems(tx, before.id));
          !st.ok()) {
        return domain::Error(st.code(), domain::DetailOf(st).reason, st.message(),
                             {{"resource_name", TicketResource(before.client_id, before.id)}});
      }
      repo_.SetState(tx, before.id, domain::TicketStatus::kOpen, std::nullopt, now);
      break;
    case TicketAction::kHold:
      repo_.StartHold(tx, before.id, reason, now);
      repo_.SetState(tx, before.id, domain::TicketStatus::kOnHold, std::nullopt, now);
      break;
    case TicketAction::kResume:
      if (absl::Status st = EndHold(tx, before, now); !st.ok()) return st;
      repo_.SetState(tx, before.id, domain::TicketStatus::kOpen, std::nullopt, now);
      break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Tickets::Transition(const domain::Who& who,
                                                const IdempotencyKey& key,
                                                const std::string& client_id,
                                                const std::string& id, TicketAction action,
                                                const std::string& reason,
                                                const Encoder<Ticket>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Ticket>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Ticket> {
        std::optional<Ticket> before = repo_.FindTicket(tx, client_id, id, true, now);
        if (!before) return domain::NotFound(TicketResource(client_id, id));
        if (absl::Status st = ApplyTransition(tx, *before, action, reason, now); !st.ok()) {
          return st;
        }
        std::optional<Ticket> after = repo_.FindTicket(tx, client_id, id, false, now);
        util::JsonObject details;
        details.AddRaw("before", TicketJson(*before)).AddRaw("after", TicketJson(*after));
        if (!reason.empty()) details.Add("reason", reason);
        repo_.AppendAudit(tx, who, key.request_id,
                          {TransitionAuditAction(action), TicketResource(client_id, id),
                           client_id, id, details.str()});
        return *after;
      },
      encode);
}

absl::StatusOr<std::string> Tickets::RecordFirstResponse(const domain::Who& who,
                                                         const IdempotencyKey& key,
                                                         const std::string& client_id,
                                                         const std::string& id, absl::Time at,
                                                         const Encoder<Ticket>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Ticket>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Ticket> {
        std::optional<Ticket> before = repo_.FindTicket(tx, client_id, id, true, now);
        if (!before) return domain::NotFound(TicketResource(client_id, id));
        if (before->first_response_at) {
          return domain::Error(
              absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
              "A first response is already recorded for this ticket.",
              {{"resource_name", TicketResource(client_id, id)},
               {"state", domain::TicketStatusName(before->status)}});
        }
        if (at < before->opened_at) {
          return domain::InvalidField("response_time", "must not be before the ticket's open_time");
        }
        // The due time is settled by the response: holds after it do not count.
        Ticket settled = *before;
        settled.first_response_at = at;
        absl::StatusOr<absl::Time> due = domain::DueAfterHolds(calendar_, settled, at);
        if (!due.ok()) return due.status();
        repo_.SetFirstResponse(tx, id, at, *due, now);
        std::optional<Ticket> after = repo_.FindTicket(tx, client_id, id, false, now);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"RecordFirstResponse", TicketResource(client_id, id), client_id, id,
                           util::JsonObject()
                               .AddRaw("before", TicketJson(*before))
                               .AddRaw("after", TicketJson(*after))
                               .str()});
        return *after;
      },
      encode);
}

absl::StatusOr<domain::Page<domain::AuditEvent>> Tickets::ListEvents(
    const std::string& client_id, const std::string& id, const domain::PageRequest& page) {
  const absl::Time now = clock_.Now();
  domain::Page<domain::AuditEvent> out;
  absl::Status st = tx_.Read([&](Tx& tx) -> absl::Status {
    if (!repo_.FindTicket(tx, client_id, id, false, now)) {
      return domain::NotFound(TicketResource(client_id, id));
    }
    out = repo_.ListEvents(tx, id, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace supportbytime::usecases
