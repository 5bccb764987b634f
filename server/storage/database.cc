#include "server/storage/database.h"

#include <exception>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "soci/postgresql/soci-postgresql.h"

namespace supportbytime::storage {
namespace {

constexpr int kMaxAttempts = 4;
constexpr int kLeaseTimeoutMs = 10000;

bool IsConnectionLoss(const std::string& sqlstate) {
  return absl::StartsWith(sqlstate, "08") || absl::StartsWith(sqlstate, "57P");
}

// Leases one pooled session for the lifetime of the object.
class Lease final {
 public:
  explicit Lease(soci::connection_pool& pool) : pool_(pool) {
    leased_ = pool_.try_lease(pos_, kLeaseTimeoutMs);
  }
  ~Lease() {
    if (leased_) pool_.give_back(pos_);
  }
  bool ok() const { return leased_; }
  soci::session& session() { return pool_.at(pos_); }
  std::size_t position() const { return pos_; }

 private:
  soci::connection_pool& pool_;
  std::size_t pos_ = 0;
  bool leased_ = false;
};

// Runs body; on an exception returns the mapped status and whether the
// connection is gone (so the caller reconnects before giving it back).
absl::Status Capture(const std::function<absl::Status()>& body, bool* connection_lost) {
  try {
    return body();
  } catch (const soci::postgresql_soci_error& e) {
    std::string state = e.sqlstate();
    if (connection_lost != nullptr) *connection_lost = IsConnectionLoss(state);
    return StatusFromSqlState(state);
  } catch (const soci::soci_error& e) {
    // No SQLSTATE: libpq lost the connection or SOCI refused a conversion.
    if (connection_lost != nullptr) *connection_lost = true;
    return domain::Error(absl::StatusCode::kUnavailable, "UNAVAILABLE",
                         "The database could not be reached; retry later.");
  } catch (const std::exception& e) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "An internal error occurred.");
  }
}

// The health check's round trip.
constexpr Sql kPing{"database.ping", "select 1"};

void Reconnect(soci::session& s, StatementCache& statements) {
  statements.Clear();
  try {
    s.reconnect();
  } catch (const std::exception&) {
    // Left for the next lease to try again.
  }
}

}  // namespace

absl::Status StatusFromSqlState(const std::string& sqlstate) {
  using absl::StatusCode;
  if (sqlstate == "23505") {
    return domain::Error(StatusCode::kAlreadyExists, "RESOURCE_ALREADY_EXISTS",
                         "The resource already exists.");
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return domain::Error(StatusCode::kAborted, "CONCURRENCY_CONFLICT",
                         "A concurrent change conflicted with this one; retry the call.");
  }
  if (IsConnectionLoss(sqlstate)) {
    return domain::Error(StatusCode::kUnavailable, "UNAVAILABLE",
                         "The database could not be reached; retry later.");
  }
  if (sqlstate == "57014") {
    return domain::Error(StatusCode::kUnavailable, "UNAVAILABLE",
                         "The database statement took too long; retry later.");
  }
  return domain::Error(StatusCode::kInternal, domain::kReasonInternal,
                       absl::StrCat("An internal database error occurred (SQLSTATE ", sqlstate, ")."));
}

absl::Status Guard(const std::function<absl::Status()>& body) { return Capture(body, nullptr); }

Database::Database(std::string url, std::size_t pool_size)
    : url_(std::move(url)), pool_size_(pool_size), pool_(pool_size) {}

Database::~Database() {
  for (std::size_t i = 0; i < statements_.size(); ++i) {
    StatementCache::Attach(pool_.at(i), nullptr);
    statements_[i]->Clear();
  }
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& url,
                                                         std::size_t pool_size) {
  if (pool_size == 0) return absl::InvalidArgumentError("pool size must be at least 1");
  std::unique_ptr<Database> db(new Database(url, pool_size));
  absl::Status status = Capture(
      [&] {
        for (std::size_t i = 0; i < pool_size; ++i) {
          db->pool_.at(i).open(soci::postgresql, url);
          db->statements_.push_back(std::make_unique<StatementCache>());
          StatementCache::Attach(db->pool_.at(i), db->statements_.back().get());
        }
        return absl::OkStatus();
      },
      nullptr);
  if (!status.ok()) {
    return absl::UnavailableError("cannot connect to the database at the configured URL");
  }
  return db;
}

absl::Status Database::Run(const std::function<absl::Status(soci::session&)>& body) {
  Lease lease(pool_);
  if (!lease.ok()) {
    return domain::Error(absl::StatusCode::kUnavailable, "UNAVAILABLE",
                         "All database connections are busy; retry later.");
  }
  bool lost = false;
  absl::Status status = Capture([&] { return body(lease.session()); }, &lost);
  if (lost) Reconnect(lease.session(), *statements_[lease.position()]);
  return status;
}

absl::Status Database::InTransaction(const std::function<absl::Status(soci::session&)>& body) {
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    status = Run([&](soci::session& s) {
      soci::transaction tx(s);
      absl::Status result = body(s);
      if (result.ok()) tx.commit();  // the destructor rolls back otherwise
      return result;
    });
    if (status.code() != absl::StatusCode::kAborted ||
        domain::DetailOf(status).reason != "CONCURRENCY_CONFLICT") {
      break;
    }
  }
  return status;
}

absl::Status Database::Ping() {
  return Run([](soci::session& s) {
    int one = 0;
    Exec(s, kPing, soci::into(one));
    return one == 1 ? absl::OkStatus() : absl::InternalError("unexpected ping answer");
  });
}

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

}  // namespace supportbytime::storage
