#include "server/app/flags.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/match.h"

namespace supportbytime::app {

void Flags::Define(std::string name, std::string env, std::string default_value,
                   std::string help) {
  order_.push_back(name);
  options_[std::move(name)] = Option{std::move(env), std::move(default_value), std::move(help), {}};
}

absl::Status Flags::Parse(const std::vector<std::string>& args, const EnvLookup& env) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", arg, "'"));
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto it = options_.find(name);
    if (it == options_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      }
      value = args[++i];
    }
    it->second.value = std::move(value);
  }
  for (auto& [name, opt] : options_) {
    if (!opt.value && !opt.env.empty()) {
      if (auto v = env(opt.env)) opt.value = std::move(v);
    }
  }
  return absl::OkStatus();
}

std::string Flags::Help() const {
  std::string out = "Options (a flag overrides its environment variable):\n";
  for (const std::string& name : order_) {
    const Option& opt = options_.at(name);
    absl::StrAppend(&out, "  --", name);
    if (!opt.env.empty()) absl::StrAppend(&out, "  [$", opt.env, "]");
    absl::StrAppend(&out, "\n      ", opt.help);
    if (!opt.default_value.empty()) absl::StrAppend(&out, " (default: ", opt.default_value, ")");
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string Flags::GetString(const std::string& name) const {
  const Option& opt = options_.at(name);
  return opt.value.value_or(opt.default_value);
}

bool Flags::IsSet(const std::string& name) const { return options_.at(name).value.has_value(); }

absl::StatusOr<int> Flags::GetInt(const std::string& name, int min, int max) const {
  std::string text = GetString(name);
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--%s must be a whole number from %d to %d, got '%s'", name, min, max, text));
  }
  return value;
}

absl::StatusOr<absl::Duration> Flags::GetDuration(const std::string& name) const {
  std::string text = GetString(name);
  absl::Duration d;
  if (!absl::ParseDuration(text, &d) || d < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--%s must be a duration such as 30s, 5m or 48h, got '%s'", name, text));
  }
  return d;
}

std::optional<std::string> Flags::ProcessEnv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

}  // namespace supportbytime::app
