// HistoryService: the month navigator, the usage chart, a month's summary and
// tickets of MONTHLY subscriptions, and the operator report.
#ifndef SUPPORTBYTIME_SERVER_API_HISTORY_API_H_
#define SUPPORTBYTIME_SERVER_API_HISTORY_API_H_

#include "server/api/call.h"
#include "server/storage/history_store.h"
#include "supportbytime/v1/history_service.grpc.pb.h"

namespace supportbytime::api {

class HistoryApi final : public v1::HistoryService::Service {
 public:
  HistoryApi(CallRunner& run, storage::HistoryStore& history, std::string default_time_zone)
      : run_(run), history_(history), default_time_zone_(std::move(default_time_zone)) {}

  grpc::Status ListHistoryMonths(grpc::ServerContext* ctx,
                                 const v1::ListHistoryMonthsRequest* req,
                                 v1::ListHistoryMonthsResponse* resp) override;
  grpc::Status GetUsageChart(grpc::ServerContext* ctx, const v1::GetUsageChartRequest* req,
                             v1::UsageChart* resp) override;
  grpc::Status GetMonthSummary(grpc::ServerContext* ctx, const v1::GetMonthSummaryRequest* req,
                               v1::MonthSummary* resp) override;
  grpc::Status ListMonthTickets(grpc::ServerContext* ctx, const v1::ListMonthTicketsRequest* req,
                                v1::ListMonthTicketsResponse* resp) override;
  grpc::Status GetOperatorReport(grpc::ServerContext* ctx,
                                 const v1::GetOperatorReportRequest* req,
                                 v1::OperatorReport* resp) override;

 private:
  CallRunner& run_;
  storage::HistoryStore& history_;
  std::string default_time_zone_;  // GetOperatorReport's default month
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_HISTORY_API_H_
