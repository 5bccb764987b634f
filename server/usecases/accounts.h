// Clients, subscriptions and API keys: the rules of a subscription's life
// (transitions, the first activation R20, package changes R3) and of keys.
#ifndef SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_H_
#define SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/account.h"
#include "server/domain/api_key.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/domain/page.h"
#include "server/domain/who.h"
#include "server/usecases/accounts_repository.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/packages_repository.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class Accounts final {
 public:
  // New clients, and clients whose currency changes, get the goodwill credit
  // of their currency's base (zero without one, R22).
  Accounts(Transactions& transactions, Idempotency& idempotency, AccountsRepository& repo,
           PackagesRepository& packages, const domain::Clock& clock,
           domain::GoodwillBases goodwill)
      : tx_(transactions),
        idem_(idempotency),
        repo_(repo),
        packages_(packages),
        clock_(clock),
        goodwill_(std::move(goodwill)) {}

  // Creates a client, or returns the one that already has its external_ref
  // (safe sync: nothing is changed then). Audited when created.
  absl::StatusOr<std::string> CreateClient(const domain::Who& who, const IdempotencyKey& key,
                                           const domain::Client& in,
                                           const Encoder<domain::Client>& encode);
  absl::StatusOr<domain::Client> GetClient(const std::string& id);
  // `only_id` restricts the list to one client (a CLIENT key's own).
  absl::StatusOr<domain::Page<domain::Client>> ListClients(const domain::PageRequest& page,
                                                           const std::string& external_ref,
                                                           const std::string& only_id);
  // Locks the client and applies `change`; a new currency resets the
  // goodwill credit to its base. CLIENT_HAS_HISTORY when the currency or
  // zone would change after a period exists; EXTERNAL_REF_IN_USE;
  // CURRENCY_NOT_PRICED when a live subscription's package lacks the new
  // currency. Audited with before and after.
  absl::StatusOr<std::string> UpdateClient(
      const domain::Who& who, const IdempotencyKey& key, const std::string& id,
      const std::function<absl::StatusOr<domain::Client>(const domain::Client&)>& change,
      const Encoder<domain::Client>& encode);

  // Creates a PENDING subscription on the package's current version, or
  // returns the client's subscription with that external_ref. NOT_FOUND for
  // the client or package; PACKAGE_ARCHIVED; CURRENCY_NOT_PRICED.
  absl::StatusOr<std::string> CreateSubscription(const domain::Who& who,
                                                 const IdempotencyKey& key,
                                                 const std::string& client_id,
                                                 const std::string& package_id,
                                                 const std::string& external_ref,
                                                 const Encoder<domain::Subscription>& encode);
  absl::StatusOr<domain::Subscription> GetSubscription(const std::string& client_id,
                                                       const std::string& id);
  absl::StatusOr<domain::Page<domain::Subscription>> ListSubscriptions(
      const std::string& client_id, const SubscriptionFilter& filter,
      const domain::PageRequest& page);
  // Moves the subscription to `to` now; audited with the reason.
  // `activate_time` back-dates the first activation (R20;
  // INVALID_STATE_TRANSITION once the subscription was activated).
  absl::StatusOr<std::string> TransitionSubscription(
      const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
      const std::string& id, domain::SubscriptionStatus to, const std::string& reason,
      std::optional<absl::Time> activate_time, const Encoder<domain::Subscription>& encode);
  // R3: from the month after now's in the client's zone, or from now's
  // month (re-snapshotting its open period) when `apply_now`; from the start
  // while never activated. PACKAGE_ARCHIVED, BILLING_CYCLE_MISMATCH,
  // CURRENCY_NOT_PRICED, INVALID_STATE_TRANSITION (terminated). Audited.
  absl::StatusOr<std::string> ChangePackage(const domain::Who& who, const IdempotencyKey& key,
                                            const std::string& client_id, const std::string& id,
                                            const std::string& package_id, bool apply_now,
                                            const std::string& reason,
                                            const Encoder<domain::Subscription>& encode);

  // API keys. Create stores the key (hashed by the caller); NOT_FOUND when a
  // CLIENT key names a client that does not exist. Audited.
  absl::StatusOr<std::string> CreateApiKey(const domain::Who& who, const IdempotencyKey& key,
                                           const domain::NewApiKey& in,
                                           const Encoder<domain::ApiKey>& encode);
  absl::StatusOr<domain::ApiKey> GetApiKey(const std::string& id);
  absl::StatusOr<domain::Page<domain::ApiKey>> ListApiKeys(const domain::PageRequest& page,
                                                           const domain::ApiKeyFilter& filter);
  // INVALID_STATE_TRANSITION when already revoked, LAST_ADMIN_KEY when it is
  // the last active ADMIN key. Audited.
  absl::StatusOr<std::string> RevokeApiKey(const domain::Who& who, const IdempotencyKey& key,
                                           const std::string& id,
                                           const Encoder<domain::ApiKey>& encode);

 private:
  absl::Status CheckClientChange(Tx& tx, const domain::Client& before,
                                 const domain::Client& next);
  absl::StatusOr<domain::Package> UsablePackage(Tx& tx, const std::string& package_id,
                                                const std::string& currency);
  absl::StatusOr<domain::Subscription> ApplyPackageChange(
      Tx& tx, const domain::Who& who, const std::string& request_id,
      const domain::Subscription& before, const std::string& package_id, bool apply_now,
      const std::vector<std::string>& open_periods, absl::Time now,
      std::optional<absl::Time>* effective_from);

  Transactions& tx_;
  Idempotency& idem_;
  AccountsRepository& repo_;
  PackagesRepository& packages_;
  const domain::Clock& clock_;
  domain::GoodwillBases goodwill_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_H_
