// TicketService: ticket lifecycle, first-response SLA, overage approval and
// the ticket timeline.
#ifndef SUPPORTBYTIME_SERVER_API_TICKET_API_H_
#define SUPPORTBYTIME_SERVER_API_TICKET_API_H_

#include "server/api/call.h"
#include "server/domain/business_calendar.h"
#include "server/domain/ticket.h"
#include "server/usecases/tickets.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"

namespace supportbytime::api {

class TicketApi final : public v1::TicketService::Service {
 public:
  TicketApi(CallRunner& run, usecases::Tickets& tickets, domain::BusinessCalendar calendar)
      : run_(run), tickets_(tickets), calendar_(std::move(calendar)) {}

  grpc::Status CreateTicket(grpc::ServerContext* ctx, const v1::CreateTicketRequest* req,
                            v1::Ticket* resp) override;
  grpc::Status GetTicket(grpc::ServerContext* ctx, const v1::GetTicketRequest* req,
                         v1::Ticket* resp) override;
  grpc::Status ListTickets(grpc::ServerContext* ctx, const v1::ListTicketsRequest* req,
                           v1::ListTicketsResponse* resp) override;
  grpc::Status UpdateTicket(grpc::ServerContext* ctx, const v1::UpdateTicketRequest* req,
                            v1::Ticket* resp) override;
  grpc::Status CloseTicket(grpc::ServerContext* ctx, const v1::CloseTicketRequest* req,
                           v1::Ticket* resp) override;
  grpc::Status ReopenTicket(grpc::ServerContext* ctx, const v1::ReopenTicketRequest* req,
                            v1::Ticket* resp) override;
  grpc::Status HoldTicket(grpc::ServerContext* ctx, const v1::HoldTicketRequest* req,
                          v1::Ticket* resp) override;
  grpc::Status ResumeTicket(grpc::ServerContext* ctx, const v1::ResumeTicketRequest* req,
                            v1::Ticket* resp) override;
  grpc::Status RecordFirstResponse(grpc::ServerContext* ctx,
                                   const v1::RecordFirstResponseRequest* req,
                                   v1::Ticket* resp) override;
  grpc::Status ApproveOverage(grpc::ServerContext* ctx, const v1::ApproveOverageRequest* req,
                              v1::Ticket* resp) override;
  grpc::Status RequestOverageApproval(grpc::ServerContext* ctx,
                                      const v1::RequestOverageApprovalRequest* req,
                                      v1::Ticket* resp) override;
  grpc::Status DeclineOverage(grpc::ServerContext* ctx, const v1::DeclineOverageRequest* req,
                              v1::Ticket* resp) override;
  grpc::Status ListTicketEvents(grpc::ServerContext* ctx, const v1::ListTicketEventsRequest* req,
                                v1::ListTicketEventsResponse* resp) override;

 private:
  template <class Request>
  grpc::Status Transition(grpc::ServerContext* ctx, const char* rpc, const Request& req,
                          domain::TicketAction action, v1::Ticket* resp);
  // Request, approve or decline (R8) once the request is parsed and the
  // caller's role checked.
  template <class Request>
  absl::Status ChangeApproval(const Call& call, const char* rpc, const Request& req,
                              domain::OverageApprovalChange change, v1::Ticket* resp);

  CallRunner& run_;
  usecases::Tickets& tickets_;
  domain::BusinessCalendar calendar_;
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_TICKET_API_H_
