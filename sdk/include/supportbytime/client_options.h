// How an SDK client reaches the service.
#ifndef SUPPORTBYTIME_SDK_CLIENT_OPTIONS_H_
#define SUPPORTBYTIME_SDK_CLIENT_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace supportbytime::sdk {

// Exponential backoff with full jitter between attempts. Only UNAVAILABLE and
// ABORTED are retried; mutations are safe to retry because the client sends
// the same request_id on every attempt.
struct RetryPolicy {
  int max_attempts = 5;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

struct ClientOptions {
  std::string endpoint = "127.0.0.1:50051";
  bool use_tls = false;
  std::string tls_ca_pem;  // empty: the system roots
  std::string api_key;     // sent as "authorization: Bearer <key>"
  absl::Duration deadline = absl::Seconds(10);  // per attempt
  RetryPolicy retry;
};

// A channel for `options` (TLS or plaintext).
std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_CLIENT_OPTIONS_H_
