#include "server/api/grpc_status.h"

#include <string>

#include "absl/strings/ascii.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/domain/error.h"

namespace supportbytime::api {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  domain::ErrorDetail detail = domain::DetailOf(status);
  const auto code = static_cast<grpc::StatusCode>(status.code());

  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(status.message()));

  google::rpc::ErrorInfo info;
  info.set_reason(detail.reason.empty() ? absl::AsciiStrToUpper(absl::StatusCodeToString(status.code()))
                                        : detail.reason);
  info.set_domain(kErrorDomain);
  for (const auto& [k, v] : detail.metadata) (*info.mutable_metadata())[k] = v;
  rpc.add_details()->PackFrom(info);

  if (!detail.fields.empty()) {
    google::rpc::BadRequest bad;
    for (const auto& f : detail.fields) {
      auto* v = bad.add_field_violations();
      v->set_field(f.field);
      v->set_description(f.description);
    }
    rpc.add_details()->PackFrom(bad);
  }
  return grpc::Status(code, rpc.message(), rpc.SerializeAsString());
}

}  // namespace supportbytime::api
