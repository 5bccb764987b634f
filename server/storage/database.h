// The connection pool and the transaction boundary of every repository.
//
// SOCI throws; nothing above storage/ sees an exception. Run() and
// InTransaction() lease a pooled session, run the body, map soci errors to
// absl::Status by SQLSTATE, and reconnect a session whose connection broke.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_DATABASE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_DATABASE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/storage/statements.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// Maps a SQLSTATE to the status a caller can act on: 23505 -> ALREADY_EXISTS,
// 40001/40P01 -> ABORTED (retry), class 08, 57P0x and 57014 -> UNAVAILABLE,
// the rest (including other constraint failures, which the rules check
// before writing) -> INTERNAL. The message never carries SQL.
absl::Status StatusFromSqlState(const std::string& sqlstate);

// Runs `body` and turns any exception into a status (see StatusFromSqlState).
absl::Status Guard(const std::function<absl::Status()>& body);

class Database final {
 public:
  // Opens `pool_size` connections to `url` (a libpq URI or key=value string).
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& url,
                                                        std::size_t pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `body` on a leased session, outside any explicit transaction.
  absl::Status Run(const std::function<absl::Status(soci::session&)>& body);

  // Runs `body` in one transaction: commits when it returns OK, rolls back
  // otherwise. A serialization failure or deadlock is retried a few times,
  // since the whole body is re-run from the start.
  absl::Status InTransaction(const std::function<absl::Status(soci::session&)>& body);

  // A cheap round trip: OK when the database answers.
  absl::Status Ping();

  std::size_t pool_size() const { return pool_size_; }

 private:
  Database(std::string url, std::size_t pool_size);

  std::string url_;
  std::size_t pool_size_;
  soci::connection_pool pool_;
  // One per pooled session; declared after pool_ so they die first.
  std::vector<std::unique_ptr<StatementCache>> statements_;
};

// Instants travel as integer microseconds since the Unix epoch, so nothing is
// lost to std::tm or to floating point. Use with kTimeSql/kTimeParam in SQL.
int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t us);

// SQL fragments for the conversions above: `SELECT ` SBT_EPOCH_US("t") and
// `VALUES (` SBT_TS(":at") `)`.
#define SBT_EPOCH_US(col) "(extract(epoch from " col ") * 1000000)::bigint"
#define SBT_TS(param) "(timestamptz 'epoch' + " param " * interval '1 microsecond')"

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_DATABASE_H_
