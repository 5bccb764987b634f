// Postpayment eligibility facts, the goodwill credit and missed payments (R19).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_

#include "server/storage/database.h"

namespace supportbytime::storage {

class CreditStore final {
 public:
  explicit CreditStore(Database& db) : db_(db) {}

 private:
  [[maybe_unused]] Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
