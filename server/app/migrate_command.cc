#include <cstdio>

#include "absl/strings/str_join.h"
#include "server/app/command_support.h"
#include "server/app/commands.h"
#include "server/storage/migrations.h"

namespace supportbytime::app {

int MigrateCommand(const std::vector<std::string>& args) {
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/false);
  if (auto exit = ParseOrExit(flags, args, "migrate",
                              "Applies pending schema migrations, each in its own transaction, "
                              "under a lock shared by all replicas.")) {
    return *exit;
  }
  auto config = LoadConfig(flags, false);
  if (!config.ok()) {
    std::fprintf(stderr, "migrate: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  auto db = OpenDatabase(*config);
  if (db == nullptr) return 1;
  auto applied = storage::Migrate(*db);
  if (!applied.ok()) {
    std::fprintf(stderr, "migrate: %s\n", std::string(applied.status().message()).c_str());
    return 1;
  }
  if (applied->empty()) {
    std::printf("schema is current (version %d)\n", storage::LatestVersion());
  } else {
    std::printf("applied migrations %s; schema is at version %d\n",
                absl::StrJoin(*applied, ", ").c_str(), storage::LatestVersion());
  }
  return 0;
}

}  // namespace supportbytime::app
