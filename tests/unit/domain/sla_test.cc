#include "server/domain/sla.h"

#include "gtest/gtest.h"

namespace supportbytime::domain {
namespace {

absl::Time W(int y, int mo, int d, int h, int mi = 0) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), tz);
}

BusinessCalendar Default() { return *BusinessCalendar::Default(); }

absl::Time Due(absl::Time opened, ResponsePriority p, std::vector<HoldInterval> holds = {},
               const BusinessCalendar& calendar = Default()) {
  absl::StatusOr<SlaDeadline> d = SlaDue(calendar, opened, p, std::move(holds));
  EXPECT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d.ok() && !d->paused);
  return d.ok() ? d->due : absl::InfinitePast();
}

constexpr auto kStandard = ResponsePriority::kStandard;
constexpr auto kStandardPlus = ResponsePriority::kStandardPlus;
constexpr auto kPriority = ResponsePriority::kPriority;

TEST(FirstResponseTargetTest, TargetsOfTheReferencePolicy) {
  EXPECT_EQ(FirstResponseTarget(kStandard), absl::Hours(9));
  EXPECT_EQ(FirstResponseTarget(kStandardPlus), absl::Hours(8));
  EXPECT_EQ(FirstResponseTarget(kPriority), absl::Hours(4));
}

// --- SPEC examples ---

TEST(SlaDueTest, SpecPriorityOpenedFridayAfternoon) {
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority), W(2026, 4, 6, 11));
}

TEST(SlaDueTest, SpecOpenedOnSaturdayStartsMondayMorning) {
  EXPECT_EQ(Due(W(2026, 4, 4, 10), kPriority), W(2026, 4, 6, 13));
}

TEST(SlaDueTest, SpecDstWeekendsCountWallClockBusinessHours) {
  EXPECT_EQ(Due(W(2026, 3, 27, 16), kPriority), W(2026, 3, 30, 11));
  EXPECT_EQ(Due(W(2026, 10, 23, 16), kPriority), W(2026, 10, 26, 11));
  EXPECT_EQ(Due(W(2026, 3, 27, 10), kStandard), W(2026, 3, 30, 10));
}

// --- each priority ---

TEST(SlaDueTest, EachPriorityFromMondayMorning) {
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kStandard), W(2026, 4, 7, 10));  // one business day
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kStandardPlus), W(2026, 4, 6, 18));
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority), W(2026, 4, 6, 14));
  EXPECT_EQ(Due(W(2026, 4, 6, 9), kStandard), W(2026, 4, 6, 18));
}

TEST(SlaDueTest, EachPriorityFromFridayAfternoon) {
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kStandard), W(2026, 4, 6, 16));
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kStandardPlus), W(2026, 4, 6, 15));
}

TEST(SlaDueTest, OpenedOutsideBusinessHours) {
  EXPECT_EQ(Due(W(2026, 4, 7, 22), kPriority), W(2026, 4, 8, 13));
  EXPECT_EQ(Due(W(2026, 4, 7, 3), kStandardPlus), W(2026, 4, 7, 17));
  EXPECT_EQ(Due(W(2026, 4, 5, 23, 59), kStandard), W(2026, 4, 6, 18));  // Sunday night
}

TEST(SlaDueTest, Holiday) {
  BusinessCalendar c = *BusinessCalendar::Parse("Mon-Fri 09:00-18:00; holidays=2026-04-06");
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority, {}, c), W(2026, 4, 7, 11));
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, {}, c), W(2026, 4, 7, 13));  // opened on it
}

// --- holds ---

TEST(SlaDueTest, HoldSpanningAWeekend) {
  // 1 h runs on Friday before the hold; the hold ends Monday 10:00; 3 h more.
  std::vector<HoldInterval> holds = {{W(2026, 4, 3, 17), W(2026, 4, 6, 10)}};
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority, holds), W(2026, 4, 6, 13));
}

TEST(SlaDueTest, HoldOutsideBusinessHoursChangesNothing) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 4, 9), W(2026, 4, 5, 20)}};
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority, holds), W(2026, 4, 6, 11));
}

TEST(SlaDueTest, HoldAfterTheDeadlineChangesNothing) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 12), W(2026, 4, 8, 12)}};
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority, holds), W(2026, 4, 6, 11));
  // Starting exactly at the deadline: the target was already reached.
  holds = {{W(2026, 4, 6, 11), W(2026, 4, 8, 12)}};
  EXPECT_EQ(Due(W(2026, 4, 3, 16), kPriority, holds), W(2026, 4, 6, 11));
}

TEST(SlaDueTest, SeveralHoldsInAnyOrderOverlappingOrNot) {
  // Monday 10:00 + 4 h, with holds 11-12 and 11:30-12:30 (merged: 11-12:30)
  // and 14-15: runs 10-11, 12:30-14, 15-16:30.
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 14), W(2026, 4, 6, 15)},
                                     {W(2026, 4, 6, 11, 30), W(2026, 4, 6, 12, 30)},
                                     {W(2026, 4, 6, 11), W(2026, 4, 6, 12)}};
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 6, 16, 30));
}

TEST(SlaDueTest, HoldThatBeganBeforeOpeningCountsFromOpening) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 8), W(2026, 4, 6, 11)}};
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 6, 15));
  holds = {{W(2026, 4, 1, 8), W(2026, 4, 2, 11)}};  // entirely before
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 6, 14));
}

TEST(SlaDueTest, EmptyHoldsAreIgnored) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 11), W(2026, 4, 6, 11)}};
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 6, 14));
}

TEST(SlaDueTest, OpenHoldPausesTheClock) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 11), absl::InfiniteFuture()}};
  absl::StatusOr<SlaDeadline> d = SlaDue(Default(), W(2026, 4, 6, 10), kPriority, holds);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->paused);
  EXPECT_EQ(d->due, absl::InfiniteFuture());
  EXPECT_EQ(d->remaining, absl::Hours(3));
  // When the hold ends on Tuesday 15:00, the remaining 3 h run until closing.
  holds[0].to = W(2026, 4, 7, 15);
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 7, 18));
}

TEST(SlaDueTest, OpenHoldAfterTheDeadlineDoesNotPause) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 15), absl::InfiniteFuture()}};
  EXPECT_EQ(Due(W(2026, 4, 6, 10), kPriority, holds), W(2026, 4, 6, 14));
}

TEST(SlaDueTest, RefusesMalformedHolds) {
  EXPECT_EQ(
      SlaDue(Default(), W(2026, 4, 6, 10), kPriority, {{W(2026, 4, 6, 12), W(2026, 4, 6, 11)}})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(
      SlaDue(Default(), W(2026, 4, 6, 10), kPriority, {{absl::InfinitePast(), W(2026, 4, 6, 11)}})
          .ok());
}

TEST(SlaTimeUsedTest, ReachesTheTargetExactlyAtTheDeadline) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 3, 17), W(2026, 4, 6, 10)}};
  const absl::Time opened = W(2026, 4, 3, 16);
  const absl::Time due = Due(opened, kPriority, holds);
  EXPECT_EQ(*SlaTimeUsed(Default(), opened, holds, due), absl::Hours(4));
  EXPECT_EQ(*SlaTimeUsed(Default(), opened, holds, W(2026, 4, 6, 9, 30)), absl::Hours(1));
  EXPECT_EQ(*SlaTimeUsed(Default(), opened, holds, W(2026, 4, 6, 11)), absl::Hours(2));
  EXPECT_EQ(*SlaTimeUsed(Default(), opened, {}, opened), absl::ZeroDuration());
}

// --- status ---

TEST(SlaStatusTest, MetBreachedDue) {
  const SlaDeadline d{.paused = false, .due = W(2026, 4, 6, 11)};
  EXPECT_EQ(SlaStatusAt(d, std::nullopt, W(2026, 4, 6, 10)), SlaStatus::kDue);
  EXPECT_EQ(SlaStatusAt(d, std::nullopt, W(2026, 4, 6, 11)), SlaStatus::kDue);
  EXPECT_EQ(SlaStatusAt(d, std::nullopt, W(2026, 4, 6, 11) + absl::Seconds(1)),
            SlaStatus::kBreached);
  EXPECT_EQ(SlaStatusAt(d, W(2026, 4, 6, 11), W(2026, 4, 9, 0)), SlaStatus::kMet);
  EXPECT_EQ(SlaStatusAt(d, W(2026, 4, 6, 11) + absl::Seconds(1), W(2026, 4, 9, 0)),
            SlaStatus::kBreached);
  EXPECT_EQ(SlaStatusAt(d, W(2026, 4, 3, 16, 5), W(2026, 4, 3, 16, 6)), SlaStatus::kMet);
}

TEST(SlaStatusTest, PausedIsDueUntilAnswered) {
  const SlaDeadline paused{.paused = true, .remaining = absl::Hours(3)};
  EXPECT_EQ(SlaStatusAt(paused, std::nullopt, W(2030, 1, 1, 0)), SlaStatus::kDue);
  EXPECT_EQ(SlaStatusAt(paused, W(2026, 4, 6, 12), W(2026, 4, 6, 13)), SlaStatus::kMet);
}

TEST(SlaStatusTest, Names) {
  EXPECT_EQ(SlaStatusName(SlaStatus::kDue), "DUE");
  EXPECT_EQ(SlaStatusName(SlaStatus::kMet), "MET");
  EXPECT_EQ(SlaStatusName(SlaStatus::kBreached), "BREACHED");
}

// --- What a ticket reports ---

TEST(EvaluateTicketSlaTest, DueThenBreachedWithoutResponse) {
  auto due = EvaluateTicketSla(Default(), W(2026, 4, 3, 16), kPriority, {}, std::nullopt,
                               W(2026, 4, 6, 10));
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->due, W(2026, 4, 6, 11));
  EXPECT_EQ(due->status, SlaStatus::kDue);
  EXPECT_FALSE(due->paused);
  EXPECT_EQ(due->held, absl::ZeroDuration());
  auto late = EvaluateTicketSla(Default(), W(2026, 4, 3, 16), kPriority, {}, std::nullopt,
                                W(2026, 4, 6, 11, 1));
  EXPECT_EQ(late->status, SlaStatus::kBreached);
}

TEST(EvaluateTicketSlaTest, MetAndBreachedByTheResponseTime) {
  auto met = EvaluateTicketSla(Default(), W(2026, 4, 6, 9), kPriority, {}, W(2026, 4, 6, 13),
                               W(2026, 4, 9, 9));
  EXPECT_EQ(met->status, SlaStatus::kMet);
  auto breached = EvaluateTicketSla(Default(), W(2026, 4, 6, 9), kPriority, {},
                                    W(2026, 4, 6, 13, 1), W(2026, 4, 6, 13, 1));
  EXPECT_EQ(breached->status, SlaStatus::kBreached);
}

TEST(EvaluateTicketSlaTest, OpenHoldPausesAndAssumesResumingNow) {
  // Opened Mon 10:00 (Priority), on hold from 11:00: 3 h left. Seen Tue 15:00
  // the due time assumes a resume now: 3 h from Tue 15:00 is Tue 18:00.
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 11), absl::InfiniteFuture()}};
  auto sla = EvaluateTicketSla(Default(), W(2026, 4, 6, 10), kPriority, holds, std::nullopt,
                               W(2026, 4, 7, 15));
  ASSERT_TRUE(sla.ok());
  EXPECT_TRUE(sla->paused);
  EXPECT_EQ(sla->status, SlaStatus::kDue);
  EXPECT_EQ(sla->due, W(2026, 4, 7, 18));
  EXPECT_EQ(sla->held, absl::Hours(7 + 6));  // Mon 11-18, Tue 9-15
}

TEST(EvaluateTicketSlaTest, HoldsAfterTheFirstResponseDoNotCount) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 10), W(2026, 4, 6, 11)},
                                     {W(2026, 4, 6, 12), absl::InfiniteFuture()}};
  auto sla = EvaluateTicketSla(Default(), W(2026, 4, 6, 9), kPriority, holds, W(2026, 4, 6, 12),
                               W(2026, 4, 10, 9));
  ASSERT_TRUE(sla.ok());
  EXPECT_FALSE(sla->paused);
  EXPECT_EQ(sla->due, W(2026, 4, 6, 14));
  EXPECT_EQ(sla->held, absl::Hours(1));
  EXPECT_EQ(sla->status, SlaStatus::kMet);
}

TEST(EvaluateTicketSlaTest, ResponseDuringAHoldIsMet) {
  std::vector<HoldInterval> holds = {{W(2026, 4, 6, 10), absl::InfiniteFuture()}};
  auto sla = EvaluateTicketSla(Default(), W(2026, 4, 6, 9), kPriority, holds, W(2026, 4, 8, 9),
                               W(2026, 4, 10, 9));
  ASSERT_TRUE(sla.ok());
  EXPECT_FALSE(sla->paused);
  EXPECT_EQ(sla->status, SlaStatus::kMet);
  EXPECT_EQ(sla->due, W(2026, 4, 8, 12));  // 3 h left from the response
}

}  // namespace
}  // namespace supportbytime::domain
