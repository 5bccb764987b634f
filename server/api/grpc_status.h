// absl::Status -> grpc::Status with google.rpc.Status details.
#ifndef SUPPORTBYTIME_SERVER_API_GRPC_STATUS_H_
#define SUPPORTBYTIME_SERVER_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace supportbytime::api {

// The ErrorInfo domain of every refusal.
inline constexpr char kErrorDomain[] = "supportbytime.v1";

// Carries the code and message, and as details an ErrorInfo (the reason the
// status names, or the code's name when it names none; domain
// supportbytime.v1; its metadata) and, for malformed input, a BadRequest
// listing each offending field.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_GRPC_STATUS_H_
