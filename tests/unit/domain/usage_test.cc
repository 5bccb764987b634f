#include "server/domain/usage.h"

#include <cstdint>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<int> kDefault = {80, 100};

TEST(ThresholdsTest, DefaultIsEightyAndHundred) {
  EXPECT_THAT(DefaultThresholds(), ElementsAre(80, 100));
}

TEST(ThresholdsTest, ValidLists) {
  EXPECT_TRUE(ValidateThresholds("t", {80, 100}).ok());
  EXPECT_TRUE(ValidateThresholds("t", {}).ok());
  EXPECT_TRUE(ValidateThresholds("t", {1, 50, 1000}).ok());
  EXPECT_TRUE(ValidateThresholds("t", {150}).ok());
}

TEST(ThresholdsTest, RefusesOutOfRangeUnsortedAndDuplicates) {
  for (const std::vector<int>& bad :
       std::vector<std::vector<int>>{{0}, {-5}, {1001}, {80, 1001}, {100, 80}, {80, 80}}) {
    absl::Status s = ValidateThresholds("package.notify_thresholds_percent", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "package.notify_thresholds_percent");
  }
}

TEST(PercentUsedTest, RoundsDown) {
  EXPECT_EQ(PercentUsed(60, 0), 0);
  EXPECT_EQ(PercentUsed(60, 45), 75);
  EXPECT_EQ(PercentUsed(60, 47), 78);  // 78.3
  EXPECT_EQ(PercentUsed(60, 59), 98);  // 98.3: never 100 while a minute is left
  EXPECT_EQ(PercentUsed(60, 60), 100);
  EXPECT_EQ(PercentUsed(240, 270), 112);  // 112.5
  EXPECT_EQ(PercentUsed(7, 6), 85);
}

TEST(PercentUsedTest, ZeroAllocation) {
  EXPECT_EQ(PercentUsed(0, 0), 0);
  EXPECT_EQ(PercentUsed(0, 15), 100);
}

TEST(PercentUsedTest, NoOverflow) {
  EXPECT_EQ(PercentUsed(INT64_MAX, INT64_MAX), 100);
  EXPECT_EQ(PercentUsed(INT64_MAX, INT64_MAX / 2), 49);
  EXPECT_EQ(PercentUsed(1, INT64_MAX), INT64_MAX);
}

TEST(ThresholdReachedTest, ExactComparisonNotRoundedPercent) {
  // 80 % of 7 minutes is 5.6: 5 is not enough, 6 is.
  EXPECT_FALSE(ThresholdReached(7, 5, 80));
  EXPECT_TRUE(ThresholdReached(7, 6, 80));
  EXPECT_TRUE(ThresholdReached(60, 48, 80));
  EXPECT_FALSE(ThresholdReached(60, 47, 80));
  EXPECT_FALSE(ThresholdReached(INT64_MAX, INT64_MAX, 1000));
  EXPECT_TRUE(ThresholdReached(INT64_MAX, INT64_MAX, 100));
}

TEST(LevelTest, ExtraSupportProgressBar) {
  EXPECT_EQ(LevelOf(60, 0, kDefault), UsageLevel::kOk);
  EXPECT_EQ(LevelOf(60, 47, kDefault), UsageLevel::kOk);
  EXPECT_EQ(LevelOf(60, 48, kDefault), UsageLevel::kWarning);
  EXPECT_EQ(LevelOf(60, 59, kDefault), UsageLevel::kWarning);
  EXPECT_EQ(LevelOf(60, 60, kDefault), UsageLevel::kExceeded);
  EXPECT_EQ(LevelOf(240, 270, kDefault), UsageLevel::kExceeded);
}

TEST(LevelTest, FirstThresholdStartsTheWarning) {
  EXPECT_EQ(LevelOf(60, 30, {50, 80, 100}), UsageLevel::kWarning);
  EXPECT_EQ(LevelOf(60, 29, {50, 80, 100}), UsageLevel::kOk);
}

TEST(LevelTest, ExceededAtHundredWhateverTheThresholds) {
  EXPECT_EQ(LevelOf(60, 60, {}), UsageLevel::kExceeded);
  EXPECT_EQ(LevelOf(60, 59, {}), UsageLevel::kOk);
  EXPECT_EQ(LevelOf(60, 60, {150}), UsageLevel::kExceeded);
  EXPECT_EQ(LevelOf(60, 59, {150}), UsageLevel::kOk);
}

TEST(LevelTest, ZeroAllocation) {
  EXPECT_EQ(LevelOf(0, 0, kDefault), UsageLevel::kOk);
  EXPECT_EQ(LevelOf(0, 1, kDefault), UsageLevel::kExceeded);
}

TEST(UsageOfTest, SpecProfessionalExample) {
  EXPECT_EQ(UsageOf(240, 270, kDefault), (Usage{240, 270, 0, 30, 112, UsageLevel::kExceeded}));
  EXPECT_EQ(UsageOf(60, 60, kDefault), (Usage{60, 60, 0, 0, 100, UsageLevel::kExceeded}));
  EXPECT_EQ(UsageOf(60, 15, kDefault), (Usage{60, 15, 45, 0, 25, UsageLevel::kOk}));
}

TEST(UsageLevelNameTest, Names) {
  EXPECT_EQ(UsageLevelName(UsageLevel::kOk), "OK");
  EXPECT_EQ(UsageLevelName(UsageLevel::kWarning), "WARNING");
  EXPECT_EQ(UsageLevelName(UsageLevel::kExceeded), "EXCEEDED");
}

TEST(CrossedThresholdsTest, OneAlertPerThresholdNewlyReached) {
  EXPECT_THAT(CrossedThresholds(60, 45, 48, kDefault), ElementsAre(80));
  EXPECT_THAT(CrossedThresholds(60, 48, 59, kDefault), IsEmpty());
  EXPECT_THAT(CrossedThresholds(60, 59, 60, kDefault), ElementsAre(100));
  EXPECT_THAT(CrossedThresholds(60, 30, 75, kDefault), ElementsAre(80, 100));
  EXPECT_THAT(CrossedThresholds(240, 210, 270, {80, 100, 150}), ElementsAre(100));
}

TEST(CrossedThresholdsTest, NothingOnTheWayDown) {
  EXPECT_THAT(CrossedThresholds(60, 60, 30, kDefault), IsEmpty());
  EXPECT_THAT(CrossedThresholds(60, 60, 60, kDefault), IsEmpty());
}

TEST(CrossedThresholdsTest, ZeroAllocationReachesAllAtTheFirstMinute) {
  EXPECT_THAT(CrossedThresholds(0, 0, 15, kDefault), ElementsAre(80, 100));
  EXPECT_THAT(CrossedThresholds(0, 15, 30, kDefault), IsEmpty());
  EXPECT_THAT(CrossedThresholds(0, 0, 0, kDefault), IsEmpty());
}

}  // namespace
}  // namespace supportbytime::domain
