// API keys: only the SHA-256 of a secret is ever stored. The lookup of every
// authenticated call; the keys' other reads and writes are AccountStore's
// (usecases::AccountsRepository), in api_key_store.cc.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/api_key.h"
#include "server/storage/database.h"

namespace supportbytime::storage {

class ApiKeyStore final {
 public:
  explicit ApiKeyStore(Database& db) : db_(db) {}

  // The key with this hex SHA-256 (revoked or not), or nullopt.
  absl::StatusOr<std::optional<domain::KeyHolder>> FindByHash(const std::string& key_hash_hex);

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_API_KEY_STORE_H_
