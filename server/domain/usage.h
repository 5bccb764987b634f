// Usage of a period's allocation: percent, level and alert thresholds
// (R14, R17).
//
// A threshold t (percent) is reached when used / included >= t / 100, decided
// exactly in integers (used * 100 >= t * included), never from a rounded
// percent. The reported percent is floor(100 * used / included): rounding
// down means the bar never shows 100 % while minutes are still left, and
// floor(p) >= t exactly when p >= t for a whole t, so percent, level and
// alerts always agree.
//
// A zero allocation (included = 0) has nothing to use up: it is 0 % and OK
// until the first billed minute, then 100 % and EXCEEDED, and every threshold
// is reached at once.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_USAGE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_USAGE_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

inline constexpr int kMinThresholdPercent = 1;
inline constexpr int kMaxThresholdPercent = 1000;

// {80, 100}: a warning at 80 % and another when the allocation is used up.
std::vector<int> DefaultThresholds();

// Each threshold 1-1000, strictly ascending (sorted, no duplicates). An empty
// list is valid: the period sends no alerts and shows no WARNING level.
// INVALID_FIELD naming `field`.
absl::Status ValidateThresholds(absl::string_view field, const std::vector<int>& thresholds);

bool ThresholdReached(int64_t included, int64_t used, int threshold_percent);

// floor(100 * used / included), exact for all int64 inputs; see above for 0.
int64_t PercentUsed(int64_t included, int64_t used);

enum class UsageLevel { kOk, kWarning, kExceeded };

// EXCEEDED when 100 % is reached; WARNING when the first threshold is
// reached (if it is below 100); OK otherwise.
UsageLevel LevelOf(int64_t included, int64_t used, const std::vector<int>& thresholds);

absl::string_view UsageLevelName(UsageLevel level);  // "OK", "WARNING", "EXCEEDED"

struct Usage {
  int64_t included_minutes = 0;
  int64_t used_minutes = 0;
  int64_t left_minutes = 0;     // max(0, included - used)
  int64_t overage_minutes = 0;  // max(0, used - included)
  int64_t percent_used = 0;
  UsageLevel level = UsageLevel::kOk;

  friend bool operator==(const Usage&, const Usage&) = default;
};

Usage UsageOf(int64_t included, int64_t used, const std::vector<int>& thresholds);

// The thresholds reached by `used_after` but not by `used_before`, ascending:
// one UsageAlert each (storage's unique key on (period, threshold) makes sure
// a threshold crossed again after a correction is not alerted twice).
std::vector<int> CrossedThresholds(int64_t included, int64_t used_before, int64_t used_after,
                                   const std::vector<int>& thresholds);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_USAGE_H_
