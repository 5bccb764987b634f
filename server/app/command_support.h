// Shared by the sub-commands: parsing flags and opening the database.
#ifndef SUPPORTBYTIME_SERVER_APP_COMMAND_SUPPORT_H_
#define SUPPORTBYTIME_SERVER_APP_COMMAND_SUPPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/app/config.h"
#include "server/app/flags.h"
#include "server/storage/database.h"

namespace supportbytime::app {

// Parses `args` into `flags` (already defined). Returns an exit code when the
// command should stop now (help printed: 0; bad flags: 2).
std::optional<int> ParseOrExit(Flags& flags, const std::vector<std::string>& args,
                               const std::string& command, const std::string& summary);

// Opens the database of `config`; prints the reason and returns null on failure.
std::unique_ptr<storage::Database> OpenDatabase(const Config& config);

// Opens the database and checks the schema is current (the data commands
// need it); prints what to do otherwise.
std::unique_ptr<storage::Database> OpenMigratedDatabase(const Config& config);

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_COMMAND_SUPPORT_H_
