// History of MONTHLY subscriptions and the operator report.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_

#include "server/storage/database.h"

namespace supportbytime::storage {

class HistoryStore final {
 public:
  explicit HistoryStore(Database& db) : db_(db) {}

 private:
  [[maybe_unused]] Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_
