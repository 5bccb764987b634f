// Tickets: the lifecycle (open, hold, resume, close, reopen), the first-
// response SLA counted in business hours (R13), overage approval per period
// (R8), and the ticket timeline.
#ifndef SUPPORTBYTIME_SERVER_USECASES_TICKETS_H_
#define SUPPORTBYTIME_SERVER_USECASES_TICKETS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clock.h"
#include "server/domain/page.h"
#include "server/domain/ticket.h"
#include "server/domain/who.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/tickets_repository.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class Tickets final {
 public:
  Tickets(Transactions& transactions, Idempotency& idempotency, TicketsRepository& repo,
          const domain::Clock& clock, domain::BusinessCalendar calendar)
      : tx_(transactions),
        idem_(idempotency),
        repo_(repo),
        clock_(clock),
        calendar_(std::move(calendar)) {}

  // Opens a ticket, or returns the client's ticket with the external_ref
  // (safe sync; nothing changes then). NOT_FOUND for the client or the
  // subscription; SUBSCRIPTION_NOT_ACTIVE; EXTERNAL_REF_IN_USE when another
  // client's ticket has the external_ref. The priority is the subscription's
  // current terms'; the due time follows from the calendar.
  absl::StatusOr<std::string> Create(const domain::Who& who, const IdempotencyKey& key,
                                     const domain::NewTicket& in,
                                     const Encoder<domain::Ticket>& encode);
  absl::StatusOr<domain::Ticket> Get(const std::string& client_id, const std::string& id);
  // Newest open time first. NOT_FOUND for a missing client (when the filter
  // names one).
  absl::StatusOr<domain::Page<domain::Ticket>> List(const domain::TicketFilter& filter,
                                                    const domain::PageRequest& page);

  absl::StatusOr<std::string> UpdateTitle(const domain::Who& who, const IdempotencyKey& key,
                                          const std::string& client_id, const std::string& id,
                                          const std::string& title,
                                          const Encoder<domain::Ticket>& encode);
  // State changes now; INVALID_STATE_TRANSITION when the ticket is not in a
  // state the action starts from; reopen answers TICKET_BILLED once the
  // ticket has a billable item. The end of a hold (resume, or close while on
  // hold) recomputes the due time.
  absl::StatusOr<std::string> Transition(const domain::Who& who, const IdempotencyKey& key,
                                         const std::string& client_id, const std::string& id,
                                         domain::TicketAction action, const std::string& reason,
                                         const Encoder<domain::Ticket>& encode);
  // INVALID_STATE_TRANSITION when one is recorded; INVALID_FIELD
  // response_time when before the open time.
  absl::StatusOr<std::string> RecordFirstResponse(const domain::Who& who,
                                                  const IdempotencyKey& key,
                                                  const std::string& client_id,
                                                  const std::string& id, absl::Time at,
                                                  const Encoder<domain::Ticket>& encode);
  // Requests, approves or declines overage for one period of the ticket
  // (R8) and audits it. The period must be of the subscription's life up to
  // now (INVALID_FIELD period otherwise) and OPEN (PERIOD_CLOSED, also for a
  // month ClosePeriods' watermark has passed). Approving with the cap the
  // approval already has, or declining a declined period, changes nothing.
  absl::StatusOr<std::string> ChangeOverageApproval(const domain::Who& who,
                                                    const IdempotencyKey& key,
                                                    const std::string& client_id,
                                                    const std::string& id,
                                                    const domain::OverageApprovalChange& change,
                                                    const Encoder<domain::Ticket>& encode);

  // The ticket's audit events, newest first. NOT_FOUND for a missing ticket.
  absl::StatusOr<domain::Page<domain::AuditEvent>> ListEvents(const std::string& client_id,
                                                              const std::string& id,
                                                              const domain::PageRequest& page);

 private:
  absl::StatusOr<std::optional<domain::Ticket>> ExistingByExternalRef(
      Tx& tx, const domain::NewTicket& in, absl::Time now);
  absl::Status ApplyTransition(Tx& tx, const domain::Ticket& before, domain::TicketAction action,
                               const std::string& reason, absl::Time now);
  absl::Status EndHold(Tx& tx, const domain::Ticket& before, absl::Time now);
  absl::StatusOr<std::optional<absl::CivilMonth>> OpenApprovalMonth(
      Tx& tx, const domain::Ticket& t, const domain::OverageApprovalChange& change,
      absl::Time now);

  Transactions& tx_;
  Idempotency& idem_;
  TicketsRepository& repo_;
  const domain::Clock& clock_;
  domain::BusinessCalendar calendar_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TICKETS_H_
