// Tickets as the use cases and the API see them: the ticket with its holds,
// first response and the overage approval (R8) of its current period.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TICKET_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TICKET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/sla.h"

namespace supportbytime::domain {

struct Ticket {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  int64_t number = 0;
  std::string title;
  TicketStatus status = TicketStatus::kOpen;
  ResponsePriority priority = ResponsePriority::kStandard;
  absl::Time opened_at;
  absl::Time sla_due_at;  // as stored: recomputed when a hold ends
  std::optional<absl::Time> first_response_at;
  // Overage approval (R8) of the current period (the month containing now
  // in the client's zone, or the ONE_TIME bucket).
  std::string approval_state;   // "REQUESTED", "APPROVED", "DECLINED"; empty: NONE
  std::string approval_period;  // "YYYY-MM" or "bucket"
  std::optional<int64_t> approval_cap_minutes;
  int64_t requested_minutes = 0;  // 0 when never requested
  std::string request_note;
  std::optional<absl::Time> requested_at;
  std::string requested_by;
  std::string requested_by_key_id;
  // The decision (approve or decline): when, by whom (display name), which
  // key and role, and its note.
  std::optional<absl::Time> decided_at;
  std::string decided_by;
  std::string decided_by_key_id;
  std::string decider_role;  // "ADMIN", "OPERATOR", "CLIENT"; empty when unknown
  std::string decision_note;
  int64_t postpayment_minor = 0;  // overage cost in OPEN periods
  std::string currency;           // the client's
  std::string external_ref;
  std::optional<absl::Time> closed_at;
  std::optional<absl::Time> hold_started_at;  // the open hold, if any
  std::vector<HoldInterval> holds;            // every hold, in order
  absl::Time create_time;
  absl::Time update_time;
};

struct NewTicket {
  std::string client_id;
  std::string subscription_id;
  std::string title;
  std::optional<absl::Time> open_time;  // default: now
  std::string external_ref;
};

struct TicketFilter {
  std::string client_id;  // empty: every client
  std::string subscription_id;
  std::optional<TicketStatus> status;
  std::optional<absl::Time> open_from;   // inclusive
  std::optional<absl::Time> open_until;  // exclusive
  std::string external_ref;
  int64_t number = 0;
};

// The mutations of one ticket's state, besides creation.
enum class TicketAction { kClose, kReopen, kHold, kResume };

// A change of a ticket's overage approval for one period (R8).
struct OverageApprovalChange {
  enum class Kind { kRequest, kApprove, kDecline };
  Kind kind = Kind::kApprove;
  std::string period_key;  // "YYYY-MM" or "bucket"; empty: the period containing now
  std::string period_subscription_id;  // the named period's; must be the ticket's
  std::optional<int64_t> cap_minutes;  // kApprove; nullopt: no cap
  int64_t requested_minutes = 0;       // kRequest, > 0
  std::string note;
};

// A ticket's approval row for one period, as stored ("" state: NONE).
struct OverageApproval {
  std::string state;
  std::optional<int64_t> cap;
};

// One event of the audit log, as the ticket timeline shows it.
struct AuditEvent {
  std::string id;
  int64_t seq = 0;
  std::string actor_key_id;  // empty for SYSTEM
  std::string actor_role;    // ADMIN, OPERATOR, CLIENT, SYSTEM
  std::string actor_display_name;
  std::string action;
  std::string subject;
  std::string client_id;
  std::string details_json;
  std::string request_id;
  absl::Time create_time;
};

const char* TicketStatusName(TicketStatus s);  // "OPEN", "ON_HOLD", "CLOSED"
TicketStatus ParseTicketStatus(const std::string& name);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TICKET_H_
