#include "server/api/call.h"

#include <chrono>
#include <exception>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/api/grpc_status.h"
#include "server/util/log.h"
#include "server/domain/error.h"

namespace supportbytime::api {
namespace {

std::string AuthorizationHeader(const grpc::ServerContext& context) {
  const auto& md = context.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

// PERMISSION_DENIED unless the role table of `method` allows the actor.
absl::Status Authorize(const std::vector<auth::Role>* roles, const auth::Actor& actor,
                       absl::string_view method) {
  if (roles == nullptr) {
    return auth::RoleNotAllowed(actor, absl::StrCat(method, " is not open to any role."));
  }
  for (auth::Role r : *roles) {
    if (r == actor.role) return absl::OkStatus();
  }
  return auth::RoleNotAllowed(actor, absl::StrCat("An API key with role ", auth::RoleName(actor.role),
                                                  " may not make this call."));
}

}  // namespace

void CallRunner::Allow(absl::string_view service, const RoleTable& roles) {
  for (const auto& [method, allowed] : roles) roles_[absl::StrCat(service, "/", method)] = allowed;
}

const std::vector<auth::Role>* CallRunner::RolesOf(absl::string_view method) const {
  auto it = roles_.find(method);
  return it == roles_.end() ? nullptr : &it->second;
}

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
      status = Authorize(RolesOf(method), *actor, method);
      if (status.ok()) status = body(Call{*actor, clock_.Now(), std::string(request_id)});
    }
  } catch (const std::exception&) {
    // A handler bug must cost one call, never the process.
    status = domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "An internal error occurred.");
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::vector<util::LogField> fields = {
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
  util::Log(status.ok() || status.code() != absl::StatusCode::kInternal ? "info" : "error", "rpc",
           fields);
  return ToGrpcStatus(status);
}

absl::Status NotYetImplemented(absl::string_view method) {
  return domain::Error(absl::StatusCode::kUnimplemented, "NOT_IMPLEMENTED",
                       absl::StrCat(method, " is not available in this release."));
}

}  // namespace supportbytime::api
