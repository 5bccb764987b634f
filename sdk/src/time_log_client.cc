#include "supportbytime/time_log_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcTimeLogClient final : public TimeLogClient {
 public:
  using Stub = v1::TimeLogService::Stub;
  GrpcTimeLogClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::TimeLogService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::TimeEntry> CreateTimeEntry(const v1::CreateTimeEntryRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreateTimeEntry, request);
  }
  absl::StatusOr<v1::TimeEntry> GetTimeEntry(const v1::GetTimeEntryRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetTimeEntry, request);
  }
  absl::StatusOr<v1::ListTimeEntriesResponse> ListTimeEntries(const v1::ListTimeEntriesRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListTimeEntries, request);
  }
  absl::StatusOr<v1::TimeEntry> UpdateTimeEntry(const v1::UpdateTimeEntryRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UpdateTimeEntry, request);
  }
  absl::StatusOr<v1::TimeEntry> DeleteTimeEntry(const v1::DeleteTimeEntryRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::DeleteTimeEntry, request);
  }
  absl::StatusOr<v1::Period> GetPeriod(const v1::GetPeriodRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetPeriod, request);
  }
  absl::StatusOr<v1::ListPeriodsResponse> ListPeriods(const v1::ListPeriodsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListPeriods, request);
  }
  absl::StatusOr<v1::Timer> StartTimer(const v1::StartTimerRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::StartTimer, request);
  }
  absl::StatusOr<v1::Timer> GetTimer(const v1::GetTimerRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetTimer, request);
  }
  absl::StatusOr<v1::ListTimersResponse> ListTimers(const v1::ListTimersRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListTimers, request);
  }
  absl::StatusOr<v1::TimeEntry> StopTimer(const v1::StopTimerRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::StopTimer, request);
  }
  absl::StatusOr<v1::Timer> CancelTimer(const v1::CancelTimerRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CancelTimer, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options) {
  return MakeTimeLogClient(options, MakeChannel(options));
}

std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcTimeLogClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
