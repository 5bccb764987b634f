// What every RPC handler does around its own work: authenticate the caller,
// run the body, map its status to gRPC with details, and write one log line
// (method, code, duration, actor, request_id; never a secret).
#ifndef SUPPORTBYTIME_SERVER_API_CALL_H_
#define SUPPORTBYTIME_SERVER_API_CALL_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "server/auth/actor.h"
#include "server/auth/authenticator.h"

namespace supportbytime::api {

// Who calls, when ("now" of this call, from the injectable clock), and the
// idempotency key of a mutation.
struct Call {
  auth::Actor actor;
  absl::Time now;
  std::string request_id;
};

class CallRunner final {
 public:
  using Now = std::function<absl::Time()>;
  CallRunner(auth::Authenticator& authenticator, Now now)
      : authenticator_(authenticator), now_(std::move(now)) {}

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
  Now now_;
};

// The status of an RPC that a later release provides.
absl::Status NotYetImplemented(absl::string_view method);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_CALL_H_
