// What usecases::Accounts needs from storage: clients, subscriptions and
// their package decisions (R3), API keys, and the audit log.
#ifndef SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/api_key.h"
#include "server/domain/audit_entry.h"
#include "server/domain/page.h"
#include "server/domain/subscription_rules.h"
#include "server/domain/who.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

struct SubscriptionFilter {
  std::optional<domain::SubscriptionStatus> status;
  std::string package_id;
  std::string external_ref;
};

class AccountsRepository {
 public:
  virtual ~AccountsRepository() = default;

  // Clients.
  virtual std::optional<domain::Client> FindClient(Tx& tx, const std::string& id, bool lock) = 0;
  // The client with this external_ref other than `except_id`; "" when none.
  virtual std::string ClientIdByExternalRef(Tx& tx, const std::string& external_ref,
                                            const std::string& except_id) = 0;
  // Inserts the client with its goodwill credit; nullopt when a client
  // already has its external_ref (nothing is written then).
  virtual std::optional<std::string> InsertClient(Tx& tx, const domain::Client& in,
                                                  long long goodwill_credit_minor,
                                                  absl::Time now) = 0;
  // Writes the client's fields; the goodwill credit becomes `reset_credit`
  // when the currency changes.
  virtual void UpdateClient(Tx& tx, const domain::Client& next, long long reset_credit_minor,
                            absl::Time now) = 0;
  // The packages of the client's live subscriptions.
  virtual std::vector<std::string> LivePackageIds(Tx& tx, const std::string& client_id) = 0;
  virtual domain::Page<domain::Client> ListClients(Tx& tx, const domain::PageRequest& page,
                                                   const std::string& external_ref,
                                                   const std::string& only_id) = 0;

  // Subscriptions, as in force at `now` (R3).
  virtual std::optional<domain::Subscription> FindSubscription(Tx& tx,
                                                               const std::string& client_id,
                                                               const std::string& id, bool lock,
                                                               absl::Time now) = 0;
  // The client's subscription with this external_ref; "" when none.
  virtual std::string SubscriptionIdByExternalRef(Tx& tx, const std::string& client_id,
                                                  const std::string& external_ref) = 0;
  // A PENDING subscription on the package's current version with its first
  // package decision (in force from the start); nullopt when the client has
  // one with this external_ref already.
  virtual std::optional<std::string> InsertSubscription(Tx& tx, const std::string& client_id,
                                                        const std::string& package_id,
                                                        const std::string& external_ref,
                                                        absl::Time now) = 0;
  virtual void WriteSubscriptionState(Tx& tx, const std::string& id,
                                      domain::SubscriptionStatus state,
                                      const domain::SubscriptionTimes& times, absl::Time now) = 0;
  virtual domain::Page<domain::Subscription> ListSubscriptions(Tx& tx,
                                                               const std::string& client_id,
                                                               const SubscriptionFilter& filter,
                                                               const domain::PageRequest& page,
                                                               absl::Time now) = 0;
  // Locks the subscription's OPEN periods not ended at `now` (taken before
  // the subscription's lock: docs/schema.md's order); returns their ids.
  virtual std::vector<std::string> LockOpenPeriods(Tx& tx, const std::string& subscription_id,
                                                   absl::Time now) = 0;
  // Records a package decision (R3) from `effective_from` (nullopt: from
  // the start), pinned to the package's current version when `pin`;
  // returns the pinned version's id ("" when not pinned).
  virtual std::string InsertPackageDecision(Tx& tx, const std::string& subscription_id,
                                            const std::string& package_id,
                                            std::optional<absl::Time> effective_from, bool pin,
                                            absl::Time now) = 0;
  // Re-snapshots an open period on `version_id` and re-bills its entries.
  virtual absl::Status ResnapshotPeriod(Tx& tx, const domain::Who& who,
                                        const std::string& request_id,
                                        const std::string& period_id,
                                        const std::string& version_id, absl::Time now) = 0;

  // API keys.
  virtual std::optional<domain::ApiKey> FindApiKey(Tx& tx, const std::string& id, bool lock) = 0;
  virtual std::string InsertApiKey(Tx& tx, const domain::NewApiKey& in, absl::Time now) = 0;
  virtual void RevokeApiKey(Tx& tx, const std::string& id, absl::Time now) = 0;
  // Active ADMIN keys other than `except_id`, counted under a lock that
  // serialises revocations of admin keys.
  virtual int CountOtherActiveAdmins(Tx& tx, const std::string& except_id) = 0;
  virtual domain::Page<domain::ApiKey> ListApiKeys(Tx& tx, const domain::PageRequest& page,
                                                   const domain::ApiKeyFilter& filter) = 0;

  virtual void AppendAudit(Tx& tx, const domain::Who& who, const std::string& request_id,
                           const domain::AuditEntry& entry) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_ACCOUNTS_REPOSITORY_H_
