#include "server/domain/clock.h"

#include <thread>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace supportbytime::domain {
namespace {

TEST(FakeClockTest, StartsAtTheGivenInstantAndOnlyMovesWhenTold) {
  const absl::Time start = absl::FromUnixSeconds(1'775'000'000);
  FakeClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(absl::Seconds(61));
  EXPECT_EQ(clock.Now(), start + absl::Seconds(61));
  clock.Set(absl::UnixEpoch());
  EXPECT_EQ(clock.Now(), absl::UnixEpoch());
}

TEST(FakeClockTest, DefaultsToTheUnixEpoch) { EXPECT_EQ(FakeClock().Now(), absl::UnixEpoch()); }

TEST(FakeClockTest, AdvancesConsistentlyFromManyThreads) {
  FakeClock clock;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&clock] {
      for (int j = 0; j < 1000; ++j) {
        clock.Advance(absl::Seconds(1));
        (void)clock.Now();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Seconds(4000));
}

TEST(SystemClockTest, FollowsTheWallClock) {
  const absl::Time before = absl::Now();
  const absl::Time now = SystemClock::Instance().Now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, absl::Now());
}

TEST(SystemClockTest, IsUsableThroughTheInterface) {
  SystemClock clock;
  const Clock& as_interface = clock;
  EXPECT_GT(as_interface.Now(), absl::FromCivil(absl::CivilDay(2024, 1, 1), absl::UTCTimeZone()));
}

}  // namespace
}  // namespace supportbytime::domain
