#include "supportbytime/history_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcHistoryClient final : public HistoryClient {
 public:
  using Stub = v1::HistoryService::Stub;
  GrpcHistoryClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::HistoryService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::ListHistoryMonthsResponse> ListHistoryMonths(const v1::ListHistoryMonthsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListHistoryMonths, request);
  }
  absl::StatusOr<v1::UsageChart> GetUsageChart(const v1::GetUsageChartRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetUsageChart, request);
  }
  absl::StatusOr<v1::MonthSummary> GetMonthSummary(const v1::GetMonthSummaryRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetMonthSummary, request);
  }
  absl::StatusOr<v1::ListMonthTicketsResponse> ListMonthTickets(const v1::ListMonthTicketsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListMonthTickets, request);
  }
  absl::StatusOr<v1::OperatorReport> GetOperatorReport(const v1::GetOperatorReportRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetOperatorReport, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options) {
  return MakeHistoryClient(options, MakeChannel(options));
}

std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcHistoryClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
