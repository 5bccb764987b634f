// Tickets: lifecycle, holds (SLA pauses), first response, overage approval
// and the ticket timeline.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/domain/business_calendar.h"
#include "server/domain/lifecycle.h"
#include "server/domain/sla.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/page.h"

namespace supportbytime::storage {

struct TicketRow {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  int64_t number = 0;
  std::string title;
  domain::TicketStatus status = domain::TicketStatus::kOpen;
  domain::ResponsePriority priority = domain::ResponsePriority::kStandard;
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
  std::vector<domain::HoldInterval> holds;    // every hold, in order
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
  std::optional<domain::TicketStatus> status;
  std::optional<absl::Time> open_from;   // inclusive
  std::optional<absl::Time> open_until;  // exclusive
  std::string external_ref;
  int64_t number = 0;
};

struct AuditEventRow {
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

// The mutations of one ticket, besides creation.
enum class TicketAction { kClose, kReopen, kHold, kResume };

class TicketStore final {
 public:
  TicketStore(Database& db, domain::BusinessCalendar calendar)
      : db_(db), calendar_(std::move(calendar)) {}

  // Opens a ticket, or returns the client's ticket with the external_ref
  // (safe sync; nothing changes then). NOT_FOUND for the client or the
  // subscription; SUBSCRIPTION_NOT_ACTIVE; EXTERNAL_REF_IN_USE when another
  // client's ticket has the external_ref. The priority is the subscription's
  // current terms'; the due time follows from the calendar.
  absl::StatusOr<std::string> Create(const auth::Actor& actor, const IdempotencyKey& key,
                                     const NewTicket& in, absl::Time now,
                                     const Encoder<TicketRow>& encode);
  absl::StatusOr<TicketRow> Get(const std::string& client_id, const std::string& id);
  // Newest open time first; the cursor is (opened_at, id).
  absl::StatusOr<Page<TicketRow>> List(const TicketFilter& filter, const PageRequest& page);
  // NOT_FOUND for a missing client (when the filter names one).
  absl::Status CheckClientExists(const std::string& client_id);

  absl::StatusOr<std::string> UpdateTitle(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& client_id, const std::string& id,
                                          const std::string& title,
                                          const Encoder<TicketRow>& encode);
  // State changes; INVALID_STATE_TRANSITION when the ticket is not in a
  // state the action starts from; reopen answers TICKET_BILLED once the
  // ticket has a billable item. Holds are rows of ticket_holds; the end of a
  // hold (resume, or close while on hold) recomputes sla_due_at.
  absl::StatusOr<std::string> Transition(const auth::Actor& actor, const IdempotencyKey& key,
                                         const std::string& client_id, const std::string& id,
                                         TicketAction action, const std::string& reason,
                                         absl::Time now, const Encoder<TicketRow>& encode);
  // INVALID_STATE_TRANSITION when one is recorded; INVALID_FIELD
  // response_time when before the open time.
  absl::StatusOr<std::string> RecordFirstResponse(const auth::Actor& actor,
                                                  const IdempotencyKey& key,
                                                  const std::string& client_id,
                                                  const std::string& id, absl::Time at,
                                                  const Encoder<TicketRow>& encode);
  // Requests, approves or declines overage for one period of the ticket
  // (R8) and audits it. The period must be of the subscription's life up to
  // now (INVALID_FIELD period otherwise) and OPEN (PERIOD_CLOSED, also for a
  // month ClosePeriods' watermark has passed). Approving with the cap the
  // approval already has, or declining a declined period, changes nothing.
  absl::StatusOr<std::string> ChangeOverageApproval(const auth::Actor& actor,
                                                    const IdempotencyKey& key,
                                                    const std::string& client_id,
                                                    const std::string& id,
                                                    const OverageApprovalChange& change,
                                                    absl::Time now,
                                                    const Encoder<TicketRow>& encode);

  // The ticket's audit events, newest first; the cursor's created_us holds
  // the event's seq. NOT_FOUND for a missing ticket.
  absl::StatusOr<Page<AuditEventRow>> ListEvents(const std::string& client_id,
                                                 const std::string& id, const PageRequest& page);

 private:
  Database& db_;
  domain::BusinessCalendar calendar_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_
