#include "sdk/cli/cli.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "supportbytime/error.h"

namespace supportbytime::cli {
namespace {

constexpr char kUsage[] =
    "Usage: supportbytime [--endpoint=HOST:PORT] [--key=KEY] [--json] <group> <verb> [flags]\n"
    "       supportbytime <group> --help | <group> <verb> --help\n\n"
    "Global flags (environment fallback):\n"
    "  --endpoint   server address [$SBT_ENDPOINT] (default 127.0.0.1:50051)\n"
    "  --key        API key [$SBT_API_KEY]\n"
    "  --json       print resources as JSON\n\n";

void PrintGroups(const Commands& commands) {
  std::printf("%sGroups:\n", kUsage);
  for (const auto& [group, verbs] : commands) {
    std::string names;
    for (const auto& [verb, _] : verbs) absl::StrAppend(&names, names.empty() ? "" : ", ", verb);
    std::printf("  %-15s %s\n", group.c_str(), names.c_str());
  }
}

// Flags that are switches: "--entries" alone means true and never takes the
// next word as its value.
bool IsSwitch(const std::string& name) {
  return name == "json" || name == "help" || name == "show-revoked" || name == "entries" ||
         name == "unacknowledged" || name == "non-billable";
}

// Splits "--name=value" / "--name value"; returns false on a stray word.
bool TakeFlag(const std::vector<std::string>& args, size_t& i, std::string* name,
              std::string* value) {
  const std::string& a = args[i];
  if (!absl::StartsWith(a, "--")) return false;
  auto eq = a.find('=');
  *name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
  if (eq != std::string::npos) {
    *value = a.substr(eq + 1);
  } else if (IsSwitch(*name)) {
    *value = "true";
  } else if (i + 1 < args.size()) {
    *value = args[++i];
  } else {
    *value = "";
  }
  return true;
}

int Refused(const absl::Status& st) {
  sdk::ErrorDetails d = sdk::GetErrorDetails(st);
  std::string code = absl::StatusCodeToString(st.code());
  std::fprintf(stderr, "error: %s%s%s: %s\n", code.c_str(), d.reason.empty() ? "" : " ",
               d.reason.c_str(), std::string(st.message()).c_str());
  for (const auto& f : d.fields) std::fprintf(stderr, "  field: %s\n", f.c_str());
  return st.code() == absl::StatusCode::kInvalidArgument && d.reason.empty() ? 2 : 1;
}

}  // namespace

std::string Invocation::Flag(const std::string& name, const std::string& fallback) const {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

absl::Status Invocation::Require(const std::string& name, std::string* out) const {
  auto it = flags.find(name);
  if (it == flags.end() || it->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, " is required"));
  }
  *out = it->second;
  return absl::OkStatus();
}

int Main(const std::vector<std::string>& args) {
  Commands commands;
  AddPackageCommands(commands);
  AddAccountCommands(commands);
  AddTicketCommands(commands);
  AddBillingCommands(commands);
  AddHistoryCommands(commands);

  Invocation in;
  if (const char* e = std::getenv("SBT_ENDPOINT")) in.options.endpoint = e;
  if (const char* k = std::getenv("SBT_API_KEY")) in.options.api_key = k;
  std::vector<std::string> words;
  bool help = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name, value;
    if (!TakeFlag(args, i, &name, &value)) {
      words.push_back(args[i]);
      continue;
    }
    if (name == "endpoint") in.options.endpoint = value;
    else if (name == "key") in.options.api_key = value;
    else if (name == "json") in.json = value != "false";
    else if (name == "help") help = true;
    else in.flags[name] = value;
  }
  if (words.empty()) {
    PrintGroups(commands);
    return help ? 0 : 2;
  }
  auto group = commands.find(words[0]);
  if (group == commands.end()) {
    std::fprintf(stderr, "unknown group '%s'\n\n", words[0].c_str());
    PrintGroups(commands);
    return 2;
  }
  if (words.size() < 2 || group->second.count(words[1]) == 0) {
    if (words.size() >= 2) std::fprintf(stderr, "unknown verb '%s'\n\n", words[1].c_str());
    std::printf("Usage: supportbytime %s <verb> [flags]\n\nVerbs:\n", words[0].c_str());
    for (const auto& [verb, v] : group->second) {
      std::printf("  %-12s %s\n               %s\n", verb.c_str(), v.summary.c_str(), v.usage.c_str());
    }
    return help && words.size() == 1 ? 0 : 2;
  }
  const Verb& verb = group->second.at(words[1]);
  if (help) {
    std::printf("Usage: supportbytime %s %s %s\n\n%s\n", words[0].c_str(), words[1].c_str(),
                verb.usage.c_str(), verb.summary.c_str());
    return 0;
  }
  if (words.size() > 2) {
    std::fprintf(stderr, "unexpected argument '%s'\n", words[2].c_str());
    return 2;
  }
  absl::Status st = verb.run(in);
  return st.ok() ? 0 : Refused(st);
}

}  // namespace supportbytime::cli

int main(int argc, char** argv) {
  return supportbytime::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
}
