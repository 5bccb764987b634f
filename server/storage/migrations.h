// Forward-only schema migrations, embedded from migrations/*.sql.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_MIGRATIONS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/storage/database.h"

namespace supportbytime::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration known to this binary, by ascending version.
const std::vector<Migration>& AllMigrations();

// The newest version this binary knows.
int LatestVersion();

struct SchemaState {
  int applied = 0;  // newest applied version; 0 for an empty database
  int latest = 0;   // LatestVersion()
  bool current() const { return applied >= latest; }
};

// Reads the applied version without changing anything.
absl::StatusOr<SchemaState> ReadSchemaState(Database& db);

// Applies what is pending, each migration in its own transaction, under a
// session advisory lock so that replicas started together apply each file
// once. Returns the versions it applied.
absl::StatusOr<std::vector<int>> Migrate(Database& db);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_MIGRATIONS_H_
