#include "supportbytime/error.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supportbytime::sdk {
namespace {
constexpr char kDetailsUrl[] = "type.googleapis.com/google.rpc.Status";
}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (!status.error_details().empty()) {
    out.SetPayload(kDetailsUrl, absl::Cord(status.error_details()));
  }
  return out;
}

ErrorDetails GetErrorDetails(const absl::Status& status) {
  ErrorDetails d;
  auto payload = status.GetPayload(kDetailsUrl);
  if (!payload) return d;
  google::rpc::Status rpc;
  if (!rpc.ParseFromString(std::string(*payload))) return d;
  for (const auto& any : rpc.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) {
      d.reason = info.reason();
      d.domain = info.domain();
      d.metadata.insert(info.metadata().begin(), info.metadata().end());
    } else if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) d.fields.push_back(v.field());
    }
  }
  return d;
}

}  // namespace supportbytime::sdk
