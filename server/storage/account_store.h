// Clients, subscriptions with their package decisions (R3), and API keys:
// usecases::AccountsRepository over PostgreSQL.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "server/usecases/accounts_repository.h"

namespace supportbytime::storage {

class AccountStore final : public usecases::AccountsRepository {
 public:
  std::optional<domain::Client> FindClient(usecases::Tx& tx, const std::string& id,
                                           bool lock) override;
  std::string ClientIdByExternalRef(usecases::Tx& tx, const std::string& external_ref,
                                    const std::string& except_id) override;
  std::optional<std::string> InsertClient(usecases::Tx& tx, const domain::Client& in,
                                          long long goodwill_credit_minor,
                                          absl::Time now) override;
  void UpdateClient(usecases::Tx& tx, const domain::Client& next, long long reset_credit_minor,
                    absl::Time now) override;
  std::vector<std::string> LivePackageIds(usecases::Tx& tx,
                                          const std::string& client_id) override;
  domain::Page<domain::Client> ListClients(usecases::Tx& tx, const domain::PageRequest& page,
                                           const std::string& external_ref,
                                           const std::string& only_id) override;

  std::optional<domain::Subscription> FindSubscription(usecases::Tx& tx,
                                                       const std::string& client_id,
                                                       const std::string& id, bool lock,
                                                       absl::Time now) override;
  std::string SubscriptionIdByExternalRef(usecases::Tx& tx, const std::string& client_id,
                                          const std::string& external_ref) override;
  std::optional<std::string> InsertSubscription(usecases::Tx& tx, const std::string& client_id,
                                                const std::string& package_id,
                                                const std::string& external_ref,
                                                absl::Time now) override;
  void WriteSubscriptionState(usecases::Tx& tx, const std::string& id,
                              domain::SubscriptionStatus state,
                              const domain::SubscriptionTimes& times, absl::Time now) override;
  domain::Page<domain::Subscription> ListSubscriptions(usecases::Tx& tx,
                                                       const std::string& client_id,
                                                       const usecases::SubscriptionFilter& filter,
                                                       const domain::PageRequest& page,
                                                       absl::Time now) override;
  std::vector<std::string> LockOpenPeriods(usecases::Tx& tx, const std::string& subscription_id,
                                           absl::Time now) override;
  std::string InsertPackageDecision(usecases::Tx& tx, const std::string& subscription_id,
                                    const std::string& package_id,
                                    std::optional<absl::Time> effective_from, bool pin,
                                    absl::Time now) override;
  absl::Status ResnapshotPeriod(usecases::Tx& tx, const domain::Who& who,
                                const std::string& request_id, const std::string& period_id,
                                const std::string& version_id, absl::Time now) override;

  std::optional<domain::ApiKey> FindApiKey(usecases::Tx& tx, const std::string& id,
                                           bool lock) override;
  std::string InsertApiKey(usecases::Tx& tx, const domain::NewApiKey& in,
                           absl::Time now) override;
  void RevokeApiKey(usecases::Tx& tx, const std::string& id, absl::Time now) override;
  int CountOtherActiveAdmins(usecases::Tx& tx, const std::string& except_id) override;
  domain::Page<domain::ApiKey> ListApiKeys(usecases::Tx& tx, const domain::PageRequest& page,
                                           const domain::ApiKeyFilter& filter) override;

  void AppendAudit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                   const domain::AuditEntry& entry) override;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_ACCOUNT_STORE_H_
