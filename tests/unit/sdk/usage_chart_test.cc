#include "sdk/cli/usage_chart.h"

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supportbytime::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGreen[] = "\033[32m";
constexpr char kAmber[] = "\033[33m";
constexpr char kRed[] = "\033[31m";
constexpr char kReset[] = "\033[0m";

ChartStyle Plain(int width = 10) { return {.color = false, .width = width}; }
ChartStyle Color(int width = 10) { return {.color = true, .width = width}; }

v1::UsageChartMonth* AddMonth(v1::UsageChart& chart, int year, int month, int included, int used,
                              v1::UsageLevel level) {
  auto* m = chart.add_months();
  m->mutable_month()->set_year(year);
  m->mutable_month()->set_month(month);
  m->set_included_minutes(included);
  m->set_used_minutes(used);
  m->set_overage_minutes(std::max(0, used - included));
  m->set_percent_used(included > 0 ? used * 100 / included : (used > 0 ? 100 : 0));
  m->set_level(level);
  return m;
}

TEST(UsageChartTest, ColourOnlyOnATerminalWithoutNoColor) {
  EXPECT_TRUE(WantColor(true, nullptr));
  EXPECT_TRUE(WantColor(true, ""));  // no-color.org: set *and not empty*
  EXPECT_FALSE(WantColor(true, "1"));
  EXPECT_FALSE(WantColor(false, nullptr));
}

TEST(UsageChartTest, HoursAndMinutes) {
  EXPECT_EQ(HoursMinutesText(0), "0 h 0 min");
  EXPECT_EQ(HoursMinutesText(90), "1 h 30 min");
  EXPECT_EQ(HoursMinutesText(240), "4 h 0 min");
  EXPECT_EQ(LevelName(v1::USAGE_LEVEL_EXCEEDED), "EXCEEDED");
}

TEST(UsageChartTest, BarCellsAreProportionalToTheScale) {
  // 120 of 240 on a scale of 240: half the cells used, the mark at the end.
  EXPECT_EQ(RenderBar(120, 240, 240, v1::USAGE_LEVEL_OK, Plain()), "#####.....|");
  // Nothing used yet.
  EXPECT_EQ(RenderBar(0, 240, 240, v1::USAGE_LEVEL_OK, Plain()), "..........|");
  // 360 of 240: the scale is the use, the mark at 2/3, the overage after it.
  EXPECT_EQ(RenderBar(360, 240, 360, v1::USAGE_LEVEL_EXCEEDED, Plain()), "#######|!!!");
  // A smaller allocation on a chart's larger scale.
  EXPECT_EQ(RenderBar(30, 60, 240, v1::USAGE_LEVEL_WARNING, Plain(8)), "#.|      ");
  // A minute still shows one cell.
  EXPECT_EQ(RenderBar(1, 240, 240, v1::USAGE_LEVEL_OK, Plain()), "#.........|");
}

TEST(UsageChartTest, AllocationZero) {
  // Before the subscription started: no allocation, no mark, nothing used.
  EXPECT_EQ(RenderBar(0, 0, 240, v1::USAGE_LEVEL_OK, Plain(4)), "     ");
  // Nothing at all on the scale either.
  EXPECT_EQ(RenderBar(0, 0, 0, v1::USAGE_LEVEL_OK, Plain(4)), "     ");
  // Used without an allocation: all of it is overage.
  EXPECT_EQ(RenderBar(60, 0, 60, v1::USAGE_LEVEL_EXCEEDED, Plain(4)), " !!!!");
}

TEST(UsageChartTest, UsedCellsColouredByLevel) {
  EXPECT_EQ(RenderBar(120, 240, 240, v1::USAGE_LEVEL_OK, Color()),
            std::string(kGreen) + "#####" + kReset + ".....|");
  EXPECT_EQ(RenderBar(200, 240, 240, v1::USAGE_LEVEL_WARNING, Color()),
            std::string(kAmber) + "########" + kReset + "..|");
  // The allocation mark inside an exceeded bar stays uncoloured.
  EXPECT_EQ(RenderBar(360, 240, 360, v1::USAGE_LEVEL_EXCEEDED, Color()),
            std::string(kRed) + "#######" + kReset + "|" + kRed + "!!!" + kReset);
  // Nothing used: no colour codes at all.
  EXPECT_EQ(RenderBar(0, 240, 240, v1::USAGE_LEVEL_OK, Color()), "..........|");
}

TEST(UsageChartTest, UsageBarShowsPercentAndLevel) {
  v1::Usage u;
  u.set_included_minutes(240);
  u.set_used_minutes(210);
  u.set_percent_used(87);
  u.set_level(v1::USAGE_LEVEL_WARNING);
  EXPECT_EQ(RenderUsageBar(u, Plain()), "[#########.|] 87 % WARNING");
  EXPECT_EQ(RenderUsageBar(u, Color()), std::string("[") + kAmber + "#########" + kReset +
                                            ".|] 87 % " + kAmber + "WARNING" + kReset);
}

TEST(UsageChartTest, ChartRowsShareOneScale) {
  v1::UsageChart chart;
  AddMonth(chart, 2026, 1, 0, 0, v1::USAGE_LEVEL_OK);  // before the subscription
  AddMonth(chart, 2026, 2, 240, 0, v1::USAGE_LEVEL_OK);
  AddMonth(chart, 2026, 3, 240, 120, v1::USAGE_LEVEL_OK);
  AddMonth(chart, 2026, 4, 240, 480, v1::USAGE_LEVEL_EXCEEDED);
  const std::string out = RenderUsageChart(chart, Plain());
  std::vector<std::string> rows = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 4u);
  // Scale 480 (April's use): 240 is half the width.
  EXPECT_EQ(rows[0].substr(0, 21), "2026-01 [           ]");
  EXPECT_EQ(rows[1].substr(0, 21), "2026-02 [.....|     ]");
  EXPECT_EQ(rows[2].substr(0, 21), "2026-03 [###..|     ]");
  EXPECT_EQ(rows[3].substr(0, 21), "2026-04 [#####|!!!!!]");
  EXPECT_THAT(rows[0], HasSubstr("0 h 0 min / 0 h 0 min"));
  EXPECT_THAT(rows[2], HasSubstr("2 h 0 min / 4 h 0 min"));
  EXPECT_THAT(rows[2], HasSubstr("50 % OK"));
  EXPECT_THAT(rows[3], HasSubstr("200 % EXCEEDED +240 min over"));
  EXPECT_THAT(rows[2], Not(HasSubstr("over")));
  EXPECT_THAT(out, Not(HasSubstr("\033[")));
}

TEST(UsageChartTest, ColouredChartMarksEachMonthsLevel) {
  v1::UsageChart chart;
  AddMonth(chart, 2026, 3, 240, 120, v1::USAGE_LEVEL_OK);
  AddMonth(chart, 2026, 4, 240, 200, v1::USAGE_LEVEL_WARNING);
  AddMonth(chart, 2026, 5, 240, 300, v1::USAGE_LEVEL_EXCEEDED);
  std::vector<std::string> rows =
      absl::StrSplit(RenderUsageChart(chart, Color()), '\n', absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0], HasSubstr(std::string(kGreen) + "OK" + kReset));
  EXPECT_THAT(rows[1], HasSubstr(std::string(kAmber) + "WARNING" + kReset));
  EXPECT_THAT(rows[2], HasSubstr(std::string(kRed) + "EXCEEDED" + kReset));
  EXPECT_THAT(rows[1], Not(HasSubstr(kRed)));
}

TEST(UsageChartTest, EmptyChartIsEmpty) {
  EXPECT_EQ(RenderUsageChart(v1::UsageChart(), Plain()), "");
}

}  // namespace
}  // namespace supportbytime::cli
