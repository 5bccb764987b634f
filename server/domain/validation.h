// Shape checks shared by every RPC: resource names, UUIDs and text.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

// A UUID in canonical lower-case 8-4-4-4-12 hex form.
bool IsUuid(absl::string_view s);

// Matches `name` against a pattern such as
// "clients/{client}/tickets/{ticket}" and returns the variable segments in
// order. Each variable must be a UUID unless listed in `free_vars` (e.g.
// "version", or "period" for "2026-04"); those must be 1-64 characters of
// [A-Za-z0-9_-]. INVALID_FIELD naming `field` otherwise.
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view pattern, absl::string_view name, absl::string_view field = "name",
    const std::vector<std::string>& free_vars = {});

// Valid UTF-8 of `min`-`max` code points without control characters
// (newlines and tabs allowed when `multiline`).
bool ValidText(absl::string_view s, int min, int max, bool multiline = false);

// A display name: 1-200 code points on one line.
inline bool ValidDisplayName(absl::string_view s) { return ValidText(s, 1, 200); }

// Number of code points of valid UTF-8; -1 when `s` is not valid UTF-8.
int Utf8Length(absl::string_view s);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_VALIDATION_H_
