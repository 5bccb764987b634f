#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/storage/migrations.h"
#include "server/storage/statements.h"
#include "soci/postgresql/soci-postgresql.h"

namespace supportbytime::storage {
namespace {

// Any constant shared by all replicas; it names the migration lock.
constexpr long long kMigrationLockKey = 0x5b7d1a2e;

// The record of applied migrations.
constexpr Sql kCreateVersionTable{
    "migrator.create_version_table",
    "create table if not exists schema_migrations ("
    " version integer primary key,"
    " name text not null,"
    " applied_at timestamptz not null default now())"};

// No NOTICE for a table that already exists.
constexpr Sql kQuiet{"migrator.quiet", "set client_min_messages = warning"};
// Whether the schema was ever migrated, and how far.
constexpr Sql kHasVersionTable{
    "migrator.has_version_table",
    "select count(*) from pg_catalog.pg_tables where tablename = 'schema_migrations'"
    " and schemaname = current_schema()"};
constexpr Sql kAppliedVersion{"migrator.applied_version",
                              "select max(version) from schema_migrations"};
constexpr Sql kRecordVersion{"migrator.record_version",
                             "insert into schema_migrations(version, name) values (:v, :n)"};
// One replica migrates at a time; the others wait, then find nothing to do.
constexpr Sql kLock{"migrator.lock", "select pg_advisory_lock(:k)"};
constexpr Sql kUnlock{"migrator.unlock", "select pg_advisory_unlock(:k)"};

// Migration files hold several statements: send them with the simple query
// protocol, which SOCI does not expose.
absl::Status ExecScript(soci::session& s, const std::string& sql) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  PGresult* res = PQexec(backend->conn_, sql.c_str());
  ExecStatusType st = PQresultStatus(res);
  std::string error = PQresultErrorMessage(res);
  PQclear(res);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("migration failed: ", error));
}

int AppliedVersion(soci::session& s) {
  int exists = 0;
  Exec(s, kHasVersionTable, soci::into(exists));
  if (exists == 0) return 0;
  int version = 0;
  soci::indicator ind = soci::i_ok;
  Exec(s, kAppliedVersion, soci::into(version, ind));
  return ind == soci::i_null ? 0 : version;
}

}  // namespace

int LatestVersion() {
  const auto& all = AllMigrations();
  return all.empty() ? 0 : all.back().version;
}

absl::StatusOr<SchemaState> ReadSchemaState(Database& db) {
  SchemaState state;
  state.latest = LatestVersion();
  absl::Status st = db.Run([&](soci::session& s) {
    state.applied = AppliedVersion(s);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return state;
}

absl::StatusOr<std::vector<int>> Migrate(Database& db) {
  std::vector<int> applied;
  absl::Status st = db.Run([&](soci::session& s) -> absl::Status {
    Exec(s, kLock, soci::use(kMigrationLockKey));
    absl::Status result = Guard([&]() -> absl::Status {
      Exec(s, kQuiet);
      Exec(s, kCreateVersionTable);
      int current = AppliedVersion(s);
      for (const Migration& m : AllMigrations()) {
        if (m.version <= current) continue;
        soci::transaction tx(s);
        if (absl::Status e = ExecScript(s, m.sql); !e.ok()) {
          return absl::InternalError(
              absl::StrCat("V", m.version, "__", m.name, ": ", e.message()));
        }
        std::string name = m.name;
        Exec(s, kRecordVersion, soci::use(m.version, "v"), soci::use(name, "n"));
        tx.commit();
        applied.push_back(m.version);
      }
      return absl::OkStatus();
    });
    Exec(s, kUnlock, soci::use(kMigrationLockKey));
    return result;
  });
  if (!st.ok()) return st;
  return applied;
}

}  // namespace supportbytime::storage
