#include "server/domain/usage.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

std::vector<int> DefaultThresholds() { return {80, 100}; }

absl::Status ValidateThresholds(absl::string_view field, const std::vector<int>& thresholds) {
  for (size_t i = 0; i < thresholds.size(); ++i) {
    const int t = thresholds[i];
    if (t < kMinThresholdPercent || t > kMaxThresholdPercent) {
      return InvalidField(
          field, absl::StrCat("each threshold must be between ", kMinThresholdPercent, " and ",
                              kMaxThresholdPercent, " percent; got ", t));
    }
    if (i > 0 && t <= thresholds[i - 1]) {
      return InvalidField(field, absl::StrCat("thresholds must be listed once each in ascending "
                                              "order, e.g. 50,80,100; got ",
                                              thresholds[i - 1], " before ", t));
    }
  }
  return absl::OkStatus();
}

bool ThresholdReached(int64_t included, int64_t used, int threshold_percent) {
  if (included <= 0) return used > 0;
  return absl::int128(used) * 100 >= absl::int128(threshold_percent) * included;
}

int64_t PercentUsed(int64_t included, int64_t used) {
  if (used <= 0) return 0;
  if (included <= 0) return 100;
  const absl::int128 percent = absl::int128(used) * 100 / included;
  return percent > absl::int128(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(percent);
}

UsageLevel LevelOf(int64_t included, int64_t used, const std::vector<int>& thresholds) {
  if (ThresholdReached(included, used, 100)) return UsageLevel::kExceeded;
  if (!thresholds.empty() && ThresholdReached(included, used, thresholds.front())) {
    return UsageLevel::kWarning;
  }
  return UsageLevel::kOk;
}

absl::string_view UsageLevelName(UsageLevel level) {
  switch (level) {
    case UsageLevel::kOk:
      return "OK";
    case UsageLevel::kWarning:
      return "WARNING";
    case UsageLevel::kExceeded:
      return "EXCEEDED";
  }
  return "OK";
}

Usage UsageOf(int64_t included, int64_t used, const std::vector<int>& thresholds) {
  return Usage{.included_minutes = included,
               .used_minutes = used,
               .left_minutes = std::max<int64_t>(0, included - used),
               .overage_minutes = std::max<int64_t>(0, used - included),
               .percent_used = PercentUsed(included, used),
               .level = LevelOf(included, used, thresholds)};
}

std::vector<int> CrossedThresholds(int64_t included, int64_t used_before, int64_t used_after,
                                   const std::vector<int>& thresholds) {
  std::vector<int> out;
  for (int t : thresholds) {
    if (!ThresholdReached(included, used_before, t) && ThresholdReached(included, used_after, t)) {
      out.push_back(t);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace supportbytime::domain
