#include "supportbytime/history_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcHistoryClient final : public internal::GrpcClient<HistoryClient, v1::HistoryService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::ListHistoryMonthsResponse> ListHistoryMonths(const v1::ListHistoryMonthsRequest& request) override { return Call(&Stub::ListHistoryMonths, request); }
  absl::StatusOr<v1::UsageChart> GetUsageChart(const v1::GetUsageChartRequest& request) override { return Call(&Stub::GetUsageChart, request); }
  absl::StatusOr<v1::MonthSummary> GetMonthSummary(const v1::GetMonthSummaryRequest& request) override { return Call(&Stub::GetMonthSummary, request); }
  absl::StatusOr<v1::ListMonthTicketsResponse> ListMonthTickets(const v1::ListMonthTicketsRequest& request) override { return Call(&Stub::ListMonthTickets, request); }
  absl::StatusOr<v1::OperatorReport> GetOperatorReport(const v1::GetOperatorReportRequest& request) override { return Call(&Stub::GetOperatorReport, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcHistoryClient>(options);
}

std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcHistoryClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
