#include "supportbytime/ticket_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcTicketClient final : public TicketClient {
 public:
  using Stub = v1::TicketService::Stub;
  GrpcTicketClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::TicketService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::Ticket> CreateTicket(const v1::CreateTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreateTicket, request);
  }
  absl::StatusOr<v1::Ticket> GetTicket(const v1::GetTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetTicket, request);
  }
  absl::StatusOr<v1::ListTicketsResponse> ListTickets(const v1::ListTicketsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListTickets, request);
  }
  absl::StatusOr<v1::Ticket> UpdateTicket(const v1::UpdateTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UpdateTicket, request);
  }
  absl::StatusOr<v1::Ticket> CloseTicket(const v1::CloseTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CloseTicket, request);
  }
  absl::StatusOr<v1::Ticket> ReopenTicket(const v1::ReopenTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ReopenTicket, request);
  }
  absl::StatusOr<v1::Ticket> HoldTicket(const v1::HoldTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::HoldTicket, request);
  }
  absl::StatusOr<v1::Ticket> ResumeTicket(const v1::ResumeTicketRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ResumeTicket, request);
  }
  absl::StatusOr<v1::Ticket> RecordFirstResponse(const v1::RecordFirstResponseRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::RecordFirstResponse, request);
  }
  absl::StatusOr<v1::Ticket> ApproveOverage(const v1::ApproveOverageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ApproveOverage, request);
  }
  absl::StatusOr<v1::Ticket> RequestOverageApproval(
      const v1::RequestOverageApprovalRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::RequestOverageApproval, request);
  }
  absl::StatusOr<v1::Ticket> DeclineOverage(const v1::DeclineOverageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::DeclineOverage, request);
  }
  absl::StatusOr<v1::ListTicketEventsResponse> ListTicketEvents(const v1::ListTicketEventsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListTicketEvents, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options) {
  return MakeTicketClient(options, MakeChannel(options));
}

std::unique_ptr<TicketClient> MakeTicketClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcTicketClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
