#include "sdk/cli/cli.h"

#include <cstdio>
#include <cstdlib>

#include "supportbytime/error.h"

namespace supportbytime::cli {
namespace {

int Refused(const absl::Status& st) {
  sdk::ErrorDetails d = sdk::GetErrorDetails(st);
  std::string code = absl::StatusCodeToString(st.code());
  std::fprintf(stderr, "error: %s%s%s: %s\n", code.c_str(), d.reason.empty() ? "" : " ",
               d.reason.c_str(), std::string(st.message()).c_str());
  for (const auto& f : d.fields) std::fprintf(stderr, "  field: %s\n", f.c_str());
  return st.code() == absl::StatusCode::kInvalidArgument && d.reason.empty() ? 2 : 1;
}

}  // namespace

Commands AllCommands() {
  Commands commands;
  AddPackageCommands(commands);
  AddAccountCommands(commands);
  AddTicketCommands(commands);
  AddBillingCommands(commands);
  AddHistoryCommands(commands);
  return commands;
}

int Main(const std::vector<std::string>& args) {
  const Commands commands = AllCommands();
  Invocation defaults;
  if (const char* e = std::getenv("SBT_ENDPOINT")) defaults.options.endpoint = e;
  if (const char* k = std::getenv("SBT_API_KEY")) defaults.options.api_key = k;
  CommandLine line = ParseCommandLine(commands, args, std::move(defaults));
  std::fputs(line.err.c_str(), stderr);
  std::fputs(line.out.c_str(), stdout);
  if (line.verb == nullptr) return line.exit_code;
  absl::Status st = line.verb->run(line.invocation);
  return st.ok() ? 0 : Refused(st);
}

}  // namespace supportbytime::cli
