// The `supportbytime` command-line client, built on the SDK.
//
//   supportbytime [--endpoint=HOST:PORT] [--key=KEY] [--json] <group> <verb> [--flag=value…]
//
// Endpoint and key also come from SBT_ENDPOINT and SBT_API_KEY. Output is a
// short human table by default and the resource as JSON with --json. Each
// verb declares its flags (command_line.h); Add*Commands register them.
#ifndef SUPPORTBYTIME_SDK_CLI_CLI_H_
#define SUPPORTBYTIME_SDK_CLI_CLI_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "sdk/cli/command_line.h"

namespace supportbytime::cli {

void AddPackageCommands(Commands& commands);
void AddAccountCommands(Commands& commands);
void AddTicketCommands(Commands& commands);
void AddBillingCommands(Commands& commands);
void AddHistoryCommands(Commands& commands);
// Every group and verb of the CLI.
Commands AllCommands();

// Prints one resource: JSON, or "field: value" lines of `fields`.
void PrintMessage(const Invocation& in, const google::protobuf::Message& message,
                  const std::vector<std::string>& fields);
// Prints many: a JSON array, or a table of `fields`.
void PrintList(const Invocation& in, const std::vector<const google::protobuf::Message*>& items,
               const std::vector<std::string>& fields);

// One "label: value" line, aligned with PrintMessage's.
void PrintLine(const std::string& label, const std::string& value);

// "EUR 40.00": the amount with at least two decimals (more when the minor
// unit needs them), without floating point.
std::string MoneyText(const google::protobuf::Message& money);

// Whether human output may use ANSI colours: stdout is a terminal and
// NO_COLOR is unset.
bool UseColor();

// The messages of a list (a vector or a repeated field), for PrintList.
template <class Range>
std::vector<const google::protobuf::Message*> Pointers(const Range& items) {
  std::vector<const google::protobuf::Message*> out;
  for (const auto& i : items) out.push_back(&i);
  return out;
}

// Prints a call's answer with PrintMessage, or returns its refusal.
template <class T>
absl::Status Show(const Invocation& in, const absl::StatusOr<T>& answer,
                  const std::vector<std::string>& fields) {
  if (!answer.ok()) return answer.status();
  PrintMessage(in, *answer, fields);
  return absl::OkStatus();
}

// Runs the whole command line; returns the exit code (0 ok, 1 refused, 2 usage).
int Main(const std::vector<std::string>& args);

}  // namespace supportbytime::cli

#endif  // SUPPORTBYTIME_SDK_CLI_CLI_H_
