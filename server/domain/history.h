// The history of MONTHLY subscriptions: the months a request names and the
// usage chart's points (SPEC §4 History, R3, R17).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_HISTORY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_HISTORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/usage.h"

namespace supportbytime::domain {

inline constexpr int kDefaultChartMonths = 12;
inline constexpr int kMaxChartMonths = 36;

// A month written as a date with day 0 (google.type.Date): year 1-9999,
// month 1-12. INVALID_FIELD naming `field` otherwise, so that a whole date
// (day != 0) is not silently read as its month.
absl::StatusOr<absl::CivilMonth> MonthFromDate(absl::string_view field, int year, int month,
                                               int day);

// The number of months of a chart: 0 means 12; 1-36 otherwise INVALID_FIELD.
absl::StatusOr<int> ChartMonthCount(absl::string_view field, int requested);

// The first month of `count` months ending with `last`. Months before year
// 1 have no name (google.type.Date year 0 means "no year"), so a run that
// would reach one is INVALID_FIELD naming `field`.
absl::StatusOr<absl::CivilMonth> FirstMonthOf(absl::string_view field, absl::CivilMonth last,
                                              int count);

// The terms that give a chart month its allocation: a period's snapshot, or
// the subscription's current version for months nothing was logged in.
struct ChartTerms {
  int64_t included_minutes = 0;
  std::vector<int> thresholds;
};

// A month that has a period, with its snapshot and totals.
struct ChartPeriod {
  absl::CivilMonth month;
  ChartTerms terms;
  int64_t used_minutes = 0;
  int64_t overage_minutes = 0;
};

struct ChartPoint {
  absl::CivilMonth month;
  int period_index = -1;  // into the periods given to UsageChart; -1: none
  int64_t included_minutes = 0;
  int64_t used_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t percent_used = 0;
  UsageLevel level = UsageLevel::kOk;

  friend bool operator==(const ChartPoint&, const ChartPoint&) = default;
};

// `count` consecutive months ending with `end`, oldest first, without gaps.
// A month with a period shows its snapshot and totals. A month without one
// used nothing; its allocation is what the subscription followed then: 0
// before `start` (the subscription's first month); from `upcoming_from` (the
// current month) on, `upcoming`, the terms its next period will snapshot, as
// the current usage shows them; before that, the snapshot of the nearest
// earlier period (a package update applies only from a period that
// snapshots it, R3), else `current`. `periods` may be in any order and may
// hold months outside the chart (the nearest earlier one is needed).
std::vector<ChartPoint> UsageChart(absl::CivilMonth end, int count,
                                   const std::vector<ChartPeriod>& periods, absl::CivilMonth start,
                                   const ChartTerms& current, absl::CivilMonth upcoming_from,
                                   const ChartTerms& upcoming);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_HISTORY_H_
