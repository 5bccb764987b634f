// The unit of work of a use case: one database transaction.
//
// A use case asks Transactions to run a body; the body receives the Tx that
// every repository call of that body takes, so that all its reads and
// writes commit together or not at all. Tx is opaque here: storage knows
// what it holds (a pooled connection inside BEGIN … COMMIT).
#ifndef SUPPORTBYTIME_SERVER_USECASES_TRANSACTION_H_
#define SUPPORTBYTIME_SERVER_USECASES_TRANSACTION_H_

#include <functional>

#include "absl/status/status.h"

namespace supportbytime::usecases {

// One open transaction, handed to repository methods.
class Tx {
 public:
  virtual ~Tx() = default;
};

class Transactions {
 public:
  virtual ~Transactions() = default;

  // Runs `body` in one transaction: commits when it returns OK, rolls back
  // otherwise. A serialization failure or deadlock re-runs the whole body,
  // so a body must have no effect outside the database.
  virtual absl::Status Run(const std::function<absl::Status(Tx&)>& body) = 0;

  // Runs `body` on one connection without an explicit transaction (reads
  // that need a single consistent statement only).
  virtual absl::Status Read(const std::function<absl::Status(Tx&)>& body) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TRANSACTION_H_
