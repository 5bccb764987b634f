// The one place where an SDK call meets gRPC: request_id, bearer key,
// deadline, retries with backoff, and the status conversion.
#ifndef SUPPORTBYTIME_SDK_SRC_INVOKE_H_
#define SUPPORTBYTIME_SDK_SRC_INVOKE_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "supportbytime/client_options.h"

namespace supportbytime::sdk::internal {

// A random (version 4) UUID.
std::string NewRequestId();

// Whether a failed attempt may be repeated: the server did not act, or
// acted under the same request_id (which makes the repeat a replay).
bool Retryable(grpc::StatusCode code);

// The pause before attempt `attempt` (2, 3, …): exponential, capped, with
// full jitter so that many clients do not retry in lockstep.
absl::Duration Backoff(const RetryPolicy& policy, int attempt);

// The bearer key and the per-attempt deadline.
void PrepareContext(const ClientOptions& options, grpc::ClientContext& context);

// Runs `attempt` with a fresh prepared context until it succeeds, fails with
// a code that is not Retryable, or options.retry.max_attempts are spent,
// sleeping Backoff() between attempts. The last failure comes back as
// FromGrpcStatus made it.
absl::Status CallWithRetries(const ClientOptions& options,
                             absl::FunctionRef<grpc::Status(grpc::ClientContext&)> attempt);

// The request's request_id, set to a new one when the message has that
// field and the caller left it empty, so every attempt carries the same id.
template <class Request>
void FillRequestId(Request& request) {
  if constexpr (requires { request.request_id(); }) {
    if (request.request_id().empty()) request.set_request_id(NewRequestId());
  }
}

// One unary RPC of a generated stub: `Invoke(options, stub, &Stub::GetPackage, request)`.
template <class Stub, class Request, class Response>
absl::StatusOr<Response> Invoke(const ClientOptions& options, Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                Request request) {
  FillRequestId(request);
  Response response;
  absl::Status status = CallWithRetries(options, [&](grpc::ClientContext& context) {
    response.Clear();
    return (stub.*method)(&context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace supportbytime::sdk::internal

#endif  // SUPPORTBYTIME_SDK_SRC_INVOKE_H_
