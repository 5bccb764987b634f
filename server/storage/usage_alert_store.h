// Usage alerts (R14): the notifiers' queue.
//
// Alerts are created by the time log (storage/time_log_store.cc, in the
// transaction of the entry that crossed a threshold); this store reads them
// and records their acknowledgement.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/page.h"

namespace supportbytime::storage {

struct UsageAlertRecord {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  std::string period_key;  // "YYYY-MM" or "bucket"
  int threshold_percent = 0;
  int64_t used_minutes = 0;             // when the threshold was reached
  int64_t included_minutes = 0;         // the period's snapshot
  std::vector<int> thresholds_percent;  // the period's snapshot
  absl::Time create_time;
  std::optional<absl::Time> acknowledge_time;
};

struct UsageAlertFilter {
  std::string client_id;        // empty: every client
  std::string subscription_id;  // empty: every subscription
  bool unacknowledged_only = false;
};

class UsageAlertStore final {
 public:
  explicit UsageAlertStore(Database& db) : db_(db) {}

  // Oldest first, keyset-paged over (created_at, id). NOT_FOUND when the
  // filter names a client that does not exist.
  absl::StatusOr<Page<UsageAlertRecord>> List(const UsageAlertFilter& filter,
                                              const PageRequest& page);

  // Sets acknowledged_at/by once; acknowledging again changes nothing and
  // returns the alert. Audited when it changes. NOT_FOUND for the alert.
  absl::StatusOr<std::string> Acknowledge(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& client_id, const std::string& id,
                                          const Encoder<UsageAlertRecord>& encode);

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
