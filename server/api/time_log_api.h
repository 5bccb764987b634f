// TimeLogService: time entries, periods and timers.
#ifndef SUPPORTBYTIME_SERVER_API_TIME_LOG_API_H_
#define SUPPORTBYTIME_SERVER_API_TIME_LOG_API_H_

#include "server/api/call.h"
#include "server/usecases/time_log.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"

namespace supportbytime::api {

class TimeLogApi final : public v1::TimeLogService::Service {
 public:
  TimeLogApi(CallRunner& run, usecases::TimeLog& time_log) : run_(run), time_log_(time_log) {}

  grpc::Status CreateTimeEntry(grpc::ServerContext* ctx, const v1::CreateTimeEntryRequest* req,
                               v1::TimeEntry* resp) override;
  grpc::Status GetTimeEntry(grpc::ServerContext* ctx, const v1::GetTimeEntryRequest* req,
                            v1::TimeEntry* resp) override;
  grpc::Status ListTimeEntries(grpc::ServerContext* ctx, const v1::ListTimeEntriesRequest* req,
                               v1::ListTimeEntriesResponse* resp) override;
  grpc::Status UpdateTimeEntry(grpc::ServerContext* ctx, const v1::UpdateTimeEntryRequest* req,
                               v1::TimeEntry* resp) override;
  grpc::Status DeleteTimeEntry(grpc::ServerContext* ctx, const v1::DeleteTimeEntryRequest* req,
                               v1::TimeEntry* resp) override;
  grpc::Status GetPeriod(grpc::ServerContext* ctx, const v1::GetPeriodRequest* req,
                         v1::Period* resp) override;
  grpc::Status ListPeriods(grpc::ServerContext* ctx, const v1::ListPeriodsRequest* req,
                           v1::ListPeriodsResponse* resp) override;
  grpc::Status StartTimer(grpc::ServerContext* ctx, const v1::StartTimerRequest* req,
                          v1::Timer* resp) override;
  grpc::Status GetTimer(grpc::ServerContext* ctx, const v1::GetTimerRequest* req,
                        v1::Timer* resp) override;
  grpc::Status ListTimers(grpc::ServerContext* ctx, const v1::ListTimersRequest* req,
                          v1::ListTimersResponse* resp) override;
  grpc::Status StopTimer(grpc::ServerContext* ctx, const v1::StopTimerRequest* req,
                         v1::TimeEntry* resp) override;
  grpc::Status CancelTimer(grpc::ServerContext* ctx, const v1::CancelTimerRequest* req,
                           v1::Timer* resp) override;

 private:
  CallRunner& run_;
  usecases::TimeLog& time_log_;
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_TIME_LOG_API_H_
