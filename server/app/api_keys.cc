#include "server/app/api_keys.h"

#include "server/auth/actor.h"
#include "server/auth/api_key.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/storage/account_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/accounts.h"

namespace supportbytime::app {

auth::Authenticator::Lookup KeyLookup(storage::ApiKeyStore& keys) {
  return [&keys](const std::string& hash) -> absl::StatusOr<std::optional<auth::KeyMatch>> {
    absl::StatusOr<std::optional<domain::KeyHolder>> found = keys.FindByHash(hash);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return std::nullopt;
    const domain::KeyHolder& k = **found;
    auth::Actor actor{k.key_id, auth::Role::kClient, k.client_id, k.display_name};
    auth::ParseRole(k.role, &actor.role);
    return auth::KeyMatch{actor, k.revoked};
  };
}

absl::StatusOr<domain::ApiKey> CreateSystemApiKey(storage::Database& db, domain::NewApiKey in,
                                                  const std::string& secret) {
  in.key_hash_hex = auth::HashSecret(secret);
  in.key_prefix = auth::SecretPrefix(secret);
  storage::DatabaseTransactions transactions(db);
  storage::DatabaseIdempotency idempotency(db);
  storage::AccountStore account_repo;
  storage::PackageStore package_repo;
  usecases::Accounts accounts(transactions, idempotency, account_repo, package_repo,
                              domain::SystemClock::Instance(), domain::GoodwillBases());
  domain::ApiKey created;
  auto result = accounts.CreateApiKey(auth::Actor::System().Who(), usecases::IdempotencyKey{}, in,
                                      [&](const domain::ApiKey& row) {
                                        created = row;
                                        return std::string();
                                      });
  if (!result.ok()) return result.status();
  return created;
}

}  // namespace supportbytime::app
