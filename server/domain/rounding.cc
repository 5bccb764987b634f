#include "server/domain/rounding.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

absl::Status ValidateIncrement(absl::string_view field, int64_t increment) {
  if (increment >= kMinIncrementMinutes && increment <= kMaxIncrementMinutes) {
    return absl::OkStatus();
  }
  return InvalidField(field, absl::StrCat("must be between ", kMinIncrementMinutes, " and ",
                                          kMaxIncrementMinutes, " minutes; got ", increment));
}

int64_t RoundMinutes(int64_t raw, int64_t increment, RoundingDirection direction) {
  if (increment < 1) increment = 1;
  if (raw < 0) raw = 0;
  const int64_t down = raw - raw % increment;
  const int64_t remainder = raw - down;
  if (remainder == 0) return raw;
  switch (direction) {
    case RoundingDirection::kUp:
      return down + increment;
    case RoundingDirection::kNearest:
      // remainder >= increment / 2 without the truncation of odd increments.
      return remainder >= increment - remainder ? down + increment : down;
    case RoundingDirection::kDown:
      return down;
  }
  return down + increment;  // unreachable: every direction is handled above
}

absl::string_view ScopeName(RoundingScope scope) {
  switch (scope) {
    case RoundingScope::kEntry:
      return "ENTRY";
    case RoundingScope::kTicket:
      return "TICKET";
  }
  return "ENTRY";
}

absl::string_view DirectionName(RoundingDirection direction) {
  switch (direction) {
    case RoundingDirection::kUp:
      return "UP";
    case RoundingDirection::kNearest:
      return "NEAREST";
    case RoundingDirection::kDown:
      return "DOWN";
  }
  return "UP";
}

}  // namespace supportbytime::domain
