#include "server/domain/history.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

absl::StatusOr<absl::CivilMonth> MonthFromDate(absl::string_view field, int year, int month,
                                               int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day != 0) {
    return InvalidField(field,
                        absl::StrCat("must be a month: year 1-9999, month 1-12 and day 0 (e.g. "
                                     "{year: 2026, month: 4}); got ",
                                     year, "-", month, "-", day));
  }
  return absl::CivilMonth(year, month);
}

absl::StatusOr<int> ChartMonthCount(absl::string_view field, int requested) {
  if (requested == 0) return kDefaultChartMonths;
  if (requested < 1 || requested > kMaxChartMonths) {
    return InvalidField(field, absl::StrCat("must be between 1 and ", kMaxChartMonths, " (0 means ",
                                            kDefaultChartMonths, "); got ", requested));
  }
  return requested;
}

absl::StatusOr<absl::CivilMonth> FirstMonthOf(absl::string_view field, absl::CivilMonth last,
                                              int count) {
  const absl::CivilMonth first = last - (count - 1);
  if (first < absl::CivilMonth(1, 1)) {
    return InvalidField(field, absl::StrCat("with ", count,
                                            " months would reach back before year 1; name a "
                                            "later month"));
  }
  return first;
}

std::vector<ChartPoint> UsageChart(absl::CivilMonth end, int count,
                                   const std::vector<ChartPeriod>& periods, absl::CivilMonth start,
                                   const ChartTerms& current, absl::CivilMonth upcoming_from,
                                   const ChartTerms& upcoming) {
  std::vector<ChartPoint> out;
  if (count <= 0) return out;
  out.reserve(count);
  for (absl::CivilMonth m = end - (count - 1); m <= end; ++m) {
    ChartPoint point;
    point.month = m;
    int own = -1, earlier = -1;
    for (int i = 0; i < static_cast<int>(periods.size()); ++i) {
      const absl::CivilMonth pm = periods[i].month;
      if (pm == m) own = i;
      if (pm < m && (earlier < 0 || pm > periods[earlier].month)) earlier = i;
    }
    const ChartTerms* terms = &current;
    if (own >= 0) {
      const ChartPeriod& p = periods[own];
      point.period_index = own;
      point.used_minutes = p.used_minutes;
      point.overage_minutes = p.overage_minutes;
      terms = &p.terms;
    } else if (m >= upcoming_from) {
      terms = &upcoming;
    } else if (earlier >= 0) {
      terms = &periods[earlier].terms;
    }
    // Before the subscription started there was nothing to use up.
    point.included_minutes = own < 0 && m < start ? 0 : terms->included_minutes;
    const Usage usage = UsageOf(point.included_minutes, point.used_minutes, terms->thresholds);
    point.percent_used = usage.percent_used;
    point.level = usage.level;
    out.push_back(point);
  }
  return out;
}

}  // namespace supportbytime::domain
