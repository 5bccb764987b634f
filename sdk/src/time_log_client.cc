#include "supportbytime/time_log_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcTimeLogClient final : public internal::GrpcClient<TimeLogClient, v1::TimeLogService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::TimeEntry> CreateTimeEntry(const v1::CreateTimeEntryRequest& request) override { return Call(&Stub::CreateTimeEntry, request); }
  absl::StatusOr<v1::TimeEntry> GetTimeEntry(const v1::GetTimeEntryRequest& request) override { return Call(&Stub::GetTimeEntry, request); }
  absl::StatusOr<v1::ListTimeEntriesResponse> ListTimeEntries(const v1::ListTimeEntriesRequest& request) override { return Call(&Stub::ListTimeEntries, request); }
  absl::StatusOr<v1::TimeEntry> UpdateTimeEntry(const v1::UpdateTimeEntryRequest& request) override { return Call(&Stub::UpdateTimeEntry, request); }
  absl::StatusOr<v1::TimeEntry> DeleteTimeEntry(const v1::DeleteTimeEntryRequest& request) override { return Call(&Stub::DeleteTimeEntry, request); }
  absl::StatusOr<v1::Period> GetPeriod(const v1::GetPeriodRequest& request) override { return Call(&Stub::GetPeriod, request); }
  absl::StatusOr<v1::ListPeriodsResponse> ListPeriods(const v1::ListPeriodsRequest& request) override { return Call(&Stub::ListPeriods, request); }
  absl::StatusOr<v1::Timer> StartTimer(const v1::StartTimerRequest& request) override { return Call(&Stub::StartTimer, request); }
  absl::StatusOr<v1::Timer> GetTimer(const v1::GetTimerRequest& request) override { return Call(&Stub::GetTimer, request); }
  absl::StatusOr<v1::ListTimersResponse> ListTimers(const v1::ListTimersRequest& request) override { return Call(&Stub::ListTimers, request); }
  absl::StatusOr<v1::TimeEntry> StopTimer(const v1::StopTimerRequest& request) override { return Call(&Stub::StopTimer, request); }
  absl::StatusOr<v1::Timer> CancelTimer(const v1::CancelTimerRequest& request) override { return Call(&Stub::CancelTimer, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcTimeLogClient>(options);
}

std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcTimeLogClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
