// HistoryService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_HISTORY_CLIENT_H_
#define SUPPORTBYTIME_SDK_HISTORY_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/history_service.grpc.pb.h"

namespace supportbytime::sdk {

class HistoryClient {
 public:
  virtual ~HistoryClient() = default;

  virtual absl::StatusOr<v1::ListHistoryMonthsResponse> ListHistoryMonths(const v1::ListHistoryMonthsRequest& request) = 0;
  virtual absl::StatusOr<v1::UsageChart> GetUsageChart(const v1::GetUsageChartRequest& request) = 0;
  virtual absl::StatusOr<v1::MonthSummary> GetMonthSummary(const v1::GetMonthSummaryRequest& request) = 0;
  virtual absl::StatusOr<v1::ListMonthTicketsResponse> ListMonthTickets(const v1::ListMonthTicketsRequest& request) = 0;
  virtual absl::StatusOr<v1::OperatorReport> GetOperatorReport(const v1::GetOperatorReportRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<HistoryClient> MakeHistoryClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_HISTORY_CLIENT_H_
