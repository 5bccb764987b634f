// Tickets, their holds, overage approvals (R8) and timeline:
// usecases::TicketsRepository over PostgreSQL.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_

#include <optional>
#include <string>

#include "server/usecases/tickets_repository.h"

namespace supportbytime::storage {

class TicketStore final : public usecases::TicketsRepository {
 public:
  std::optional<domain::Ticket> FindTicket(usecases::Tx& tx, const std::string& client_id,
                                           const std::string& id, bool lock,
                                           absl::Time now) override;
  bool ClientExists(usecases::Tx& tx, const std::string& client_id) override;
  std::optional<usecases::TicketRefHolder> TicketByExternalRef(
      usecases::Tx& tx, const std::string& client_id, const std::string& external_ref) override;
  std::optional<usecases::TicketSubscription> ShareSubscription(usecases::Tx& tx,
                                                                const std::string& client_id,
                                                                const std::string& id) override;
  std::optional<std::string> InsertTicket(usecases::Tx& tx, const domain::NewTicket& in,
                                          domain::ResponsePriority priority, absl::Time opened,
                                          absl::Time due, absl::Time now) override;
  void UpdateTitle(usecases::Tx& tx, const std::string& id, const std::string& title,
                   absl::Time now) override;
  void SetState(usecases::Tx& tx, const std::string& id, domain::TicketStatus state,
                std::optional<absl::Time> closed_at, absl::Time now) override;
  void StartHold(usecases::Tx& tx, const std::string& id, const std::string& reason,
                 absl::Time now) override;
  void EndHold(usecases::Tx& tx, const std::string& id, absl::Time now) override;
  void SetDue(usecases::Tx& tx, const std::string& id, absl::Time due, absl::Time now) override;
  void SetFirstResponse(usecases::Tx& tx, const std::string& id, absl::Time at, absl::Time due,
                        absl::Time now) override;
  bool HasBillableItems(usecases::Tx& tx, const std::string& id) override;

  absl::StatusOr<domain::ApprovalScope> ApprovalScopeOf(
      usecases::Tx& tx, const std::string& subscription_id) override;
  bool ApprovalPeriodClosed(usecases::Tx& tx, const std::string& subscription_id,
                            const std::optional<absl::CivilMonth>& month,
                            absl::Time month_end) override;
  std::optional<domain::OverageApproval> FindApproval(
      usecases::Tx& tx, const std::string& ticket_id,
      const std::optional<absl::CivilMonth>& month) override;
  void WriteApproval(usecases::Tx& tx, const domain::Who& who, const domain::Ticket& t,
                     const std::optional<absl::CivilMonth>& month,
                     const domain::OverageApprovalChange& change, bool exists,
                     const domain::OverageApproval& after, absl::Time now) override;

  domain::Page<domain::Ticket> ListTickets(usecases::Tx& tx, const domain::TicketFilter& filter,
                                           const domain::PageRequest& page,
                                           absl::Time now) override;
  domain::Page<domain::AuditEvent> ListEvents(usecases::Tx& tx, const std::string& id,
                                              const domain::PageRequest& page) override;

  void AppendAudit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                   const domain::AuditEntry& entry) override;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TICKET_STORE_H_
