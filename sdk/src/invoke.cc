#include "invoke.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "supportbytime/error.h"

namespace supportbytime::sdk::internal {
namespace {
std::mt19937_64& Rng() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}
}  // namespace

std::string NewRequestId() {
  uint64_t a = Rng()(), b = Rng()();
  a = (a & 0xffffffffffff0fffULL) | 0x4000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xffff,
                         b >> 48, b & 0xffffffffffffULL);
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::ABORTED;
}

absl::Duration Backoff(const RetryPolicy& policy, int attempt) {
  absl::Duration cap = policy.initial_backoff;
  for (int i = 2; i < attempt && cap < policy.max_backoff; ++i) cap *= 2;
  cap = std::min(cap, policy.max_backoff);
  std::uniform_int_distribution<int64_t> jitter(0, absl::ToInt64Microseconds(cap));
  return absl::Microseconds(jitter(Rng()));
}

void PrepareContext(const ClientOptions& options, grpc::ClientContext& context) {
  if (!options.api_key.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", options.api_key));
  }
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.deadline));
}

absl::Status CallWithRetries(const ClientOptions& options,
                             absl::FunctionRef<grpc::Status(grpc::ClientContext&)> attempt) {
  grpc::Status status;
  for (int n = 1;; ++n) {
    grpc::ClientContext context;
    PrepareContext(options, context);
    status = attempt(context);
    if (status.ok()) return absl::OkStatus();
    if (!Retryable(status.error_code()) || n >= options.retry.max_attempts) break;
    absl::SleepFor(Backoff(options.retry, n + 1));
  }
  return FromGrpcStatus(status);
}

}  // namespace supportbytime::sdk::internal
