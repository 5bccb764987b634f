// The rules of a ticket's life: which action a state allows, the first-
// response due time as holds end (R13), and what an overage approval change
// (R8) makes of the approval of a period.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TICKET_RULES_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TICKET_RULES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/ticket.h"

namespace supportbytime::domain {

// INVALID_STATE_TRANSITION (with the ticket's resource name and state) when
// `action` does not start from the ticket's state.
absl::Status CheckTicketAction(const Ticket& t, TicketAction action);
// The status a ticket is in after `action`.
TicketStatus TicketStatusAfter(TicketAction action);

// The first-response due time with the holds as they are; an open hold is
// taken to end at `now`. Never before the open time.
absl::StatusOr<absl::Time> DueAfterHolds(const BusinessCalendar& calendar, const Ticket& t,
                                         absl::Time now);

// The due time of a ticket opened at `opened` (R13).
absl::Time FirstDue(const BusinessCalendar& calendar, absl::Time opened,
                    ResponsePriority priority);

// What the change makes of `before`; nullopt when it changes nothing.
std::optional<OverageApproval> ApprovalAfter(const OverageApprovalChange& change,
                                             const OverageApproval& before);
const char* ApprovalAction(OverageApprovalChange::Kind kind);  // the audit action

// The subscription facts that decide which periods an approval may name.
struct ApprovalScope {
  bool monthly = true;
  absl::TimeZone tz;
  std::optional<absl::Time> activated_at;
};

// The month the change names (nullopt for the bucket), checked against the
// subscription's life at `now`: INVALID_FIELD period for a future month,
// one before the activation, or a key of the wrong billing cycle.
absl::StatusOr<std::optional<absl::CivilMonth>> ResolveApprovalMonth(const ApprovalScope& scope,
                                                                     const std::string& key,
                                                                     absl::Time now);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TICKET_RULES_H_
