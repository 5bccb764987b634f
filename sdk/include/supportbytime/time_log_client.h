// TimeLogService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_TIME_LOG_CLIENT_H_
#define SUPPORTBYTIME_SDK_TIME_LOG_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"

namespace supportbytime::sdk {

class TimeLogClient {
 public:
  virtual ~TimeLogClient() = default;

  virtual absl::StatusOr<v1::TimeEntry> CreateTimeEntry(const v1::CreateTimeEntryRequest& request) = 0;
  virtual absl::StatusOr<v1::TimeEntry> GetTimeEntry(const v1::GetTimeEntryRequest& request) = 0;
  virtual absl::StatusOr<v1::ListTimeEntriesResponse> ListTimeEntries(const v1::ListTimeEntriesRequest& request) = 0;
  virtual absl::StatusOr<v1::TimeEntry> UpdateTimeEntry(const v1::UpdateTimeEntryRequest& request) = 0;
  virtual absl::StatusOr<v1::TimeEntry> DeleteTimeEntry(const v1::DeleteTimeEntryRequest& request) = 0;
  virtual absl::StatusOr<v1::Period> GetPeriod(const v1::GetPeriodRequest& request) = 0;
  virtual absl::StatusOr<v1::ListPeriodsResponse> ListPeriods(const v1::ListPeriodsRequest& request) = 0;
  virtual absl::StatusOr<v1::Timer> StartTimer(const v1::StartTimerRequest& request) = 0;
  virtual absl::StatusOr<v1::Timer> GetTimer(const v1::GetTimerRequest& request) = 0;
  virtual absl::StatusOr<v1::ListTimersResponse> ListTimers(const v1::ListTimersRequest& request) = 0;
  virtual absl::StatusOr<v1::TimeEntry> StopTimer(const v1::StopTimerRequest& request) = 0;
  virtual absl::StatusOr<v1::Timer> CancelTimer(const v1::CancelTimerRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<TimeLogClient> MakeTimeLogClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_TIME_LOG_CLIENT_H_
