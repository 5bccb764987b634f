// API keys as the process's wiring needs them: the authenticator's lookup
// over the key store, and a key created by the system (create-api-key, tests).
#ifndef SUPPORTBYTIME_SERVER_APP_API_KEYS_H_
#define SUPPORTBYTIME_SERVER_APP_API_KEYS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/auth/authenticator.h"
#include "server/domain/api_key.h"
#include "server/storage/api_key_store.h"
#include "server/storage/database.h"

namespace supportbytime::app {

// Finds the caller behind a key hash and turns it into the Actor of auth/.
auth::Authenticator::Lookup KeyLookup(storage::ApiKeyStore& keys);

// Stores `in` with the hash and prefix of `secret`, as the system, through
// the accounts use case (validated and audited like CreateApiKey).
absl::StatusOr<domain::ApiKey> CreateSystemApiKey(storage::Database& db, domain::NewApiKey in,
                                                  const std::string& secret);

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_API_KEYS_H_
