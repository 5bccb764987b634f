// Usage alerts (R14): the notifiers' queue, and the storage of
// usecases::UsageAlerts.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/usage_alert.h"
#include "server/storage/database.h"
#include "server/storage/page.h"
#include "server/usecases/billing_repository.h"

namespace supportbytime::storage {

using domain::UsageAlertFilter;
using domain::UsageAlertRecord;

class UsageAlertStore final : public usecases::UsageAlertRepository {
 public:
  explicit UsageAlertStore(Database& db) : db_(db) {}

  // Oldest first, keyset-paged over (created_at, id). NOT_FOUND when the
  // filter names a client that does not exist.
  absl::StatusOr<Page<UsageAlertRecord>> List(const UsageAlertFilter& filter,
                                              const PageRequest& page);

  // usecases::UsageAlertRepository
  absl::StatusOr<std::optional<UsageAlertRecord>> FindAlert(usecases::Tx& tx,
                                                            const std::string& client_id,
                                                            const std::string& id,
                                                            bool for_update) override;
  absl::Status MarkAcknowledged(usecases::Tx& tx, const std::string& id,
                                const std::string& key_id, absl::Time now) override;
  absl::Status Audit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                     const usecases::AuditRecord& entry) override;

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
