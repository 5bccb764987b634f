// Turns the `authorization: Bearer <key>` header into an Actor.
#ifndef SUPPORTBYTIME_SERVER_AUTH_AUTHENTICATOR_H_
#define SUPPORTBYTIME_SERVER_AUTH_AUTHENTICATOR_H_

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"

namespace supportbytime::auth {

// A stored key found by its hash.
struct KeyMatch {
  Actor actor;
  bool revoked = false;
};

class Authenticator final {
 public:
  // Finds the key with this hash (hex SHA-256); nullopt when none.
  using Lookup = std::function<absl::StatusOr<std::optional<KeyMatch>>(const std::string& key_hash)>;
  using Now = std::function<absl::Time()>;

  // Verified keys are remembered for `cache_ttl`, so a revocation takes
  // effect on every replica within that time; zero disables the cache.
  Authenticator(Lookup lookup, Now now, absl::Duration cache_ttl);

  // `header` is the authorization metadata value, empty when absent.
  // UNAUTHENTICATED with API_KEY_MISSING, API_KEY_INVALID or
  // API_KEY_REVOKED; UNAVAILABLE
  // when the key store cannot be read.
  absl::StatusOr<Actor> Authenticate(absl::string_view header);

 private:
  struct Cached {
    Actor actor;
    absl::Time expires;
  };
  Lookup lookup_;
  Now now_;
  absl::Duration ttl_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_;
};

}  // namespace supportbytime::auth

#endif  // SUPPORTBYTIME_SERVER_AUTH_AUTHENTICATOR_H_
