// What usecases::Tickets needs from storage: tickets, their holds, the
// overage approvals of their periods (R8), and the audit log.
#ifndef SUPPORTBYTIME_SERVER_USECASES_TICKETS_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_TICKETS_REPOSITORY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/audit_entry.h"
#include "server/domain/page.h"
#include "server/domain/ticket.h"
#include "server/domain/ticket_rules.h"
#include "server/domain/who.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

// The subscription a ticket is opened under.
struct TicketSubscription {
  std::string state;  // "ACTIVE", …
  domain::ResponsePriority priority = domain::ResponsePriority::kStandard;
};

// Who holds a ticket external_ref.
struct TicketRefHolder {
  std::string ticket_id;
  std::string client_id;
};

class TicketsRepository {
 public:
  virtual ~TicketsRepository() = default;

  // The ticket with the approval of the period containing `now`; locked
  // FOR UPDATE when `lock`.
  virtual std::optional<domain::Ticket> FindTicket(Tx& tx, const std::string& client_id,
                                                   const std::string& id, bool lock,
                                                   absl::Time now) = 0;
  virtual bool ClientExists(Tx& tx, const std::string& client_id) = 0;
  // The ticket with this external_ref, the client's own first.
  virtual std::optional<TicketRefHolder> TicketByExternalRef(Tx& tx, const std::string& client_id,
                                                             const std::string& external_ref) = 0;
  // The client's subscription, locked FOR SHARE.
  virtual std::optional<TicketSubscription> ShareSubscription(Tx& tx,
                                                              const std::string& client_id,
                                                              const std::string& id) = 0;
  // nullopt when the client has a ticket with this external_ref already.
  virtual std::optional<std::string> InsertTicket(Tx& tx, const domain::NewTicket& in,
                                                  domain::ResponsePriority priority,
                                                  absl::Time opened, absl::Time due,
                                                  absl::Time now) = 0;
  virtual void UpdateTitle(Tx& tx, const std::string& id, const std::string& title,
                           absl::Time now) = 0;
  virtual void SetState(Tx& tx, const std::string& id, domain::TicketStatus state,
                        std::optional<absl::Time> closed_at, absl::Time now) = 0;
  virtual void StartHold(Tx& tx, const std::string& id, const std::string& reason,
                         absl::Time now) = 0;
  virtual void EndHold(Tx& tx, const std::string& id, absl::Time now) = 0;
  virtual void SetDue(Tx& tx, const std::string& id, absl::Time due, absl::Time now) = 0;
  virtual void SetFirstResponse(Tx& tx, const std::string& id, absl::Time at, absl::Time due,
                                absl::Time now) = 0;
  virtual bool HasBillableItems(Tx& tx, const std::string& id) = 0;

  // Overage approvals (R8).
  virtual absl::StatusOr<domain::ApprovalScope> ApprovalScopeOf(
      Tx& tx, const std::string& subscription_id) = 0;
  // Whether the month's period (nullopt: the bucket) is closed, or
  // ClosePeriods passed the month (it ends at `month_end`) without one.
  virtual bool ApprovalPeriodClosed(Tx& tx, const std::string& subscription_id,
                                    const std::optional<absl::CivilMonth>& month,
                                    absl::Time month_end) = 0;
  virtual std::optional<domain::OverageApproval> FindApproval(
      Tx& tx, const std::string& ticket_id, const std::optional<absl::CivilMonth>& month) = 0;
  // Writes `after` for the month: a request records who asked and how much,
  // a decision who decided; the other half stays as it was.
  virtual void WriteApproval(Tx& tx, const domain::Who& who, const domain::Ticket& t,
                             const std::optional<absl::CivilMonth>& month,
                             const domain::OverageApprovalChange& change, bool exists,
                             const domain::OverageApproval& after, absl::Time now) = 0;

  virtual domain::Page<domain::Ticket> ListTickets(Tx& tx, const domain::TicketFilter& filter,
                                                   const domain::PageRequest& page,
                                                   absl::Time now) = 0;
  // The ticket's audit events, newest first; the cursor's created_us holds
  // the event's seq.
  virtual domain::Page<domain::AuditEvent> ListEvents(Tx& tx, const std::string& id,
                                                      const domain::PageRequest& page) = 0;

  virtual void AppendAudit(Tx& tx, const domain::Who& who, const std::string& request_id,
                           const domain::AuditEntry& entry) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TICKETS_REPOSITORY_H_
