// R11 at the use-case boundary: a mutation runs once per (caller,
// request_id); a retry gets the first reply back byte for byte, and a
// request_id reused for another request is refused.
//
// The reply is the serialized API response, made by the api layer's encoder
// inside the transaction (so that what is stored is what was answered);
// repositories never see it.
#ifndef SUPPORTBYTIME_SERVER_USECASES_IDEMPOTENCY_H_
#define SUPPORTBYTIME_SERVER_USECASES_IDEMPOTENCY_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

struct IdempotencyKey {
  std::string principal;     // api key id, or "system"
  std::string request_id;    // a UUID; empty: the call is not deduplicated
  std::string method;        // full gRPC method name
  std::string request_hash;  // 32 raw bytes: SHA-256 of the request without request_id
};

// Encodes a use case's result as the reply to store and return.
template <class T>
using Encoder = std::function<std::string(const T&)>;

class Idempotency {
 public:
  virtual ~Idempotency() = default;

  // Runs `body` in one transaction together with the claim of `key`: a new
  // key runs body and stores its reply; a key already used by the same
  // request returns the stored reply without running body; a key used by a
  // different request is ALREADY_EXISTS, REQUEST_ID_REUSED.
  virtual absl::StatusOr<std::string> Run(
      const IdempotencyKey& key, const std::function<absl::StatusOr<std::string>(Tx&)>& body) = 0;

  // For work spanning several transactions that is idempotent by itself
  // (ClosePeriods): the stored reply of a completed call, nullopt when this
  // call should run.
  virtual absl::StatusOr<std::optional<std::string>> Claim(const IdempotencyKey& key) = 0;
  // Stores `reply` in the caller's last transaction; returns the reply that stands.
  virtual std::string Complete(Tx& tx, const IdempotencyKey& key, const std::string& reply) = 0;
};

// Runs `body` idempotently and encodes its result with `encode`.
template <class T>
absl::StatusOr<std::string> RunIdempotent(Idempotency& idempotency, const IdempotencyKey& key,
                                          const std::function<absl::StatusOr<T>(Tx&)>& body,
                                          const Encoder<T>& encode) {
  return idempotency.Run(key, [&](Tx& tx) -> absl::StatusOr<std::string> {
    absl::StatusOr<T> result = body(tx);
    if (!result.ok()) return result.status();
    return encode(*result);
  });
}

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_IDEMPOTENCY_H_
