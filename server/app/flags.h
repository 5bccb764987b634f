// Command-line flags with environment fallbacks.
//
// Each option may come from `--name=value` (or `--name value`), else from its
// environment variable, else from its default. Unknown flags are refused so a
// typo never silently falls back to a default.
#ifndef SUPPORTBYTIME_SERVER_APP_FLAGS_H_
#define SUPPORTBYTIME_SERVER_APP_FLAGS_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace supportbytime::app {

class Flags final {
 public:
  using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

  // `env` may be empty for flags that have no environment variable.
  void Define(std::string name, std::string env, std::string default_value, std::string help);

  // Parses `args` (without the program and command names). `--help` sets
  // help_requested(). Positional arguments are refused.
  absl::Status Parse(const std::vector<std::string>& args, const EnvLookup& env);

  bool help_requested() const { return help_requested_; }
  std::string Help() const;

  std::string GetString(const std::string& name) const;
  absl::StatusOr<int> GetInt(const std::string& name, int min, int max) const;
  absl::StatusOr<absl::Duration> GetDuration(const std::string& name) const;
  // Whether the value came from the command line or the environment.
  bool IsSet(const std::string& name) const;

  // The process environment.
  static std::optional<std::string> ProcessEnv(const std::string& name);

 private:
  struct Option {
    std::string env;
    std::string default_value;
    std::string help;
    std::optional<std::string> value;
  };
  std::vector<std::string> order_;
  std::map<std::string, Option> options_;
  bool help_requested_ = false;
};

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_FLAGS_H_
