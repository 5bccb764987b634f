// The storage side of usecases::Transactions: a Tx is a leased pooled
// session inside a transaction; repositories get the session back with
// SessionOf(tx).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TRANSACTION_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TRANSACTION_H_

#include "server/storage/database.h"
#include "server/usecases/transaction.h"
#include "soci/soci.h"

namespace supportbytime::storage {

class SessionTx final : public usecases::Tx {
 public:
  explicit SessionTx(soci::session& s) : session_(s) {}
  soci::session& session() { return session_; }

 private:
  soci::session& session_;
};

// The session of a Tx made by DatabaseTransactions.
inline soci::session& SessionOf(usecases::Tx& tx) { return static_cast<SessionTx&>(tx).session(); }

class DatabaseTransactions final : public usecases::Transactions {
 public:
  explicit DatabaseTransactions(Database& db) : db_(db) {}

  absl::Status Run(const std::function<absl::Status(usecases::Tx&)>& body) override {
    return db_.InTransaction([&](soci::session& s) {
      SessionTx tx(s);
      return body(tx);
    });
  }
  absl::Status Read(const std::function<absl::Status(usecases::Tx&)>& body) override {
    return db_.Run([&](soci::session& s) {
      SessionTx tx(s);
      return body(tx);
    });
  }

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TRANSACTION_H_
