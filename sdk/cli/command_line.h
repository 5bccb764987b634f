// The command line of the `supportbytime` CLI: each verb declares its own
// flags, and the parser holds every argument to the verb's declaration.
//
//   supportbytime [global flags] <group> <verb> [the verb's flags]
//
// Global flags (--endpoint, --key, --json, --help) may stand anywhere. A
// verb's flags come after the verb (or before it as --name=value); a flag the
// verb does not declare is a usage error (exit 2) that names the closest one
// it does. A switch (a flag declared without a value) is true when given
// alone, and also takes =true or =false; a flag with a value takes
// --name=value or --name value.
#ifndef SUPPORTBYTIME_SDK_CLI_COMMAND_LINE_H_
#define SUPPORTBYTIME_SDK_CLI_COMMAND_LINE_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "supportbytime/client_options.h"

namespace supportbytime::cli {

// The parsed command line of one verb.
struct Invocation {
  sdk::ClientOptions options;
  bool json = false;
  std::map<std::string, std::string> flags;  // the verb's flags that were given

  // The flag's value, or `fallback`.
  std::string Flag(const std::string& name, const std::string& fallback = "") const;
  // Whether the flag was given (even empty).
  bool Has(const std::string& name) const { return flags.count(name) != 0; }
  // The flag's value; INVALID_ARGUMENT naming it when missing or empty.
  absl::Status Require(const std::string& name, std::string* out) const;
};

// One flag a verb accepts.
struct Flag {
  std::string name;   // "display-name", given as --display-name
  std::string value;  // what the value looks like in usage ("NAME", "2026-04"); empty: a switch
  std::string help;   // one line for --help
  bool required = false;

  bool IsSwitch() const { return value.empty(); }
  // "--name=VALUE" or "--name".
  std::string Written() const;
  // "--name=VALUE", "[--name=VALUE]" or "[--name]".
  std::string Usage() const;
};

// The ways to declare one.
Flag Required(std::string name, std::string value, std::string help);
Flag Optional(std::string name, std::string value, std::string help);
Flag Switch(std::string name, std::string help);

struct Verb {
  std::string summary;
  std::vector<Flag> flags;
  std::function<absl::Status(const Invocation&)> run;

  // The flags' usage, in declaration order: "--name=packages/ID [--show-archived]".
  std::string Usage() const;
};

// group -> verb -> Verb.
using Commands = std::map<std::string, std::map<std::string, Verb>>;

// The flags every verb accepts: --endpoint, --key, --json, --help.
const std::vector<Flag>& GlobalFlags();

// What a command line asks for: a verb to run, or text to print and an exit
// code (help: 0; a usage error: 2).
struct CommandLine {
  const Verb* verb = nullptr;  // set: run it with `invocation`
  Invocation invocation;
  int exit_code = 0;
  std::string out;  // for stdout (help, listings)
  std::string err;  // for stderr (the usage error)
};

// Parses `args` (without the program name) against `commands`. `defaults`
// carries what the environment set (endpoint and key); flags override it.
CommandLine ParseCommandLine(const Commands& commands, const std::vector<std::string>& args,
                             Invocation defaults = {});

// The Levenshtein distance: single-character insertions, deletions and
// substitutions that turn `a` into `b`.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `given` when it is close enough to be a likely
// typo (an edit distance of at most half its length, or one contains the
// other); "" when none is.
std::string ClosestName(std::string_view given, const std::vector<std::string>& candidates);

}  // namespace supportbytime::cli

#endif  // SUPPORTBYTIME_SDK_CLI_COMMAND_LINE_H_
