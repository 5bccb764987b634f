// The sub-commands of supportbytime-server.
#ifndef SUPPORTBYTIME_SERVER_APP_COMMANDS_H_
#define SUPPORTBYTIME_SERVER_APP_COMMANDS_H_

#include <string>
#include <vector>

namespace supportbytime::app {

// Dispatches `supportbytime-server <command> [options]`; returns the exit code.
int Main(const std::vector<std::string>& args);

int Serve(const std::vector<std::string>& args);
int MigrateCommand(const std::vector<std::string>& args);
int SeedDemoCommand(const std::vector<std::string>& args);
int CreateApiKeyCommand(const std::vector<std::string>& args);
int ClosePeriodsCommand(const std::vector<std::string>& args);

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_COMMANDS_H_
