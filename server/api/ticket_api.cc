#include "server/api/ticket_api.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/api/client_parent.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/domain/time_zone.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using domain::TicketStatus;

constexpr char kService[] = "supportbytime.v1.TicketService";
constexpr int kMaxTitle = 300;
constexpr int kMaxExternalRef = 200;
constexpr int kMaxReason = 500;
// Older open times are refused: business time is counted day by day from
// the open time, and no helpdesk being synced is older.
const absl::Time kEarliestOpenTime = absl::FromUnixSeconds(946684800);  // 2000-01-01Z
constexpr char kTicketPattern[] = "clients/{client}/tickets/{ticket}";
constexpr char kPeriodPattern[] =
    "clients/{client}/subscriptions/{subscription}/periods/{period:token}";
constexpr int64_t kMaxApprovalMinutes = 100000;

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

std::string TicketName(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/tickets/", id);
}

void ToDuration(absl::Duration d, google::protobuf::Duration* out) {
  const int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(d)));
}

// Sets `field` only for an instant that exists, so that has_<field>() says
// whether it happened.
template <class SetField>
void SetIfPresent(const std::optional<absl::Time>& t, SetField field) {
  if (t) ToTimestamp(*t, field());
}

v1::TicketState StateToProto(TicketStatus s) {
  switch (s) {
    case TicketStatus::kOpen:
      return v1::TICKET_STATE_OPEN;
    case TicketStatus::kOnHold:
      return v1::TICKET_STATE_ON_HOLD;
    case TicketStatus::kClosed:
      return v1::TICKET_STATE_CLOSED;
  }
  return v1::TICKET_STATE_UNSPECIFIED;
}

v1::ResponsePriority PriorityToProto(domain::ResponsePriority p) {
  switch (p) {
    case domain::ResponsePriority::kStandard:
      return v1::RESPONSE_PRIORITY_STANDARD;
    case domain::ResponsePriority::kStandardPlus:
      return v1::RESPONSE_PRIORITY_STANDARD_PLUS;
    case domain::ResponsePriority::kPriority:
      return v1::RESPONSE_PRIORITY_PRIORITY;
  }
  return v1::RESPONSE_PRIORITY_UNSPECIFIED;
}

v1::Role RoleToProto(const std::string& role) {
  if (role == "ADMIN") return v1::ROLE_ADMIN;
  if (role == "OPERATOR") return v1::ROLE_OPERATOR;
  if (role == "CLIENT") return v1::ROLE_CLIENT;
  return v1::ROLE_UNSPECIFIED;
}

v1::OverageApprovalState ApprovalStateToProto(const std::string& state) {
  if (state == "REQUESTED") return v1::OVERAGE_APPROVAL_STATE_REQUESTED;
  if (state == "APPROVED") return v1::OVERAGE_APPROVAL_STATE_APPROVED;
  if (state == "DECLINED") return v1::OVERAGE_APPROVAL_STATE_DECLINED;
  return v1::OVERAGE_APPROVAL_STATE_NONE;
}

// The approval of the ticket's current period (R8).
void ApprovalToProto(const domain::Ticket& t, v1::OverageApproval* a) {
  a->set_state(ApprovalStateToProto(t.approval_state));
  a->set_approved(t.approval_state == "APPROVED");
  a->set_period(absl::StrCat(SubscriptionName(t.client_id, t.subscription_id), "/periods/",
                             t.approval_period));
  if (t.approval_cap_minutes) {
    a->set_overage_cap_minutes(static_cast<int32_t>(*t.approval_cap_minutes));
  }
  if (t.decided_at) {
    if (!t.decided_by_key_id.empty()) a->set_approver(ApiKeyName(t.decided_by_key_id));
    a->set_approver_display_name(t.decided_by);
    a->set_approver_role(RoleToProto(t.decider_role));
    ToTimestamp(*t.decided_at, a->mutable_approve_time());
    a->set_note(t.decision_note);
  }
  a->set_requested_minutes(static_cast<int32_t>(t.requested_minutes));
  a->set_request_note(t.request_note);
  if (!t.requested_by_key_id.empty()) a->set_requester(ApiKeyName(t.requested_by_key_id));
  a->set_requester_display_name(t.requested_by);
  SetIfPresent(t.requested_at, [&] { return a->mutable_request_time(); });
}

// The ticket as seen at `now`: the SLA status depends on the instant.
auto TicketEncoder(const domain::BusinessCalendar& calendar, absl::Time now) {
  return [&calendar, now](const domain::Ticket& t, v1::Ticket* out) {
    out->set_name(TicketName(t.client_id, t.id));
    out->set_subscription(SubscriptionName(t.client_id, t.subscription_id));
    out->set_number(t.number);
    out->set_title(t.title);
    out->set_state(StateToProto(t.status));
    ToTimestamp(t.opened_at, out->mutable_open_time());
    SetIfPresent(t.first_response_at, [&] { return out->mutable_first_response_time(); });
    v1::Sla* sla = out->mutable_sla();
    sla->set_priority(PriorityToProto(t.priority));
    ToDuration(domain::FirstResponseTarget(t.priority), sla->mutable_target());
    absl::StatusOr<domain::TicketSla> eval = domain::EvaluateTicketSla(
        calendar, t.opened_at, t.priority, t.holds, t.first_response_at, now);
    if (eval.ok()) {
      ToTimestamp(eval->due == absl::InfiniteFuture() ? t.sla_due_at : eval->due,
                  sla->mutable_due_time());
      sla->set_status(eval->status == domain::SlaStatus::kMet        ? v1::SLA_STATUS_MET
                      : eval->status == domain::SlaStatus::kBreached ? v1::SLA_STATUS_BREACHED
                                                                     : v1::SLA_STATUS_DUE);
      sla->set_paused(eval->paused);
      ToDuration(eval->held, sla->mutable_held());
    } else {
      // Holds are written by this service and always well formed; fall back
      // to the stored due time rather than fail a read.
      ToTimestamp(t.sla_due_at, sla->mutable_due_time());
      const bool met = t.first_response_at && *t.first_response_at <= t.sla_due_at;
      sla->set_status(met                                           ? v1::SLA_STATUS_MET
                      : (t.first_response_at || now > t.sla_due_at) ? v1::SLA_STATUS_BREACHED
                                                                    : v1::SLA_STATUS_DUE);
    }
    ApprovalToProto(t, out->mutable_overage_approval());
    ToMoney(t.postpayment_minor, t.currency, out->mutable_postpayment_amount());
    out->set_external_ref(t.external_ref);
    SetIfPresent(t.hold_started_at, [&] { return out->mutable_hold_time(); });
    SetIfPresent(t.closed_at, [&] { return out->mutable_close_time(); });
    ToTimestamp(t.create_time, out->mutable_create_time());
    ToTimestamp(t.update_time, out->mutable_update_time());
  };
}

// The contract's "<resource kind>.<verb>" for the actions the audit log
// records by RPC name.
std::string ActionToProto(const std::string& action) {
  static const auto* const kNames = new std::map<std::string, std::string>{
      {"CreateTicket", "ticket.create"},
      {"UpdateTicket", "ticket.update"},
      {"CloseTicket", "ticket.close"},
      {"ReopenTicket", "ticket.reopen"},
      {"HoldTicket", "ticket.hold"},
      {"ResumeTicket", "ticket.resume"},
      {"RecordFirstResponse", "ticket.first_response"},
      {"ApproveOverage", "ticket.approve_overage"},
      {"RequestOverageApproval", "ticket.request_overage_approval"},
      {"DeclineOverage", "ticket.decline_overage"},
      {"CreateTimeEntry", "time_entry.create"},
      {"UpdateTimeEntry", "time_entry.update"},
      {"DeleteTimeEntry", "time_entry.delete"},
      {"StartTimer", "timer.start"},
      {"StopTimer", "timer.stop"},
      {"CancelTimer", "timer.cancel"},
      {"ClosePeriod", "period.close"},
      {"CreateBillableItem", "billable_item.create"},
      {"UpdateBillableItem", "billable_item.update"},
  };
  auto it = kNames->find(action);
  return it == kNames->end() ? action : it->second;
}

void AuditEventToProto(const domain::AuditEvent& e, v1::AuditEvent* out) {
  out->set_name(absl::StrCat("auditEvents/", e.id));
  if (!e.actor_key_id.empty()) out->mutable_actor()->set_api_key(ApiKeyName(e.actor_key_id));
  out->mutable_actor()->set_role(RoleToProto(e.actor_role));
  out->mutable_actor()->set_display_name(e.actor_display_name);
  out->set_action(ActionToProto(e.action));
  out->set_subject(e.subject);
  if (!e.client_id.empty()) out->set_client(ClientName(e.client_id));
  // The column is a JSON object by constraint; an unreadable one stays empty.
  (void)google::protobuf::util::JsonStringToMessage(e.details_json, out->mutable_details());
  out->set_request_id(e.request_id);
  ToTimestamp(e.create_time, out->mutable_create_time());
}

struct TicketRef {
  std::string client_id;
  std::string id;
};

// Parses the name and hides other clients' tickets from CLIENT keys.
absl::StatusOr<TicketRef> VisibleTicket(const Call& call, const std::string& name,
                                        absl::string_view field = "name") {
  auto ids = domain::ParseName(kTicketPattern, name, field);
  if (!ids.ok()) return ids.status();
  if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), name); !st.ok()) return st;
  return TicketRef{ids->at(0), ids->at(1)};
}

absl::Status ValidateReason(const std::string& reason, absl::string_view field = "reason") {
  return domain::ValidateText(field, reason, {0, kMaxReason, /*multiline=*/true});
}

// A cap or an estimate of overage minutes (R8).
absl::Status ValidateApprovalMinutes(absl::string_view field, int64_t minutes) {
  if (minutes >= 1 && minutes <= kMaxApprovalMinutes) return absl::OkStatus();
  return domain::InvalidField(field, absl::StrCat("must be between 1 and ", kMaxApprovalMinutes,
                                                  " minutes; got ", minutes));
}

// The state, open time, external_ref and number filters of a list request.
void FilterFromRequest(const v1::ListTicketsRequest& req, domain::TicketFilter& filter,
                       domain::Violations& v) {
  switch (req.state()) {
    case v1::TICKET_STATE_UNSPECIFIED:
      break;
    case v1::TICKET_STATE_OPEN:
      filter.status = TicketStatus::kOpen;
      break;
    case v1::TICKET_STATE_ON_HOLD:
      filter.status = TicketStatus::kOnHold;
      break;
    case v1::TICKET_STATE_CLOSED:
      filter.status = TicketStatus::kClosed;
      break;
    default:
      v.Add("state", "is not a known TicketState value");
  }
  if (req.has_open_time_start()) {
    auto at = FromTimestamp(req.open_time_start(), "open_time_start");
    if (at.ok()) filter.open_from = *at;
    v.Merge(at.status());
  }
  if (req.has_open_time_end()) {
    auto at = FromTimestamp(req.open_time_end(), "open_time_end");
    if (at.ok()) filter.open_until = *at;
    v.Merge(at.status());
  }
  v.Merge(domain::ValidateText("external_ref", req.external_ref(), {0, kMaxExternalRef}));
  filter.external_ref = req.external_ref();
  if (req.number() < 0) v.Add("number", "must not be negative");
  filter.number = req.number();
}

}  // namespace

grpc::Status TicketApi::CreateTicket(grpc::ServerContext* ctx, const v1::CreateTicketRequest* req,
                                     v1::Ticket* resp) {
  return run_(ctx, "TicketService/CreateTicket", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto client = domain::ParseName("clients/{client}", req->parent(), "parent");
    if (!client.ok()) return client.status();
    if (auto st = auth::CheckClientAccess(call.actor, client->at(0), req->parent()); !st.ok()) {
      return st;
    }
    if (!req->has_ticket()) v.Add("ticket", "is required: subscription and title");
    const v1::Ticket& in = req->ticket();
    domain::NewTicket ticket;
    ticket.client_id = client->at(0);
    auto sub = domain::ParseName("clients/{client}/subscriptions/{subscription}", in.subscription(),
                                 "ticket.subscription");
    if (sub.ok()) {
      if (sub->at(0) != ticket.client_id) {
        v.Add("ticket.subscription", "must be a subscription of the parent client");
      }
      ticket.subscription_id = sub->at(1);
    } else {
      v.Merge(sub.status());
    }
    v.Merge(domain::ValidateText("ticket.title", in.title(), {1, kMaxTitle}));
    v.Merge(domain::ValidateText("ticket.external_ref", in.external_ref(), {0, kMaxExternalRef}));
    if (in.has_open_time()) {
      auto at = FromTimestamp(in.open_time(), "ticket.open_time");
      if (!at.ok()) {
        v.Merge(at.status());
      } else if (*at > call.now) {
        v.Add("ticket.open_time", "must not be in the future");
      } else if (*at < kEarliestOpenTime) {
        v.Add("ticket.open_time", "must not be before 2000-01-01T00:00:00Z");
      } else {
        ticket.open_time = *at;
      }
    }
    if (!v.empty()) return v.ToStatus();
    ticket.title = in.title();
    ticket.external_ref = in.external_ref();
    auto key = IdempotencyKeyFor(call, Method("CreateTicket"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(
        tickets_.Create(call.actor.Who(), *key, ticket,
                        Encode<v1::Ticket, domain::Ticket>(TicketEncoder(calendar_, call.now))),
        resp);
  });
}

grpc::Status TicketApi::GetTicket(grpc::ServerContext* ctx, const v1::GetTicketRequest* req,
                                  v1::Ticket* resp) {
  return run_(ctx, "TicketService/GetTicket", *req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleTicket(call, req->name());
    if (!ref.ok()) return ref.status();
    auto t = tickets_.Get(ref->client_id, ref->id);
    if (!t.ok()) return t.status();
    TicketEncoder(calendar_, call.now)(*t, resp);
    return absl::OkStatus();
  });
}

grpc::Status TicketApi::ListTickets(grpc::ServerContext* ctx, const v1::ListTicketsRequest* req,
                                    v1::ListTicketsResponse* resp) {
  return run_(ctx, "TicketService/ListTickets", *req, [&](const Call& call) -> absl::Status {
    domain::TicketFilter filter;
    auto client = ParseClientParent(call, req->parent());
    if (!client.ok()) return client.status();
    filter.client_id = *client;
    domain::Violations v;
    if (!req->subscription().empty()) {
      auto sub = domain::ParseName("clients/{client}/subscriptions/{subscription}",
                                   req->subscription(), "subscription");
      if (sub.ok()) {
        if (!filter.client_id.empty() && sub->at(0) != filter.client_id) {
          v.Add("subscription", "must be a subscription of the parent client");
        } else if (auto st = auth::CheckClientAccess(call.actor, sub->at(0), req->subscription());
                   !st.ok()) {
          return st;
        }
        filter.subscription_id = sub->at(1);
      } else {
        v.Merge(sub.status());
      }
    }
    FilterFromRequest(*req, filter, v);
    if (!v.empty()) return v.ToStatus();
    const std::string fingerprint = absl::StrCat(
        "tickets|", req->parent(), "|", filter.subscription_id, "|", req->state(), "|",
        req->open_time_start().SerializeAsString(), "|", req->open_time_end().SerializeAsString(),
        "|", filter.external_ref, "|", filter.number);
    auto encode = TicketEncoder(calendar_, call.now);
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) { return tickets_.List(filter, page); },
        [&](const auto& t) { encode(t, resp->add_tickets()); }, resp);
  });
}

grpc::Status TicketApi::UpdateTicket(grpc::ServerContext* ctx, const v1::UpdateTicketRequest* req,
                                     v1::Ticket* resp) {
  return run_(ctx, "TicketService/UpdateTicket", *req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleTicket(call, req->ticket().name(), "ticket.name");
    if (!ref.ok()) return ref.status();
    const auto& paths = req->update_mask().paths();
    if (paths.empty()) {
      return domain::InvalidField("update_mask", "is required: name the fields to change (title)");
    }
    for (const std::string& p : paths) {
      if (p != "title" && p != "*") {
        return domain::InvalidField(
            "update_mask", absl::StrCat("path '", p.substr(0, 100), "' is not one of title or *"));
      }
    }
    if (auto st = domain::ValidateText("ticket.title", req->ticket().title(), {1, kMaxTitle});
        !st.ok()) {
      return st;
    }
    auto key = IdempotencyKeyFor(call, Method("UpdateTicket"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(
        tickets_.UpdateTitle(
            call.actor.Who(), *key, ref->client_id, ref->id, req->ticket().title(),
            Encode<v1::Ticket, domain::Ticket>(TicketEncoder(calendar_, call.now))),
        resp);
  });
}

template <class Request>
grpc::Status TicketApi::Transition(grpc::ServerContext* ctx, const char* rpc, const Request& req,
                                   domain::TicketAction action, v1::Ticket* resp) {
  return run_(ctx, absl::StrCat("TicketService/", rpc), req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleTicket(call, req.name());
    if (!ref.ok()) return ref.status();
    if (auto st = ValidateReason(req.reason()); !st.ok()) return st;
    auto key = IdempotencyKeyFor(call, Method(rpc), req);
    if (!key.ok()) return key.status();
    return ParseReply(
        tickets_.Transition(
            call.actor.Who(), *key, ref->client_id, ref->id, action, req.reason(),
            Encode<v1::Ticket, domain::Ticket>(TicketEncoder(calendar_, call.now))),
        resp);
  });
}

grpc::Status TicketApi::CloseTicket(grpc::ServerContext* ctx, const v1::CloseTicketRequest* req,
                                    v1::Ticket* resp) {
  return Transition(ctx, "CloseTicket", *req, domain::TicketAction::kClose, resp);
}

grpc::Status TicketApi::ReopenTicket(grpc::ServerContext* ctx, const v1::ReopenTicketRequest* req,
                                     v1::Ticket* resp) {
  return Transition(ctx, "ReopenTicket", *req, domain::TicketAction::kReopen, resp);
}

grpc::Status TicketApi::HoldTicket(grpc::ServerContext* ctx, const v1::HoldTicketRequest* req,
                                   v1::Ticket* resp) {
  return Transition(ctx, "HoldTicket", *req, domain::TicketAction::kHold, resp);
}

grpc::Status TicketApi::ResumeTicket(grpc::ServerContext* ctx, const v1::ResumeTicketRequest* req,
                                     v1::Ticket* resp) {
  return Transition(ctx, "ResumeTicket", *req, domain::TicketAction::kResume, resp);
}

grpc::Status TicketApi::RecordFirstResponse(grpc::ServerContext* ctx,
                                            const v1::RecordFirstResponseRequest* req,
                                            v1::Ticket* resp) {
  return run_(
      ctx, "TicketService/RecordFirstResponse", *req, [&](const Call& call) -> absl::Status {
        auto ref = VisibleTicket(call, req->name());
        if (!ref.ok()) return ref.status();
        absl::Time at = call.now;
        if (req->has_response_time()) {
          auto t = FromTimestamp(req->response_time(), "response_time");
          if (!t.ok()) return t.status();
          if (*t > call.now) {
            return domain::InvalidField("response_time", "must not be in the future");
          }
          at = *t;
        }
        auto key = IdempotencyKeyFor(call, Method("RecordFirstResponse"), *req);
        if (!key.ok()) return key.status();
        return ParseReply(
            tickets_.RecordFirstResponse(
                call.actor.Who(), *key, ref->client_id, ref->id, at,
                Encode<v1::Ticket, domain::Ticket>(TicketEncoder(calendar_, call.now))),
            resp);
      });
}

template <class Request>
absl::Status TicketApi::ChangeApproval(const Call& call, const char* rpc, const Request& req,
                                       domain::OverageApprovalChange change, v1::Ticket* resp) {
  auto ref = VisibleTicket(call, req.name());
  if (!ref.ok()) return ref.status();
  domain::Violations v;
  v.Merge(ValidateReason(req.note(), "note"));
  if (!req.period().empty()) {
    auto period = domain::ParseName(kPeriodPattern, req.period(), "period");
    if (period.ok() && period->at(0) != ref->client_id) {
      v.Add("period", "must be a period of the ticket's client");
    } else if (period.ok() && period->at(2) != "bucket" &&
               !domain::ParsePeriodKey("period", period->at(2)).ok()) {
      v.Add("period", "the period id must be a month YYYY-MM (e.g. 2026-04) or \"bucket\"");
    } else if (period.ok()) {
      change.period_key = period->at(2);
      change.period_subscription_id = period->at(1);
    }
    v.Merge(period.status());
  }
  if (!v.empty()) return v.ToStatus();
  change.note = req.note();
  auto key = IdempotencyKeyFor(call, Method(rpc), req);
  if (!key.ok()) return key.status();
  return ParseReply(tickets_.ChangeOverageApproval(
                        call.actor.Who(), *key, ref->client_id, ref->id, change,
                        Encode<v1::Ticket, domain::Ticket>(TicketEncoder(calendar_, call.now))),
                    resp);
}

grpc::Status TicketApi::ApproveOverage(grpc::ServerContext* ctx,
                                       const v1::ApproveOverageRequest* req, v1::Ticket* resp) {
  return run_(ctx, "TicketService/ApproveOverage", *req, [&](const Call& call) -> absl::Status {
    domain::OverageApprovalChange change;
    change.kind = domain::OverageApprovalChange::Kind::kApprove;
    if (req->has_overage_cap_minutes()) {
      if (auto st = ValidateApprovalMinutes("overage_cap_minutes", req->overage_cap_minutes());
          !st.ok()) {
        return st;
      }
      change.cap_minutes = req->overage_cap_minutes();
    }
    return ChangeApproval(call, "ApproveOverage", *req, std::move(change), resp);
  });
}

grpc::Status TicketApi::RequestOverageApproval(grpc::ServerContext* ctx,
                                               const v1::RequestOverageApprovalRequest* req,
                                               v1::Ticket* resp) {
  return run_(ctx, "TicketService/RequestOverageApproval", *req,
              [&](const Call& call) -> absl::Status {
                if (auto st = ValidateApprovalMinutes("estimated_minutes", req->estimated_minutes());
                    !st.ok()) {
                  return st;
                }
                domain::OverageApprovalChange change;
                change.kind = domain::OverageApprovalChange::Kind::kRequest;
                change.requested_minutes = req->estimated_minutes();
                return ChangeApproval(call, "RequestOverageApproval", *req, std::move(change),
                                      resp);
              });
}

grpc::Status TicketApi::DeclineOverage(grpc::ServerContext* ctx,
                                       const v1::DeclineOverageRequest* req, v1::Ticket* resp) {
  return run_(ctx, "TicketService/DeclineOverage", *req, [&](const Call& call) -> absl::Status {
    domain::OverageApprovalChange change;
    change.kind = domain::OverageApprovalChange::Kind::kDecline;
    return ChangeApproval(call, "DeclineOverage", *req, std::move(change), resp);
  });
}

grpc::Status TicketApi::ListTicketEvents(grpc::ServerContext* ctx,
                                         const v1::ListTicketEventsRequest* req,
                                         v1::ListTicketEventsResponse* resp) {
  return run_(ctx, "TicketService/ListTicketEvents", *req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleTicket(call, req->parent(), "parent");
    if (!ref.ok()) return ref.status();
    const std::string fingerprint = absl::StrCat("ticketEvents|", ref->client_id, "|", ref->id);
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) {
          return tickets_.ListEvents(ref->client_id, ref->id, page);
        },
        [&](const auto& e) { AuditEventToProto(e, resp->add_audit_events()); }, resp);
  });
}

}  // namespace supportbytime::api
