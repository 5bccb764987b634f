#include "server/domain/history.h"

#include <algorithm>
#include <array>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using M = absl::CivilMonth;

TEST(MonthFromDateTest, AcceptsAMonthWithDayZero) {
  auto m = MonthFromDate("end_month", 2026, 4, 0);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, M(2026, 4));
  EXPECT_EQ(*MonthFromDate("m", 1, 1, 0), M(1, 1));
  EXPECT_EQ(*MonthFromDate("m", 9999, 12, 0), M(9999, 12));
}

TEST(MonthFromDateTest, RefusesDaysBadMonthsAndYears) {
  for (auto [y, m, d] : std::vector<std::array<int, 3>>{
           {2026, 4, 1}, {2026, 13, 0}, {2026, 0, 0}, {0, 4, 0}, {10000, 1, 0}, {2026, -1, 0}}) {
    absl::Status s = MonthFromDate("end_month", y, m, d).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << y << "-" << m << "-" << d;
    EXPECT_EQ(DetailOf(s).reason, "INVALID_FIELD");
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "end_month");
  }
}

TEST(ChartMonthCountTest, ZeroIsTwelveAndTheRangeIsOneToThirtySix) {
  EXPECT_EQ(*ChartMonthCount("month_count", 0), 12);
  EXPECT_EQ(*ChartMonthCount("month_count", 1), 1);
  EXPECT_EQ(*ChartMonthCount("month_count", 36), 36);
  for (int bad : {37, -1, 1000}) {
    absl::Status s = ChartMonthCount("month_count", bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "month_count");
  }
}

TEST(FirstMonthOfTest, StaysWithinYearOne) {
  EXPECT_EQ(*FirstMonthOf("end_month", M(2026, 3), 12), M(2025, 4));
  EXPECT_EQ(*FirstMonthOf("end_month", M(1, 12), 12), M(1, 1));
  absl::Status s = FirstMonthOf("end_month", M(1, 11), 12).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "end_month");
  EXPECT_FALSE(FirstMonthOf("month", M(1, 1), 2).ok());
}

ChartPeriod Period(M month, int64_t included, int64_t used) {
  return ChartPeriod{month, {included, {80, 100}}, used, std::max<int64_t>(0, used - included)};
}

TEST(UsageChartTest, ConsecutiveMonthsOldestFirstWithZeroMonths) {
  const std::vector<ChartPeriod> periods = {Period(M(2026, 3), 240, 270),
                                            Period(M(2026, 1), 240, 100)};
  auto chart = UsageChart(M(2026, 4), 4, periods, M(2025, 1), {600, {80, 100}}, M(2026, 5),
                          {900, {80, 100}});
  ASSERT_EQ(chart.size(), 4u);
  EXPECT_EQ(chart[0].month, M(2026, 1));
  EXPECT_EQ(chart[0].period_index, 1);
  EXPECT_EQ(chart[0].used_minutes, 100);
  EXPECT_EQ(chart[0].percent_used, 41);
  EXPECT_EQ(chart[0].level, UsageLevel::kOk);
  // February: nothing logged; January's snapshot still applied then.
  EXPECT_EQ(chart[1].period_index, -1);
  EXPECT_EQ(chart[1].included_minutes, 240);
  EXPECT_EQ(chart[1].used_minutes, 0);
  EXPECT_EQ(chart[1].level, UsageLevel::kOk);
  EXPECT_EQ(chart[2].period_index, 0);
  EXPECT_EQ(chart[2].overage_minutes, 30);
  EXPECT_EQ(chart[2].percent_used, 112);
  EXPECT_EQ(chart[2].level, UsageLevel::kExceeded);
  EXPECT_EQ(chart[3].month, M(2026, 4));
  EXPECT_EQ(chart[3].included_minutes, 240);  // March's snapshot, not the current 600
}

TEST(UsageChartTest, MonthsBeforeTheStartHaveNoAllocation) {
  auto chart =
      UsageChart(M(2026, 2), 4, {}, M(2026, 1), {240, {80, 100}}, M(2026, 3), {900, {80, 100}});
  ASSERT_EQ(chart.size(), 4u);
  EXPECT_EQ(chart[0].month, M(2025, 11));
  EXPECT_EQ(chart[0].included_minutes, 0);
  EXPECT_EQ(chart[1].included_minutes, 0);
  EXPECT_EQ(chart[2].included_minutes, 240);  // January: the current version
  EXPECT_EQ(chart[3].included_minutes, 240);
  for (const ChartPoint& p : chart) {
    EXPECT_EQ(p.level, UsageLevel::kOk);
    EXPECT_EQ(p.percent_used, 0);
  }
}

TEST(UsageChartTest, APeriodBeforeTheStartStillCountsAndWarnsAtItsThreshold) {
  const std::vector<ChartPeriod> periods = {Period(M(2025, 12), 60, 50)};
  auto chart = UsageChart(M(2026, 1), 2, periods, M(2026, 1), {240, {}}, M(2026, 2), {900, {}});
  ASSERT_EQ(chart.size(), 2u);
  EXPECT_EQ(chart[0].included_minutes, 60);
  EXPECT_EQ(chart[0].percent_used, 83);
  EXPECT_EQ(chart[0].level, UsageLevel::kWarning);
  EXPECT_EQ(chart[1].included_minutes, 60);
}

// The current month and later, before anything is logged, show what their
// period will snapshot (the latest version), as the current usage does;
// earlier empty months keep the snapshot in force then.
TEST(UsageChartTest, CurrentMonthWithoutAPeriodShowsTheUpcomingTerms) {
  const std::vector<ChartPeriod> periods = {Period(M(2026, 1), 240, 100)};
  auto chart = UsageChart(M(2026, 4), 4, periods, M(2025, 1), {240, {80, 100}}, M(2026, 3),
                          {600, {50, 100}});
  ASSERT_EQ(chart.size(), 4u);
  EXPECT_EQ(chart[1].included_minutes, 240);  // February: January's snapshot
  EXPECT_EQ(chart[2].included_minutes, 600);  // March, the current month
  EXPECT_EQ(chart[3].included_minutes, 600);
}

TEST(UsageChartTest, CrossesAYearAndSpansThirtySixMonths) {
  auto chart = UsageChart(M(2026, 1), 36, {}, M(2000, 1), {60, {}}, M(2026, 1), {60, {}});
  ASSERT_EQ(chart.size(), 36u);
  EXPECT_EQ(chart.front().month, M(2023, 2));
  EXPECT_EQ(chart.back().month, M(2026, 1));
}

}  // namespace
}  // namespace supportbytime::domain
