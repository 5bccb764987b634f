// Usage, cost estimates, closing periods and billable items.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_

#include "server/storage/database.h"

namespace supportbytime::storage {

class BillingStore final {
 public:
  explicit BillingStore(Database& db) : db_(db) {}

 private:
  [[maybe_unused]] Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
