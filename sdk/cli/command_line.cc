#include "sdk/cli/command_line.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace supportbytime::cli {
namespace {

constexpr char kProgram[] = "supportbytime";

// The listing of groups and their verbs.
std::string GroupsText(const Commands& commands) {
  std::string out = absl::StrCat("Usage: ", kProgram, " [global flags] <group> <verb> [flags]\n",
                                 "       ", kProgram, " <group> --help | <group> <verb> --help\n\n",
                                 "Global flags (environment fallback):\n");
  for (const Flag& f : GlobalFlags()) {
    absl::StrAppendFormat(&out, "  %-22s %s\n", f.Written(), f.help);
  }
  absl::StrAppend(&out, "\nGroups:\n");
  for (const auto& [group, verbs] : commands) {
    std::string names;
    for (const auto& [verb, _] : verbs) absl::StrAppend(&names, names.empty() ? "" : ", ", verb);
    absl::StrAppendFormat(&out, "  %-15s %s\n", group, names);
  }
  return out;
}

// The verbs of one group, each with its summary and usage.
std::string GroupText(const std::string& group, const std::map<std::string, Verb>& verbs) {
  std::string out = absl::StrCat("Usage: ", kProgram, " ", group, " <verb> [flags]\n\nVerbs:\n");
  for (const auto& [name, verb] : verbs) {
    absl::StrAppendFormat(&out, "  %-12s %s\n               %s\n", name, verb.summary,
                          verb.Usage());
  }
  return out;
}

// One verb's --help: usage, summary, and each of its flags.
std::string VerbText(const std::string& group, const std::string& name, const Verb& verb) {
  std::string out = absl::StrCat("Usage: ", kProgram, " ", group, " ", name, " ", verb.Usage(),
                                 "\n\n", verb.summary, "\n");
  if (!verb.flags.empty()) absl::StrAppend(&out, "\nFlags:\n");
  for (const Flag& f : verb.flags) {
    absl::StrAppendFormat(&out, "  %-34s %s%s\n", f.Written(), f.help,
                          f.required ? " (required)" : "");
  }
  absl::StrAppend(&out, "\nGlobal flags: --endpoint, --key, --json (see ", kProgram, " --help)\n");
  return out;
}

const Flag* Find(const std::vector<Flag>& flags, std::string_view name) {
  auto it = std::find_if(flags.begin(), flags.end(), [&](const Flag& f) { return f.name == name; });
  return it == flags.end() ? nullptr : &*it;
}

// " did you mean X?" or "".
std::string Suggestion(const std::string& given, const std::vector<std::string>& candidates,
                       const std::string& prefix) {
  std::string closest = ClosestName(given, candidates);
  return closest.empty() ? "" : absl::StrCat("; did you mean ", prefix, closest, "?");
}

// One flag as written: "--name=value", "--name value" or "--name".
struct Given {
  std::string name;
  std::optional<std::string> value;  // after '=' or the next word, when known
};

// Walks the arguments once, resolving group and verb as their words come
// and each flag against the declaration in force.
class Parser {
 public:
  Parser(const Commands& commands, Invocation defaults) : commands_(commands) {
    result_.invocation = std::move(defaults);
  }

  CommandLine Run(const std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size() && !failed(); ++i) {
      if (absl::StartsWith(args[i], "--")) {
        TakeFlag(args, i);
      } else {
        TakeWord(args[i]);
      }
    }
    if (!failed()) Finish();
    return std::move(result_);
  }

 private:
  bool failed() const { return !result_.err.empty(); }

  void Fail(std::string message, std::string hint = "") {
    result_.err = absl::StrCat("error: ", message, "\n", hint);
    result_.exit_code = 2;
  }

  // The group, then the verb; nothing after them.
  void TakeWord(const std::string& word) {
    if (group_ == nullptr) {
      auto it = commands_.find(word);
      if (it == commands_.end()) return UnknownGroup(word);
      group_name_ = word;
      group_ = &it->second;
    } else if (verb_ == nullptr) {
      auto it = group_->find(word);
      if (it == group_->end()) return UnknownVerb(word);
      verb_name_ = word;
      verb_ = &it->second;
      for (size_t k = 0; k < deferred_.size() && !failed(); ++k) Apply(deferred_[k], nullptr);
    } else {
      Fail(absl::StrCat("unexpected argument '", word, "'"), RunHelpHint());
    }
  }

  void UnknownGroup(const std::string& word) {
    std::vector<std::string> names;
    for (const auto& [g, _] : commands_) names.push_back(g);
    Fail(absl::StrCat("unknown group '", word, "'", Suggestion(word, names, "")));
    result_.out = GroupsText(commands_);
  }

  void UnknownVerb(const std::string& word) {
    std::vector<std::string> names;
    for (const auto& [v, _] : *group_) names.push_back(v);
    Fail(absl::StrCat("unknown verb '", word, "' of ", group_name_, Suggestion(word, names, "")));
    result_.out = GroupText(group_name_, *group_);
  }

  // "--name=value" / "--name value" / "--name"; a verb's flag seen before
  // its verb waits until the verb is known.
  void TakeFlag(const std::vector<std::string>& args, size_t& i) {
    const std::string& a = args[i];
    const auto eq = a.find('=');
    Given w{a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2), std::nullopt};
    if (eq != std::string::npos) w.value = a.substr(eq + 1);
    if (Find(GlobalFlags(), w.name) == nullptr && verb_ == nullptr) {
      deferred_.push_back(std::move(w));
      return;
    }
    const std::string* next = i + 1 < args.size() ? &args[i + 1] : nullptr;
    if (Apply(w, next)) ++i;
  }

  // Holds one flag to its declaration and records it; returns whether it
  // took `next` as its value.
  bool Apply(const Given& w, const std::string* next) {
    const Flag* flag = Find(GlobalFlags(), w.name);
    if (flag == nullptr && verb_ != nullptr) flag = Find(verb_->flags, w.name);
    if (flag == nullptr) {
      UnknownFlag(w.name);
      return false;
    }
    std::string value;
    bool took_next = false;
    if (!ValueOf(*flag, w, next, &value, &took_next)) return false;
    Record(*flag, value);
    return took_next;
  }

  bool ValueOf(const Flag& flag, const Given& w, const std::string* next, std::string* value,
               bool* took_next) {
    if (flag.IsSwitch()) {
      *value = w.value.value_or("true");
      if (*value == "true" || *value == "false") return true;
      Fail(absl::StrCat("--", flag.name, " is a switch: give it alone, or as --", flag.name,
                        "=true or =false"));
      return false;
    }
    if (w.value) {
      *value = *w.value;
      return true;
    }
    if (next != nullptr && !absl::StartsWith(*next, "--")) {
      *value = *next;
      *took_next = true;
      return true;
    }
    Fail(absl::StrCat("--", flag.name, " needs a value, e.g. --", flag.name, "=", flag.value));
    return false;
  }

  void Record(const Flag& flag, const std::string& value) {
    Invocation& in = result_.invocation;
    if (flag.name == "endpoint") {
      in.options.endpoint = value;
    } else if (flag.name == "key") {
      in.options.api_key = value;
    } else if (flag.name == "json") {
      in.json = value == "true";
    } else if (flag.name == "help") {
      help_ = value == "true";
    } else {
      in.flags[flag.name] = value;
    }
  }

  void UnknownFlag(const std::string& name) {
    std::vector<std::string> names;
    for (const Flag& f : verb_->flags) names.push_back(f.name);
    for (const Flag& f : GlobalFlags()) names.push_back(f.name);
    Fail(absl::StrCat("unknown flag --", name, " for '", group_name_, " ", verb_name_, "'",
                      Suggestion(name, names, "--")),
         RunHelpHint());
  }

  std::string RunHelpHint() const {
    return absl::StrCat("Run '", kProgram, " ", group_name_, " ", verb_name_,
                        " --help' for its flags.\n");
  }

  // After the last argument: help, a missing group or verb, a missing
  // required flag, or the verb to run.
  void Finish() {
    if (group_ == nullptr) {
      result_.out = GroupsText(commands_);
      result_.exit_code = help_ ? 0 : 2;
    } else if (verb_ == nullptr) {
      result_.out = GroupText(group_name_, *group_);
      result_.exit_code = help_ ? 0 : 2;
    } else if (help_) {
      result_.out = VerbText(group_name_, verb_name_, *verb_);
    } else if (const Flag* missing = MissingFlag()) {
      Fail(absl::StrCat("--", missing->name, " is required"),
           absl::StrCat("Usage: ", kProgram, " ", group_name_, " ", verb_name_, " ", verb_->Usage(),
                        "\n"));
    } else {
      result_.verb = verb_;
    }
  }

  const Flag* MissingFlag() const {
    for (const Flag& f : verb_->flags) {
      if (f.required && !result_.invocation.Has(f.name)) return &f;
    }
    return nullptr;
  }

  const Commands& commands_;
  CommandLine result_;
  std::string group_name_, verb_name_;
  const std::map<std::string, Verb>* group_ = nullptr;
  const Verb* verb_ = nullptr;
  std::vector<Given> deferred_;  // a verb's flags given before the verb
  bool help_ = false;
};

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

std::string Flag::Written() const { return absl::StrCat("--", name, IsSwitch() ? "" : "=", value); }

std::string Flag::Usage() const { return required ? Written() : absl::StrCat("[", Written(), "]"); }

Flag Required(std::string name, std::string value, std::string help) {
  return {std::move(name), std::move(value), std::move(help), true};
}
Flag Optional(std::string name, std::string value, std::string help) {
  return {std::move(name), std::move(value), std::move(help), false};
}
Flag Switch(std::string name, std::string help) {
  return {std::move(name), "", std::move(help), false};
}

std::string Verb::Usage() const {
  std::string out;
  for (const Flag& f : flags) absl::StrAppend(&out, out.empty() ? "" : " ", f.Usage());
  return out;
}

const std::vector<Flag>& GlobalFlags() {
  static const auto* flags = new std::vector<Flag>{
      Optional("endpoint", "HOST:PORT", "server address [$SBT_ENDPOINT] (default 127.0.0.1:50051)"),
      Optional("key", "KEY", "API key [$SBT_API_KEY]"),
      Switch("json", "print resources as JSON"),
      Switch("help", "show the usage of the program, a group or a verb"),
  };
  return *flags;
}

CommandLine ParseCommandLine(const Commands& commands, const std::vector<std::string>& args,
                             Invocation defaults) {
  return Parser(commands, std::move(defaults)).Run(args);
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string ClosestName(std::string_view given_view, const std::vector<std::string>& candidates) {
  const std::string given(given_view);
  std::string best;
  size_t best_distance = std::string::npos;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(given, c);
    const bool contained =
        given.size() >= 3 && (absl::StrContains(c, given) || absl::StrContains(given, c));
    const bool close = d <= std::max<size_t>(2, given.size() / 2) || contained;
    if (close && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace supportbytime::cli
