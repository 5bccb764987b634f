// Small input checks shared by the api layer: UUIDs, resource names and text
// fields. Every refusal is INVALID_ARGUMENT/INVALID_FIELD naming the field,
// so a caller can fix all of a request's fields at once (see Violations).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

// 8-4-4-4-12 hexadecimal digits, e.g. "7c9e6679-7425-40de-944b-e07fc1f90ae7",
// in either case (PostgreSQL's uuid type accepts both). Braces, URNs and the
// unhyphenated form are refused: ids appear in resource names, where one
// spelling per resource keeps names comparable.
bool IsUuid(absl::string_view text);

// The canonical (lower-case) spelling of a UUID.
std::string NormalizeUuid(absl::string_view uuid);

absl::Status ValidateUuid(absl::string_view field, absl::string_view value);

// Parses a resource name against a pattern such as
// "clients/{client}/tickets/{ticket}" and returns the variables' values in
// order. A variable is a UUID by default (returned lower-case); "{name:month}"
// takes a period key YYYY-MM and "{name:token}" any 1-63 characters of
// [A-Za-z0-9._~-]. Literal segments must match exactly. Errors name `field`
// and say which segment is wrong and what the name should look like.
absl::StatusOr<std::vector<std::string>> ParseName(absl::string_view pattern,
                                                   absl::string_view name,
                                                   absl::string_view field = "name");

// The inverse: fills the pattern's variables with `ids` in order. Extra ids
// are ignored and missing ones left empty; callers pass exactly one per
// variable.
std::string FormatName(absl::string_view pattern, const std::vector<std::string>& ids);

// The number of Unicode code points of a UTF-8 string; INVALID_ARGUMENT for
// invalid UTF-8 (stray or missing continuation bytes, overlong forms,
// surrogates, code points above U+10FFFF).
absl::StatusOr<size_t> CodePointCount(absl::string_view text);

struct TextRules {
  size_t min_chars = 0;  // code points
  size_t max_chars = 0;
  // Notes may hold tabs and line breaks; names and titles hold one line.
  bool multiline = false;
};

// Valid UTF-8, min_chars <= code points <= max_chars, and no control
// characters (C0, DEL, C1) except tab, LF and CR when multiline. NUL is
// always refused: PostgreSQL text cannot store it.
absl::Status ValidateText(absl::string_view field, absl::string_view value, const TextRules& rules);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_
