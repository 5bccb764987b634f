// What every RPC handler does around its own work: authenticate the caller,
// run the body, map its status to gRPC with details, and write one log line
// (method, code, duration, actor, request_id; never a secret).
#ifndef SUPPORTBYTIME_SERVER_API_CALL_H_
#define SUPPORTBYTIME_SERVER_API_CALL_H_

#include <functional>
#include <map>
#include <vector>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "server/auth/actor.h"
#include "server/auth/authenticator.h"
#include "server/domain/clock.h"

namespace supportbytime::api {

// Who calls, when ("now" of this call, from the injectable clock), and the
// idempotency key of a mutation.
struct Call {
  auth::Actor actor;
  absl::Time now;
  std::string request_id;
};

// Who may call each RPC of one service, by method name ("CreatePackage").
// The runner checks it after authentication, before the handler runs; a
// method missing from its service's table is refused (fail closed).
using RoleTable = std::map<std::string, std::vector<auth::Role>, std::less<>>;

// Every role: reads that a CLIENT key may make on its own data.
inline const std::vector<auth::Role> kAnyRole = {auth::Role::kAdmin, auth::Role::kOperator,
                                                 auth::Role::kClient};

class CallRunner final {
 public:
  CallRunner(auth::Authenticator& authenticator, const domain::Clock& clock)
      : authenticator_(authenticator), clock_(clock) {}

  // Declares who may call the methods of `service` ("PackageService").
  void Allow(absl::string_view service, const RoleTable& roles);
  // The roles allowed to call `method` ("PackageService/CreatePackage");
  // nullptr when no table names it.
  const std::vector<auth::Role>* RolesOf(absl::string_view method) const;
  int RoleCount() const { return static_cast<int>(roles_.size()); }

  // `method` is "Service/Method". `request_id` is empty for reads.
  grpc::Status Run(grpc::ServerContext* context, absl::string_view method,
                   absl::string_view request_id,
                   const std::function<absl::Status(const Call&)>& body);

  // Typed convenience: reads request_id from requests that have one.
  template <class Request>
  grpc::Status operator()(grpc::ServerContext* context, absl::string_view method,
                          const Request& request,
                          const std::function<absl::Status(const Call&)>& body) {
    if constexpr (requires { request.request_id(); }) {
      return Run(context, method, request.request_id(), body);
    } else {
      return Run(context, method, "", body);
    }
  }

 private:
  auth::Authenticator& authenticator_;
  const domain::Clock& clock_;
  std::map<std::string, std::vector<auth::Role>, std::less<>> roles_;  // by "Service/Method"
};

// The status of an RPC that a later release provides.
absl::Status NotYetImplemented(absl::string_view method);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_CALL_H_
