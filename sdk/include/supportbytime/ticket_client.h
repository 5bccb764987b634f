// TicketService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_TICKET_CLIENT_H_
#define SUPPORTBYTIME_SDK_TICKET_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"

namespace supportbytime::sdk {

class TicketClient {
 public:
  virtual ~TicketClient() = default;

  virtual absl::StatusOr<v1::Ticket> CreateTicket(const v1::CreateTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> GetTicket(const v1::GetTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::ListTicketsResponse> ListTickets(const v1::ListTicketsRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> UpdateTicket(const v1::UpdateTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> CloseTicket(const v1::CloseTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> ReopenTicket(const v1::ReopenTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> HoldTicket(const v1::HoldTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> ResumeTicket(const v1::ResumeTicketRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> RecordFirstResponse(const v1::RecordFirstResponseRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> ApproveOverage(const v1::ApproveOverageRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> RequestOverageApproval(
      const v1::RequestOverageApprovalRequest& request) = 0;
  virtual absl::StatusOr<v1::Ticket> DeclineOverage(const v1::DeclineOverageRequest& request) = 0;
  virtual absl::StatusOr<v1::ListTicketEventsResponse> ListTicketEvents(const v1::ListTicketEventsRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_TICKET_CLIENT_H_
