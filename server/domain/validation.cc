#include "server/domain/validation.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {
namespace {

constexpr size_t kMaxTokenLength = 63;

// Decodes one code point at `text[*pos]`, advancing `pos`; nullopt for an
// invalid sequence (RFC 3629: shortest form only, no surrogates, <= U+10FFFF).
std::optional<uint32_t> DecodeOne(absl::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(*pos);
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  size_t length;
  uint32_t cp;
  uint32_t min;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;  // a continuation byte or 0xF8-0xFF where a character starts
  }
  if (*pos + length > text.size()) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t b = byte(*pos + i);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  *pos += length;
  return cp;
}

bool IsControl(uint32_t cp, bool multiline) {
  if (multiline && (cp == '\t' || cp == '\n' || cp == '\r')) return false;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool IsTokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '~' ||
         c == '-';
}

enum class VariableKind { kUuid, kMonth, kToken };

struct Segment {
  bool variable = false;
  std::string text;  // a literal, or the variable's name
  VariableKind kind = VariableKind::kUuid;
};

std::vector<Segment> Compile(absl::string_view pattern) {
  std::vector<Segment> out;
  for (absl::string_view part : absl::StrSplit(pattern, '/')) {
    Segment s;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      s.variable = true;
      absl::string_view inner = part.substr(1, part.size() - 2);
      std::pair<absl::string_view, absl::string_view> name_kind =
          absl::StrSplit(inner, absl::MaxSplits(':', 1));
      s.text = std::string(name_kind.first);
      if (name_kind.second == "month") s.kind = VariableKind::kMonth;
      if (name_kind.second == "token") s.kind = VariableKind::kToken;
    } else {
      s.text = std::string(part);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string Shape(const std::vector<Segment>& segments) {
  std::string out;
  for (const Segment& s : segments) {
    absl::StrAppend(&out, out.empty() ? "" : "/",
                    s.variable ? absl::StrCat("{", s.text, "}") : s.text);
  }
  return out;
}

std::string KindHint(const std::vector<Segment>& segments) {
  std::vector<std::string> parts;
  for (const Segment& s : segments) {
    if (!s.variable) continue;
    switch (s.kind) {
      case VariableKind::kUuid:
        parts.push_back(absl::StrCat("{", s.text, "} is a UUID"));
        break;
      case VariableKind::kMonth:
        parts.push_back(absl::StrCat("{", s.text, "} is a month YYYY-MM"));
        break;
      case VariableKind::kToken:
        parts.push_back(absl::StrCat("{", s.text, "} is an id of letters, digits and ._~-"));
        break;
    }
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

bool IsUuid(absl::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

std::string NormalizeUuid(absl::string_view uuid) { return absl::AsciiStrToLower(uuid); }

absl::Status ValidateUuid(absl::string_view field, absl::string_view value) {
  if (IsUuid(value)) return absl::OkStatus();
  return InvalidField(field, absl::StrCat("must be a UUID such as "
                                          "7c9e6679-7425-40de-944b-e07fc1f90ae7; got \"",
                                          absl::CHexEscape(value.substr(0, 40)), "\""));
}

absl::StatusOr<std::vector<std::string>> ParseName(absl::string_view pattern,
                                                   absl::string_view name,
                                                   absl::string_view field) {
  const std::vector<Segment> segments = Compile(pattern);
  const std::string hint = KindHint(segments);
  const auto fail = [&](absl::string_view problem) {
    return InvalidField(field, absl::StrCat(problem, "; a name looks like ", Shape(segments),
                                            hint.empty() ? "" : absl::StrCat(", where ", hint)));
  };
  if (name.empty()) return fail("must not be empty");
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != segments.size()) {
    return fail(absl::StrCat("\"", absl::CHexEscape(name.substr(0, 120)), "\" has ", parts.size(),
                             " segments instead of ", segments.size()));
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const absl::string_view part = parts[i];
    const std::string shown = absl::CHexEscape(part.substr(0, 64));
    if (!s.variable) {
      if (part != s.text) {
        return fail(
            absl::StrCat("segment ", i + 1, " is \"", shown, "\" instead of \"", s.text, "\""));
      }
      continue;
    }
    switch (s.kind) {
      case VariableKind::kUuid:
        if (!IsUuid(part)) {
          return fail(absl::StrCat("{", s.text, "} \"", shown, "\" is not a UUID"));
        }
        ids.push_back(NormalizeUuid(part));
        break;
      case VariableKind::kMonth:
        if (!ParsePeriodKey(field, part).ok()) {
          return fail(absl::StrCat("{", s.text, "} \"", shown, "\" is not a month YYYY-MM"));
        }
        ids.emplace_back(part);
        break;
      case VariableKind::kToken:
        if (part.empty() || part.size() > kMaxTokenLength ||
            !std::all_of(part.begin(), part.end(), IsTokenChar)) {
          return fail(absl::StrCat("{", s.text, "} \"", shown, "\" is not a valid id"));
        }
        ids.emplace_back(part);
        break;
    }
  }
  return ids;
}

std::string FormatName(absl::string_view pattern, const std::vector<std::string>& ids) {
  std::string out;
  size_t next = 0;
  for (const Segment& s : Compile(pattern)) {
    if (!out.empty()) out.push_back('/');
    if (s.variable) {
      if (next < ids.size()) out += ids[next];
      ++next;
    } else {
      out += s.text;
    }
  }
  return out;
}

absl::StatusOr<size_t> CodePointCount(absl::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    const size_t at = pos;
    if (!DecodeOne(text, &pos).has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("Invalid UTF-8 at byte ", at, "."));
    }
  }
  return count;
}

absl::Status ValidateText(absl::string_view field, absl::string_view value,
                          const TextRules& rules) {
  size_t count = 0;
  for (size_t pos = 0; pos < value.size(); ++count) {
    const size_t at = pos;
    std::optional<uint32_t> cp = DecodeOne(value, &pos);
    if (!cp.has_value()) {
      return InvalidField(field, absl::StrCat("is not valid UTF-8 (at byte ", at, ")"));
    }
    if (IsControl(*cp, rules.multiline)) {
      return InvalidField(field, absl::StrCat("must not contain control characters",
                                              rules.multiline ? " other than tabs and line breaks"
                                                              : " or line breaks",
                                              " (found U+", absl::Hex(*cp, absl::kZeroPad4),
                                              " at character ", count + 1, ")"));
    }
  }
  if (count < rules.min_chars || count > rules.max_chars) {
    if (rules.min_chars > 0 && count == 0) {
      return InvalidField(field, "must not be empty");
    }
    return InvalidField(field, absl::StrCat("must be ", rules.min_chars, " to ", rules.max_chars,
                                            " characters long; got ", count));
  }
  return absl::OkStatus();
}

}  // namespace supportbytime::domain
