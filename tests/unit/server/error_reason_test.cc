// Every ErrorInfo reason the server can send is a value of ErrorReason
// (protos/supportbytime/v1/error_reason.proto), the list clients code against.
//
// The reasons are collected from the server's sources, so that a new refusal
// cannot ship with a reason the contract lacks:
//   - the value of every `kReason...` constant (UPPER_SNAKE values only);
//   - every string literal passed as the reason of domain::Error(code,
//     reason, ...) or of a server function that hands its own `reason`
//     parameter on to it (Refuse(reason, message), Unauthenticated(...)).
// Those reason arguments must be a literal, a kReason constant, the
// function's own `reason` parameter or a reason read back from another
// status (`DetailOf(st).reason`), so that no reason escapes the scan.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/error_reason.pb.h"

namespace supportbytime {
namespace {

namespace fs = std::filesystem;

struct Source {
  std::string path;  // relative to the repository
  std::string code;  // comments blanked out, line breaks kept
};

// Where each reason was found, for the failure message.
using Found = std::map<std::string, std::vector<std::string>>;

// Whether code[i] opens a string or character literal; a quote right after
// a digit or letter is a digit separator (1'000).
bool OpensLiteral(const std::string& code, size_t i) {
  if (code[i] == '"') return true;
  return code[i] == '\'' && (i == 0 || !std::isalnum(static_cast<unsigned char>(code[i - 1])));
}

// Replaces comments with spaces (keeping newlines, so that offsets map to
// the same lines) and leaves string and character literals as they are.
std::string StripComments(const std::string& in) {
  std::string out = in;
  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    if (in.compare(i, 2, "//") == 0) {
      while (i < n && in[i] != '\n') out[i++] = ' ';
    } else if (in.compare(i, 2, "/*") == 0) {
      size_t end = in.find("*/", i + 2);
      end = end == std::string::npos ? n : end + 2;
      for (; i < end; ++i) {
        if (out[i] != '\n') out[i] = ' ';
      }
    } else if (in[i] == 'R' && i + 1 < n && in[i + 1] == '"' &&
               (i == 0 ||
                !(std::isalnum(static_cast<unsigned char>(in[i - 1])) || in[i - 1] == '_'))) {
      const size_t open = in.find('(', i + 2);
      if (open == std::string::npos) return out;
      const std::string close = ")" + in.substr(i + 2, open - i - 2) + "\"";
      const size_t end = in.find(close, open);
      i = end == std::string::npos ? n : end + close.size();
    } else if (OpensLiteral(in, i)) {
      const char quote = in[i++];
      while (i < n && in[i] != quote) i += in[i] == '\\' ? 2 : 1;
      ++i;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<Source> ServerSources() {
  std::vector<Source> sources;
  const fs::path root(SBT_SOURCE_DIR);
  for (const auto& entry : fs::recursive_directory_iterator(root / "server")) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    sources.push_back({fs::relative(entry.path(), root).string(), StripComments(text.str())});
  }
  return sources;
}

std::string Where(const Source& source, size_t offset) {
  const auto line = std::count(source.code.begin(), source.code.begin() + offset, '\n') + 1;
  return source.path + ":" + std::to_string(line);
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

// The top-level arguments of the call whose '(' is at `open`.
std::vector<std::string> Arguments(const std::string& code, size_t open) {
  std::vector<std::string> args;
  std::string current;
  int depth = 0;
  for (size_t i = open + 1; i < code.size(); ++i) {
    const char c = code[i];
    if (OpensLiteral(code, i)) {
      const size_t start = i++;
      while (i < code.size() && code[i] != c) i += code[i] == '\\' ? 2 : 1;
      current += code.substr(start, i - start + 1);
      continue;
    }
    if (c == '(' || c == '{' || c == '[') ++depth;
    if (c == ')' || c == '}' || c == ']') {
      if (depth == 0) {
        args.push_back(Trim(current));
        return args;
      }
      --depth;
    }
    if (c == ',' && depth == 0) {
      args.push_back(Trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  return args;
}

// Whether the name before `at` is declared or defined there rather than
// called: its return type precedes it ("absl::Status Error(").
bool IsDeclaration(const std::string& code, size_t at) {
  size_t end = at;
  while (end > 0 &&
         (code[end - 1] == ':' || std::isalnum(static_cast<unsigned char>(code[end - 1])) ||
          code[end - 1] == '_')) {
    --end;  // the qualifier, e.g. "domain::"
  }
  size_t i = end;
  while (i > 0 && std::isspace(static_cast<unsigned char>(code[i - 1]))) --i;
  size_t word_end = i;
  while (i > 0 && (std::isalnum(static_cast<unsigned char>(code[i - 1])) || code[i - 1] == '_')) {
    --i;
  }
  const std::string previous = code.substr(i, word_end - i);
  return !previous.empty() && previous != "return" && previous != "co_return" &&
         previous != "else" && previous != "case";
}

// The index of the ')' that closes the '(' at `open` (or code.size()).
size_t Close(const std::string& code, size_t open) {
  int depth = 0;
  for (size_t i = open; i < code.size(); ++i) {
    const char c = code[i];
    if (OpensLiteral(code, i)) {
      for (++i; i < code.size() && code[i] != c;) i += code[i] == '\\' ? 2 : 1;
    } else if (c == '(' || c == '{' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == '}' || c == ']') && --depth == 0) {
      return i;
    }
  }
  return code.size();
}

// A function defined in the server with a parameter named `reason`.
struct ReasonParameter {
  std::string name;
  size_t index = 0;  // of the parameter
  const Source* source = nullptr;
  size_t body_begin = 0;  // the body's '{'
  size_t body_end = 0;    // its '}'
};

std::vector<ReasonParameter> FunctionsWithAReason(const std::vector<Source>& sources) {
  std::vector<ReasonParameter> out;
  const std::regex head(R"((?:absl::)?Status(?:Or<[^>]*>)?\s+(\w+)\s*\()");
  const std::regex param(R"(^.*[\s&*]reason$)");
  for (const Source& s : sources) {
    for (auto it = std::sregex_iterator(s.code.begin(), s.code.end(), head);
         it != std::sregex_iterator(); ++it) {
      const size_t open = it->position(0) + it->length(0) - 1;
      const std::vector<std::string> params = Arguments(s.code, open);
      size_t body = Close(s.code, open) + 1;
      while (body < s.code.size() && std::isspace(static_cast<unsigned char>(s.code[body]))) {
        ++body;
      }
      if (body >= s.code.size() || s.code[body] != '{') continue;  // a declaration
      for (size_t i = 0; i < params.size(); ++i) {
        // Drop a default value ("reason = ..."), keep the declaration.
        const std::string decl = Trim(params[i].substr(0, params[i].find('=')));
        if (std::regex_match(decl, param)) {
          out.push_back({(*it)[1].str(), i, &s, body, Close(s.code, body)});
        }
      }
    }
  }
  return out;
}

// The calls of `name` in `code`: the offset of each match and its arguments.
std::vector<std::pair<size_t, std::vector<std::string>>> Calls(const std::string& code,
                                                               const std::string& name) {
  std::vector<std::pair<size_t, std::vector<std::string>>> calls;
  const std::regex call("(^|[^A-Za-z0-9_])" + name + R"(\s*\()");
  for (auto it = std::sregex_iterator(code.begin(), code.end(), call); it != std::sregex_iterator();
       ++it) {
    const size_t at = it->position(0) + (*it)[1].length();
    if (IsDeclaration(code, at)) continue;
    calls.push_back({at, Arguments(code, it->position(0) + it->length(0) - 1)});
  }
  return calls;
}

// The functions that hand their `reason` parameter on as the reason of
// domain::Error(code, reason, ...), directly or through another such
// function (Refuse(reason, message), Unauthenticated(reason, message)).
std::vector<ReasonParameter> ReasonTakers(const std::vector<Source>& sources) {
  std::vector<ReasonParameter> candidates = FunctionsWithAReason(sources);
  std::vector<ReasonParameter> takers;
  std::set<std::string> names;
  for (const ReasonParameter& f : candidates) {
    if (f.name == "Error" && f.index == 1) {
      takers.push_back(f);
      names.insert(f.name);
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const ReasonParameter& f : candidates) {
      if (names.count(f.name) > 0) continue;
      const std::string body = f.source->code.substr(f.body_begin, f.body_end - f.body_begin);
      for (const ReasonParameter& taker : std::vector<ReasonParameter>(takers)) {
        for (const auto& [at, args] : Calls(body, taker.name)) {
          if (args.size() > taker.index && args[taker.index] == "reason" &&
              names.insert(f.name).second) {
            takers.push_back(f);
            grew = true;
          }
        }
      }
    }
  }
  return takers;
}

struct Scan {
  Found reasons;                         // reason -> where it is sent
  std::vector<std::string> unknown;      // Error() reason arguments the scan cannot check
  std::map<std::string, size_t> takers;  // function -> index of its reason parameter
};

Scan ScanServer() {
  const std::vector<Source> sources = ServerSources();
  Scan scan;
  const std::vector<ReasonParameter> takers = ReasonTakers(sources);
  for (const ReasonParameter& t : takers) scan.takers[t.name] = t.index;
  // Whether `offset` of `source` lies in the body of a function that hands
  // its own `reason` parameter on.
  const auto in_taker = [&](const Source& source, size_t offset) {
    for (const ReasonParameter& t : takers) {
      if (t.source == &source && offset > t.body_begin && offset < t.body_end) return true;
    }
    return false;
  };

  const std::regex constant(R"re(\b(kReason\w+)(?:\[\])?\s*=\s*"([^"]*)")re");
  const std::regex upper_snake("^[A-Z][A-Z0-9_]+$");
  const std::regex literal(R"re(^"([^"\\]*)"$)re");
  const std::regex reason_constant(R"(^(?:(?:supportbytime::)?domain::)?(kReason\w+)$)");
  // A reason read back from another status: DetailOf(st).reason, d.reason.
  const std::regex read_back(R"(^[\w:()]*[.>]reason$)");
  std::set<std::string> constants;
  for (const Source& s : sources) {
    for (auto it = std::sregex_iterator(s.code.begin(), s.code.end(), constant);
         it != std::sregex_iterator(); ++it) {
      const std::string value = (*it)[2].str();
      if (!std::regex_match(value, upper_snake)) continue;  // e.g. a payload URL
      constants.insert((*it)[1].str());
      scan.reasons[value].push_back(Where(s, it->position(0)));
    }
  }
  for (const auto& [name, index] : scan.takers) {
    for (const Source& s : sources) {
      for (const auto& [at, args] : Calls(s.code, name)) {
        if (args.size() <= index) continue;
        const std::string& arg = args[index];
        std::smatch m;
        if (std::regex_match(arg, m, literal)) {
          scan.reasons[m[1].str()].push_back(Where(s, at));
        } else if (std::regex_match(arg, m, reason_constant) && constants.count(m[1].str()) > 0) {
          // Checked with the constants above.
        } else if (!std::regex_match(arg, read_back) && !(arg == "reason" && in_taker(s, at))) {
          scan.unknown.push_back(Where(s, at) + ": " + name + "(..., " + arg + ", ...)");
        }
      }
    }
  }
  return scan;
}

TEST(ErrorReasonTest, TheScanFindsTheReasonsOfEveryKind) {
  const Scan scan = ScanServer();
  // A scan that finds nothing would pass every check below: make sure it
  // sees each way a reason is spelled today.
  EXPECT_THAT(scan.takers, ::testing::Contains(::testing::Pair("Error", 1)));
  EXPECT_THAT(scan.takers, ::testing::Contains(::testing::Pair("Refuse", 0)));
  EXPECT_THAT(scan.takers, ::testing::Contains(::testing::Pair("Unauthenticated", 0)));
  for (const char* reason : {
           "INVALID_FIELD",        // kReason constant in domain/error.h
           "BUCKET_EXHAUSTED",     // kReason constant, sent through Refuse()
           "API_KEY_MISSING",      // literal through Unauthenticated()
           "ROLE_NOT_ALLOWED",     // literal in domain::Error()
           "CONCURRENCY_CONFLICT"  // literal in domain::Error()
       }) {
    EXPECT_EQ(scan.reasons.count(reason), 1u) << reason;
  }
  EXPECT_GE(scan.reasons.size(), 25u);
}

TEST(ErrorReasonTest, EveryReasonTheServerSendsIsInTheEnum) {
  const Scan scan = ScanServer();
  const google::protobuf::EnumDescriptor* reasons = v1::ErrorReason_descriptor();
  for (const auto& [reason, places] : scan.reasons) {
    const std::string where = ::testing::PrintToString(places);
    v1::ErrorReason value = v1::ERROR_REASON_UNSPECIFIED;
    EXPECT_TRUE(v1::ErrorReason_Parse(reason, &value))
        << reason << " (sent at " << where
        << ") is not in protos/supportbytime/v1/error_reason.proto: add it there, with its "
           "code and metadata, or use a reason the enum has";
    if (value == v1::ERROR_REASON_UNSPECIFIED) continue;
    EXPECT_FALSE(reasons->FindValueByNumber(value)->options().deprecated())
        << reason << " (sent at " << where << ") is deprecated in error_reason.proto";
  }
}

TEST(ErrorReasonTest, EveryReasonArgumentCanBeChecked) {
  // domain::Error(code, reason, ...) and the functions that hand a reason on
  // to it take a literal, a kReason constant, their own `reason` parameter,
  // or a reason read back from another status; anything else would hide its
  // reason from the test above.
  EXPECT_THAT(ScanServer().unknown, ::testing::IsEmpty());
}

}  // namespace
}  // namespace supportbytime
