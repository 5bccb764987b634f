// The one place where an SDK call meets gRPC: request_id, bearer key,
// deadline, retries with backoff, and the status conversion.
#ifndef SUPPORTBYTIME_SDK_SRC_INVOKE_H_
#define SUPPORTBYTIME_SDK_SRC_INVOKE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "supportbytime/client_options.h"
#include "supportbytime/error.h"

namespace supportbytime::sdk::internal {

// A random (version 4) UUID.
std::string NewRequestId();

// Whether a failed attempt may be repeated: the server did not act, or
// acted under the same request_id (which makes the repeat a replay).
bool Retryable(grpc::StatusCode code);

// The pause before attempt `attempt` (2, 3, …): exponential, capped, with
// full jitter so that many clients do not retry in lockstep.
absl::Duration Backoff(const RetryPolicy& policy, int attempt);

void PrepareContext(const ClientOptions& options, grpc::ClientContext& context);

template <class Stub, class Request, class Response>
absl::StatusOr<Response> Invoke(const ClientOptions& options, Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                Request request) {
  if constexpr (requires { request.request_id(); }) {
    if (request.request_id().empty()) request.set_request_id(NewRequestId());
  }
  grpc::Status status;
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext context;
    PrepareContext(options, context);
    Response response;
    status = (stub.*method)(&context, request, &response);
    if (status.ok()) return response;
    if (!Retryable(status.error_code()) || attempt >= options.retry.max_attempts) break;
    absl::SleepFor(Backoff(options.retry, attempt + 1));
  }
  return FromGrpcStatus(status);
}

}  // namespace supportbytime::sdk::internal

#endif  // SUPPORTBYTIME_SDK_SRC_INVOKE_H_
