#include "server/api/call.h"

#include <chrono>
#include <exception>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/api/grpc_status.h"
#include "server/app/log.h"
#include "server/domain/error.h"

namespace supportbytime::api {
namespace {

std::string AuthorizationHeader(const grpc::ServerContext& context) {
  const auto& md = context.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::Status CallRunner::Run(grpc::ServerContext* context, absl::string_view method,
                             absl::string_view request_id,
                             const std::function<absl::Status(const Call&)>& body) {
  const auto started = std::chrono::steady_clock::now();
  std::string actor_name = "anonymous";
  absl::Status status;
  try {
    absl::StatusOr<auth::Actor> actor = authenticator_.Authenticate(AuthorizationHeader(*context));
    if (!actor.ok()) {
      status = actor.status();
    } else {
      actor_name = actor->Name();
      status = body(Call{*actor, now_(), std::string(request_id)});
    }
  } catch (const std::exception&) {
    // A handler bug must cost one call, never the process.
    status = domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "An internal error occurred.");
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::vector<app::LogField> fields = {
      {"method", std::string(method)},
      {"code", absl::AsciiStrToUpper(absl::StatusCodeToString(status.code()))},
      {"duration_ms", absl::StrFormat("%.3f", ms), true},
      {"actor", actor_name},
      {"request_id", std::string(request_id)},
  };
  if (!status.ok()) {
    fields.push_back({"reason", domain::DetailOf(status).reason});
    if (status.code() == absl::StatusCode::kInternal) {
      fields.push_back({"error", std::string(status.message())});
    }
  }
  app::Log(status.ok() || status.code() != absl::StatusCode::kInternal ? "info" : "error", "rpc",
           fields);
  return ToGrpcStatus(status);
}

absl::Status NotYetImplemented(absl::string_view method) {
  return domain::Error(absl::StatusCode::kUnimplemented, "NOT_IMPLEMENTED",
                       absl::StrCat(method, " is not available in this release."));
}

}  // namespace supportbytime::api
