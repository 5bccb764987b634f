// Clients and subscriptions.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "server/auth/actor.h"
#include "server/domain/account.h"
#include "server/domain/goodwill.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/page.h"

namespace supportbytime::storage {

struct SubscriptionFilter {
  std::optional<domain::SubscriptionStatus> status;
  std::string package_id;
  std::string external_ref;
};

class AccountStore final {
 public:
  // New clients, and clients whose currency changes, get the goodwill credit
  // of their currency's base (zero without one, R22).
  AccountStore(Database& db, domain::GoodwillBases goodwill)
      : db_(db), goodwill_(std::move(goodwill)) {}

  // Creates a client, or returns the one that already has its external_ref
  // (safe sync: nothing is changed then). Audited when created.
  absl::StatusOr<std::string> CreateClient(const auth::Actor& actor, const IdempotencyKey& key,
                                           const domain::Client& in,
                                           const Encoder<domain::Client>& encode);
  absl::StatusOr<domain::Client> GetClient(const std::string& id);
  // `only_id` restricts the list to one client (a CLIENT key's own).
  absl::StatusOr<Page<domain::Client>> ListClients(const PageRequest& page,
                                                   const std::string& external_ref,
                                                   const std::string& only_id);
  // Locks the client and applies `change`; a new currency resets the
  // goodwill credit to its base. CLIENT_HAS_HISTORY when the
  // currency or zone would change after a period exists; EXTERNAL_REF_IN_USE;
  // CURRENCY_NOT_PRICED when a live subscription's package lacks the new
  // currency. Audited with before and after.
  absl::StatusOr<std::string> UpdateClient(
      const auth::Actor& actor, const IdempotencyKey& key, const std::string& id,
      const std::function<absl::StatusOr<domain::Client>(const domain::Client&)>& change,
      const Encoder<domain::Client>& encode);

  // Creates a PENDING subscription on the package's current version, or
  // returns the client's subscription with that external_ref. NOT_FOUND for
  // the client or package; PACKAGE_ARCHIVED; CURRENCY_NOT_PRICED.
  absl::StatusOr<std::string> CreateSubscription(const auth::Actor& actor,
                                                 const IdempotencyKey& key,
                                                 const std::string& client_id,
                                                 const std::string& package_id,
                                                 const std::string& external_ref,
                                                 const Encoder<domain::Subscription>& encode);
  absl::StatusOr<domain::Subscription> GetSubscription(const std::string& client_id,
                                                       const std::string& id);
  absl::StatusOr<Page<domain::Subscription>> ListSubscriptions(const std::string& client_id,
                                                               const SubscriptionFilter& filter,
                                                               const PageRequest& page);
  // Moves the subscription to `to` (see domain::CheckTransition) at `now`;
  // audited with the reason. `activate_time` back-dates the first activation
  // (R20; INVALID_STATE_TRANSITION once the subscription was activated).
  absl::StatusOr<std::string> TransitionSubscription(
      const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
      const std::string& id, domain::SubscriptionStatus to, const std::string& reason,
      absl::Time now, std::optional<absl::Time> activate_time,
      const Encoder<domain::Subscription>& encode);
  // R3: from the month after `now`'s in the client's zone, or from `now`'s
  // month (re-snapshotting its open period) when `apply_now`; from the start
  // while never activated. PACKAGE_ARCHIVED, BILLING_CYCLE_MISMATCH,
  // CURRENCY_NOT_PRICED, INVALID_STATE_TRANSITION (terminated). Audited.
  absl::StatusOr<std::string> ChangePackage(const auth::Actor& actor, const IdempotencyKey& key,
                                            const std::string& client_id, const std::string& id,
                                            const std::string& package_id, bool apply_now,
                                            const std::string& reason, absl::Time now,
                                            const Encoder<domain::Subscription>& encode);

 private:
  Database& db_;
  domain::GoodwillBases goodwill_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_
