#include "server/domain/rounding.h"

#include <cstdint>

#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

constexpr auto kUp = RoundingDirection::kUp;
constexpr auto kNearest = RoundingDirection::kNearest;
constexpr auto kDown = RoundingDirection::kDown;

TEST(RoundMinutesTest, SpecExtraSupportEntriesRoundUpToFifteen) {
  EXPECT_EQ(RoundMinutes(7, 15, kUp), 15);
  EXPECT_EQ(RoundMinutes(20, 15, kUp), 30);
  EXPECT_EQ(RoundMinutes(15, 15, kUp), 15);
  EXPECT_EQ(RoundMinutes(42, 15, kUp), 45);
}

TEST(RoundMinutesTest, SpecProfessionalEntriesRoundUpToThirty) {
  EXPECT_EQ(RoundMinutes(200, 30, kUp), 210);
  EXPECT_EQ(RoundMinutes(50, 30, kUp), 60);
}

TEST(RoundMinutesTest, ExactMultiplesStayInEveryDirection) {
  for (auto d : {kUp, kNearest, kDown}) {
    EXPECT_EQ(RoundMinutes(0, 15, d), 0);
    EXPECT_EQ(RoundMinutes(30, 15, d), 30);
    EXPECT_EQ(RoundMinutes(1440, 60, d), 1440);
  }
}

TEST(RoundMinutesTest, NearestWithOddIncrementHasNoTie) {
  EXPECT_EQ(RoundMinutes(7, 15, kNearest), 0);
  EXPECT_EQ(RoundMinutes(8, 15, kNearest), 15);
  EXPECT_EQ(RoundMinutes(22, 15, kNearest), 15);
  EXPECT_EQ(RoundMinutes(23, 15, kNearest), 30);
}

TEST(RoundMinutesTest, NearestTieGoesUp) {
  EXPECT_EQ(RoundMinutes(15, 30, kNearest), 30);
  EXPECT_EQ(RoundMinutes(14, 30, kNearest), 0);
  EXPECT_EQ(RoundMinutes(45, 30, kNearest), 60);
  EXPECT_EQ(RoundMinutes(30, 60, kNearest), 60);
  EXPECT_EQ(RoundMinutes(1, 2, kNearest), 2);
}

TEST(RoundMinutesTest, DownCanBillZero) {
  EXPECT_EQ(RoundMinutes(7, 15, kDown), 0);
  EXPECT_EQ(RoundMinutes(14, 15, kDown), 0);
  EXPECT_EQ(RoundMinutes(29, 15, kDown), 15);
  EXPECT_EQ(RoundMinutes(59, 60, kDown), 0);
}

TEST(RoundMinutesTest, IncrementOneIsIdentity) {
  for (int64_t raw = 0; raw <= 1440; ++raw) {
    for (auto d : {kUp, kNearest, kDown}) EXPECT_EQ(RoundMinutes(raw, 1, d), raw);
  }
}

TEST(RoundMinutesTest, IncrementOfAWholeDay) {
  EXPECT_EQ(RoundMinutes(1, 1440, kUp), 1440);
  EXPECT_EQ(RoundMinutes(1441, 1440, kUp), 2880);
  EXPECT_EQ(RoundMinutes(719, 1440, kNearest), 0);
  EXPECT_EQ(RoundMinutes(720, 1440, kNearest), 1440);
  EXPECT_EQ(RoundMinutes(1439, 1440, kDown), 0);
}

TEST(RoundMinutesTest, ResultIsAMultipleWithinOneIncrementAndMonotonic) {
  for (int64_t inc : {1, 2, 7, 15, 30, 60, 1440}) {
    for (auto d : {kUp, kNearest, kDown}) {
      int64_t previous = 0;
      for (int64_t raw = 0; raw <= 3000; ++raw) {
        const int64_t r = RoundMinutes(raw, inc, d);
        ASSERT_EQ(r % inc, 0);
        ASSERT_LT(r > raw ? r - raw : raw - r, inc);
        if (d == kUp) {
          ASSERT_GE(r, raw);
        }
        if (d == kDown) {
          ASSERT_LE(r, raw);
        }
        ASSERT_GE(r, previous) << "rounding must be monotonic";
        previous = r;
      }
    }
  }
}

TEST(RoundMinutesTest, LargeValuesDoNotOverflow) {
  const int64_t big = int64_t{1} << 62;
  EXPECT_EQ(RoundMinutes(big + 1, 1440, kUp) % 1440, 0);
  EXPECT_GT(RoundMinutes(big + 1, 1440, kUp), big);
}

TEST(RoundMinutesTest, MisuseIsTotal) {
  EXPECT_EQ(RoundMinutes(7, 0, kUp), 7);
  EXPECT_EQ(RoundMinutes(7, -15, kUp), 7);
  EXPECT_EQ(RoundMinutes(-7, 15, kUp), 0);
}

TEST(ValidateIncrementTest, AcceptsOneToADay) {
  EXPECT_TRUE(ValidateIncrement("inc", 1).ok());
  EXPECT_TRUE(ValidateIncrement("inc", 1440).ok());
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{1441}, INT64_MAX}) {
    absl::Status s = ValidateIncrement("package.billing_increment_minutes", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "package.billing_increment_minutes");
  }
}

TEST(NamesTest, MatchTheSpec) {
  EXPECT_EQ(ScopeName(RoundingScope::kEntry), "ENTRY");
  EXPECT_EQ(ScopeName(RoundingScope::kTicket), "TICKET");
  EXPECT_EQ(DirectionName(kUp), "UP");
  EXPECT_EQ(DirectionName(kNearest), "NEAREST");
  EXPECT_EQ(DirectionName(kDown), "DOWN");
}

}  // namespace
}  // namespace supportbytime::domain
