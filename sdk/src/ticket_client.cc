#include "supportbytime/ticket_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcTicketClient final : public internal::GrpcClient<TicketClient, v1::TicketService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::Ticket> CreateTicket(const v1::CreateTicketRequest& request) override { return Call(&Stub::CreateTicket, request); }
  absl::StatusOr<v1::Ticket> GetTicket(const v1::GetTicketRequest& request) override { return Call(&Stub::GetTicket, request); }
  absl::StatusOr<v1::ListTicketsResponse> ListTickets(const v1::ListTicketsRequest& request) override { return Call(&Stub::ListTickets, request); }
  absl::StatusOr<v1::Ticket> UpdateTicket(const v1::UpdateTicketRequest& request) override { return Call(&Stub::UpdateTicket, request); }
  absl::StatusOr<v1::Ticket> CloseTicket(const v1::CloseTicketRequest& request) override { return Call(&Stub::CloseTicket, request); }
  absl::StatusOr<v1::Ticket> ReopenTicket(const v1::ReopenTicketRequest& request) override { return Call(&Stub::ReopenTicket, request); }
  absl::StatusOr<v1::Ticket> HoldTicket(const v1::HoldTicketRequest& request) override { return Call(&Stub::HoldTicket, request); }
  absl::StatusOr<v1::Ticket> ResumeTicket(const v1::ResumeTicketRequest& request) override { return Call(&Stub::ResumeTicket, request); }
  absl::StatusOr<v1::Ticket> RecordFirstResponse(const v1::RecordFirstResponseRequest& request) override { return Call(&Stub::RecordFirstResponse, request); }
  absl::StatusOr<v1::Ticket> ApproveOverage(const v1::ApproveOverageRequest& request) override { return Call(&Stub::ApproveOverage, request); }
  absl::StatusOr<v1::Ticket> RequestOverageApproval(const v1::RequestOverageApprovalRequest& request) override { return Call(&Stub::RequestOverageApproval, request); }
  absl::StatusOr<v1::Ticket> DeclineOverage(const v1::DeclineOverageRequest& request) override { return Call(&Stub::DeclineOverage, request); }
  absl::StatusOr<v1::ListTicketEventsResponse> ListTicketEvents(const v1::ListTicketEventsRequest& request) override { return Call(&Stub::ListTicketEvents, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcTicketClient>(options);
}

std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcTicketClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
