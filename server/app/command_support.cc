#include "server/app/command_support.h"

#include <cstdio>

#include "server/storage/migrations.h"

namespace supportbytime::app {

std::optional<int> ParseOrExit(Flags& flags, const std::vector<std::string>& args,
                               const std::string& command, const std::string& summary) {
  absl::Status st = flags.Parse(args, Flags::ProcessEnv);
  if (flags.help_requested()) {
    std::printf("Usage: supportbytime-server %s [options]\n\n%s\n\n%s", command.c_str(),
                summary.c_str(), flags.Help().c_str());
    return 0;
  }
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s\n", command.c_str(), std::string(st.message()).c_str());
    return 2;
  }
  return std::nullopt;
}

std::unique_ptr<storage::Database> OpenDatabase(const Config& config) {
  auto db = storage::Database::Open(config.database_url, config.db_pool_size);
  if (!db.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(db.status().message()).c_str());
    return nullptr;
  }
  return std::move(*db);
}

std::unique_ptr<storage::Database> OpenMigratedDatabase(const Config& config) {
  auto db = OpenDatabase(config);
  if (db == nullptr) return nullptr;
  auto state = storage::ReadSchemaState(*db);
  if (!state.ok()) {
    std::fprintf(stderr, "error: cannot read the schema version: %s\n",
                 std::string(state.status().message()).c_str());
    return nullptr;
  }
  if (!state->current()) {
    std::fprintf(stderr,
                 "error: the database schema is at version %d but this binary needs %d; "
                 "run `supportbytime-server migrate` first\n",
                 state->applied, state->latest);
    return nullptr;
  }
  return db;
}

}  // namespace supportbytime::app
