// Usage alerts (R14): the notifiers' queue.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_

#include "server/storage/database.h"

namespace supportbytime::storage {

class UsageAlertStore final {
 public:
  explicit UsageAlertStore(Database& db) : db_(db) {}

 private:
  [[maybe_unused]] Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_USAGE_ALERT_STORE_H_
