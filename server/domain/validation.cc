#include "server/domain/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

bool IsUuid(absl::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!(absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view pattern, absl::string_view name, absl::string_view field,
    const std::vector<std::string>& free_vars) {
  auto bad = [&] {
    return InvalidField(field, absl::StrCat("must be a resource name of the form ", pattern,
                                            name.empty() ? "" : absl::StrCat(", got '", name.substr(0, 120), "'")));
  };
  std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  if (name.empty() || want.size() != got.size()) return bad();
  std::vector<std::string> vars;
  for (size_t i = 0; i < want.size(); ++i) {
    absl::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      std::string var(w.substr(1, w.size() - 2));
      bool free = false;
      for (const auto& f : free_vars) free = free || f == var;
      if (free) {
        if (got[i].empty() || got[i].size() > 64) return bad();
        for (char c : got[i]) {
          if (!absl::ascii_isalnum(c) && c != '-' && c != '_') return bad();
        }
      } else if (!IsUuid(got[i])) {
        return InvalidField(field, absl::StrCat("the ", var, " id in '", name.substr(0, 120),
                                                "' must be a UUID such as "
                                                "3f1c2a9e-8d4b-4c1a-9a57-0b6f2f1e9c11"));
      }
      vars.emplace_back(got[i]);
    } else if (w != got[i]) {
      return bad();
    }
  }
  return vars;
}

int Utf8Length(absl::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) { len = 1; cp = c; }
    else if ((c >> 5) == 0x6) { len = 2; cp = c & 0x1f; }
    else if ((c >> 4) == 0xe) { len = 3; cp = c & 0x0f; }
    else if ((c >> 3) == 0x1e) { len = 4; cp = c & 0x07; }
    else return -1;
    if (i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return -1;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

bool ValidText(absl::string_view s, int min, int max, bool multiline) {
  const int n = Utf8Length(s);
  if (n < min || n > max) return false;
  for (unsigned char c : s) {
    if (c == 0x7f) return false;
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) return false;
  }
  return true;
}

}  // namespace supportbytime::domain
