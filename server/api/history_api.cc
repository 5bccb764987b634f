#include "server/api/history_api.h"

namespace supportbytime::api {

grpc::Status HistoryApi::ListHistoryMonths(grpc::ServerContext* ctx,
                                           const v1::ListHistoryMonthsRequest* req,
                                           v1::ListHistoryMonthsResponse* /*resp*/) {
  return run_(ctx, "HistoryService/ListHistoryMonths", *req,
              [&](const Call&) { return NotYetImplemented("HistoryService/ListHistoryMonths"); });
}

grpc::Status HistoryApi::GetUsageChart(grpc::ServerContext* ctx,
                                       const v1::GetUsageChartRequest* req,
                                       v1::UsageChart* /*resp*/) {
  return run_(ctx, "HistoryService/GetUsageChart", *req,
              [&](const Call&) { return NotYetImplemented("HistoryService/GetUsageChart"); });
}

grpc::Status HistoryApi::GetMonthSummary(grpc::ServerContext* ctx,
                                         const v1::GetMonthSummaryRequest* req,
                                         v1::MonthSummary* /*resp*/) {
  return run_(ctx, "HistoryService/GetMonthSummary", *req,
              [&](const Call&) { return NotYetImplemented("HistoryService/GetMonthSummary"); });
}

grpc::Status HistoryApi::ListMonthTickets(grpc::ServerContext* ctx,
                                          const v1::ListMonthTicketsRequest* req,
                                          v1::ListMonthTicketsResponse* /*resp*/) {
  return run_(ctx, "HistoryService/ListMonthTickets", *req,
              [&](const Call&) { return NotYetImplemented("HistoryService/ListMonthTickets"); });
}

grpc::Status HistoryApi::GetOperatorReport(grpc::ServerContext* ctx,
                                           const v1::GetOperatorReportRequest* req,
                                           v1::OperatorReport* /*resp*/) {
  return run_(ctx, "HistoryService/GetOperatorReport", *req,
              [&](const Call&) { return NotYetImplemented("HistoryService/GetOperatorReport"); });
}

}  // namespace supportbytime::api
