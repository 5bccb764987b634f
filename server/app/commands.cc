#include "server/app/commands.h"

#include <cstdio>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"

namespace supportbytime::app {
namespace {

struct Command {
  const char* summary;
  std::function<int(const std::vector<std::string>&)> run;
};

const std::map<std::string, Command>& Commands() {
  static const auto* kCommands = new std::map<std::string, Command>{
      {"serve", {"serve the gRPC API with health checks and reflection", Serve}},
      {"migrate", {"apply pending database migrations (safe to run from several replicas)",
                   MigrateCommand}},
      {"seed-demo", {"load the reference packages and a demo client (running it twice changes nothing)",
                     SeedDemoCommand}},
      {"create-api-key", {"create an API key and print its secret once", CreateApiKeyCommand}},
      {"close-periods", {"close every monthly period that has ended (for a cron job)",
                         ClosePeriodsCommand}},
  };
  return *kCommands;
}

std::string Usage() {
  std::string out =
      "Usage: supportbytime-server <command> [options]\n"
      "       supportbytime-server <command> --help\n\nCommands:\n";
  for (const auto& [name, cmd] : Commands()) {
    absl::StrAppend(&out, "  ", name, std::string(16 - name.size(), ' '), cmd.summary, "\n");
  }
  return out;
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(Usage().c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  auto it = Commands().find(args[0]);
  if (it == Commands().end()) {
    std::fprintf(stderr, "unknown command '%s'\n\n%s", args[0].c_str(), Usage().c_str());
    return 2;
  }
  return it->second.run(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace supportbytime::app
