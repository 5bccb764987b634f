// R11: a mutation runs once per (caller, request_id); a retry gets the first
// response back, and a request_id reused for another request is refused.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_IDEMPOTENCY_H_
#define SUPPORTBYTIME_SERVER_STORAGE_IDEMPOTENCY_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/storage/database.h"
#include "server/storage/transaction.h"
#include "server/usecases/idempotency.h"

namespace supportbytime::storage {

using usecases::IdempotencyKey;

// The body of a mutation: changes data through `session` (inside the
// transaction) and returns the serialized response to hand back and store.
using MutationBody = std::function<absl::StatusOr<std::string>(soci::session&)>;

// Runs `body` in one transaction together with the claim of `key`:
// - a new key: runs body; stores its response on success; a refusal rolls
//   the claim back too, so a retry is evaluated afresh;
// - a key already used by the same request: returns the stored response
//   without running body (a concurrent duplicate waits for the first to
//   commit, then replays it);
// - a key used by a different request: ALREADY_EXISTS, REQUEST_ID_REUSED.
absl::StatusOr<std::string> RunIdempotent(Database& db, const IdempotencyKey& key,
                                          const MutationBody& body);

// For mutations that span several transactions and are idempotent by
// themselves (ClosePeriods): claims `key` at once, in its own transaction,
// before any work. Returns the stored response of a completed call of the
// same request (to replay), nullopt when this call should run (a new key, or
// one whose first call has not completed: running again changes nothing
// twice), and REQUEST_ID_REUSED for a different request, before it changed
// anything. An empty request_id claims nothing.
absl::StatusOr<std::optional<std::string>> ClaimForRun(Database& db, const IdempotencyKey& key);

// Completes a run claimed with ClaimForRun inside the caller's last
// transaction: stores `response` unless a duplicate completed first, and
// returns the response that stands.
std::string CompleteRun(soci::session& s, const IdempotencyKey& key, const std::string& response);

// usecases::Idempotency over the functions above.
class DatabaseIdempotency final : public usecases::Idempotency {
 public:
  explicit DatabaseIdempotency(Database& db) : db_(db) {}
  absl::StatusOr<std::string> Run(
      const IdempotencyKey& key,
      const std::function<absl::StatusOr<std::string>(usecases::Tx&)>& body) override {
    return RunIdempotent(db_, key, [&](soci::session& s) {
      SessionTx tx(s);
      return body(tx);
    });
  }
  absl::StatusOr<std::optional<std::string>> Claim(const IdempotencyKey& key) override {
    return ClaimForRun(db_, key);
  }
  std::string Complete(usecases::Tx& tx, const IdempotencyKey& key,
                       const std::string& reply) override {
    return CompleteRun(SessionOf(tx), key, reply);
  }

 private:
  Database& db_;
};

// Deletes keys older than `ttl`; returns how many.
absl::StatusOr<long long> PurgeIdempotencyKeys(Database& db, absl::Duration ttl);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_IDEMPOTENCY_H_
