// Rounding raw minutes to a package's billing increment (R4).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_ROUNDING_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_ROUNDING_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

// What is rounded: each entry on its own, or the running sum of a ticket's
// entries within one period.
enum class RoundingScope { kEntry, kTicket };

// Which way: up to the next increment, to the nearest one (an exact half goes
// up), or down (which can bill 0 minutes for work shorter than an increment).
enum class RoundingDirection { kUp, kNearest, kDown };

inline constexpr int64_t kMinIncrementMinutes = 1;
inline constexpr int64_t kMaxIncrementMinutes = 1440;

// OK for 1-1440 minutes; INVALID_FIELD naming `field` otherwise.
absl::Status ValidateIncrement(absl::string_view field, int64_t increment);

// Rounds `raw` minutes to a multiple of `increment`: UP 7 -> 15, NEAREST
// 7 -> 0 and 8 -> 15 (with 15), 15 -> 30 (with 30: a tie goes up), DOWN
// 29 -> 15. Callers pass a validated increment and 0 <= raw <= 2^62; as a
// guard against misuse an increment below 1 counts as 1 and a negative raw as
// 0, so the function is total and never divides by zero.
int64_t RoundMinutes(int64_t raw, int64_t increment, RoundingDirection direction);

absl::string_view ScopeName(RoundingScope scope);              // "ENTRY", "TICKET"
absl::string_view DirectionName(RoundingDirection direction);  // "UP", "NEAREST", "DOWN"

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_ROUNDING_H_
