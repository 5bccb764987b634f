// API keys: only the SHA-256 of a secret is ever stored.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/auth/authenticator.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/page.h"

namespace supportbytime::storage {

struct ApiKeyRow {
  std::string id;
  std::string display_name;
  auth::Role role = auth::Role::kClient;
  std::string client_id;  // CLIENT keys only
  std::string key_prefix;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
};

struct ApiKeyFilter {
  std::optional<auth::Role> role;
  std::string client_id;
  bool show_revoked = false;
};

struct NewApiKey {
  std::string display_name;
  auth::Role role = auth::Role::kClient;
  std::string client_id;
};

class ApiKeyStore final {
 public:
  explicit ApiKeyStore(Database& db) : db_(db) {}

  // The key with this hex SHA-256 (revoked or not), or nullopt.
  absl::StatusOr<std::optional<auth::KeyMatch>> FindByHash(const std::string& key_hash_hex);

  // Creates a key for `secret` (stored hashed); audited. Encodes the created
  // row with `encode` so that a retry replays the same answer. NOT_FOUND when
  // a CLIENT key names a client that does not exist.
  absl::StatusOr<std::string> Create(const auth::Actor& actor, const IdempotencyKey& key,
                                     const NewApiKey& in, const std::string& secret,
                                     const std::function<std::string(const ApiKeyRow&)>& encode);

  absl::StatusOr<ApiKeyRow> Get(const std::string& id);
  absl::StatusOr<Page<ApiKeyRow>> List(const PageRequest& page, const ApiKeyFilter& filter);

  // Revokes the key; audited. INVALID_STATE_TRANSITION when it already is,
  // LAST_ADMIN_KEY when it is the last active ADMIN key.
  absl::StatusOr<std::string> Revoke(const auth::Actor& actor, const IdempotencyKey& key,
                                     const std::string& id,
                                     const std::function<std::string(const ApiKeyRow&)>& encode);

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_
