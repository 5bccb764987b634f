// Refusals as absl::Status, with the service's ErrorInfo reachable.
#ifndef SUPPORTBYTIME_SDK_ERROR_H_
#define SUPPORTBYTIME_SDK_ERROR_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace supportbytime::sdk {

// What google.rpc.ErrorInfo and BadRequest said about a refusal.
struct ErrorDetails {
  std::string reason;  // e.g. "BUCKET_EXHAUSTED"; see error_reason.proto
  std::string domain;  // "supportbytime.v1"
  std::map<std::string, std::string> metadata;
  std::vector<std::string> fields;  // offending request fields
};

// The status with the same code and message; the details travel as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

// The details of a status made by FromGrpcStatus (empty for others).
ErrorDetails GetErrorDetails(const absl::Status& status);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_ERROR_H_
