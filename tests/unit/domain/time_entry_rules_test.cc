#include "server/domain/time_entry_rules.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/account.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

PoolTerms Professional() {
  return PoolTerms{240, 30, RoundingScope::kEntry, RoundingDirection::kUp};
}
PoolTerms Bucket60() { return PoolTerms{60, 15, RoundingScope::kEntry, RoundingDirection::kUp}; }

ChangeOutcome Evaluate(const PoolTerms& terms, const std::vector<PoolEntry>& entries,
                       const EntryChange& change) {
  absl::StatusOr<ChangeOutcome> o = EvaluateChange(terms, entries, change);
  EXPECT_TRUE(o.ok()) << o.status();
  return o.ok() ? *o : ChangeOutcome{};
}

void ExpectRefused(const absl::Status& s, absl::string_view reason) {
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(DetailOf(s).reason, reason) << s;
}

// --- R1 minutes and timers ---

TEST(ValidateEntryMinutesTest, WholeMinutesFromOneToADay) {
  EXPECT_TRUE(ValidateEntryMinutes("minutes", 1).ok());
  EXPECT_TRUE(ValidateEntryMinutes("minutes", 1440).ok());
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{1441}, INT64_MIN, INT64_MAX}) {
    absl::Status s = ValidateEntryMinutes("time_entry.minutes", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "time_entry.minutes");
  }
  EXPECT_THAT(ValidateEntryMinutes("m", 1441).message(), HasSubstr("several entries"));
}

TEST(TimerMinutesTest, SpecExamplesRoundUp) {
  EXPECT_EQ(TimerMinutes(absl::Seconds(61)), 2);
  EXPECT_EQ(TimerMinutes(absl::Milliseconds(300)), 1);
}

TEST(TimerMinutesTest, ExactMinutesAreNotRoundedFurther) {
  EXPECT_EQ(TimerMinutes(absl::Seconds(60)), 1);
  EXPECT_EQ(TimerMinutes(absl::Seconds(120)), 2);
  EXPECT_EQ(TimerMinutes(absl::Hours(24)), 1440);
}

TEST(TimerMinutesTest, AnyFractionOfAMinuteCounts) {
  EXPECT_EQ(TimerMinutes(absl::Seconds(60) + absl::Nanoseconds(1)), 2);
  EXPECT_EQ(TimerMinutes(absl::Seconds(59) + absl::Milliseconds(999)), 1);
  EXPECT_EQ(TimerMinutes(absl::Nanoseconds(1)), 1);
}

TEST(TimerMinutesTest, NoTimeOrClockSkewGivesOneMinute) {
  EXPECT_EQ(TimerMinutes(absl::ZeroDuration()), 1);
  EXPECT_EQ(TimerMinutes(absl::Seconds(-3)), 1);
}

TEST(TimerMinutesTest, ADayAndASecondIsTooLongForOneEntry) {
  const int64_t minutes = TimerMinutes(absl::Hours(24) + absl::Seconds(1));
  EXPECT_EQ(minutes, 1441);
  EXPECT_FALSE(ValidateEntryMinutes("minutes", minutes).ok());
}

// --- worked_at ---

TEST(ValidateWorkedAtTest, PastAndNowAreFine) {
  const absl::Time now = absl::FromUnixSeconds(1'775'000'000);
  EXPECT_TRUE(ValidateWorkedAt("worked_at", now, now).ok());
  EXPECT_TRUE(ValidateWorkedAt("worked_at", now - absl::Hours(24 * 400), now).ok());
}

TEST(ValidateWorkedAtTest, SmallSkewIsAllowedTheFutureIsNot) {
  const absl::Time now = absl::FromUnixSeconds(1'775'000'000);
  EXPECT_TRUE(ValidateWorkedAt("worked_at", now + absl::Minutes(5), now).ok());
  absl::Status s =
      ValidateWorkedAt("time_entry.worked_at", now + absl::Minutes(5) + absl::Seconds(1), now);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "time_entry.worked_at");
  EXPECT_THAT(s.message(), HasSubstr("future"));
  EXPECT_FALSE(ValidateWorkedAt("w", now + absl::Seconds(1), now, absl::ZeroDuration()).ok());
}

TEST(ValidateWorkedAtTest, InfiniteInstantsAreRefused) {
  const absl::Time now = absl::FromUnixSeconds(1'775'000'000);
  EXPECT_FALSE(ValidateWorkedAt("w", absl::InfinitePast(), now).ok());
  EXPECT_FALSE(ValidateWorkedAt("w", absl::InfiniteFuture(), now).ok());
}

// --- R9 locks ---

TEST(LocksTest, ClosedPeriod) {
  EXPECT_TRUE(CheckPeriodOpen(PeriodState::kOpen).ok());
  ExpectRefused(CheckPeriodOpen(PeriodState::kClosed), "PERIOD_CLOSED");
}

TEST(LocksTest, ClosedTicketTakesNoEntriesOnHoldDoes) {
  EXPECT_TRUE(CheckTicketTakesEntries(TicketStatus::kOpen).ok());
  EXPECT_TRUE(CheckTicketTakesEntries(TicketStatus::kOnHold).ok());
  ExpectRefused(CheckTicketTakesEntries(TicketStatus::kClosed), "TICKET_CLOSED");
}

TEST(LocksTest, OnlyActiveSubscriptionsTakeEntries) {
  EXPECT_TRUE(CheckSubscriptionTakesEntries(SubscriptionStatus::kActive).ok());
  for (auto status : {SubscriptionStatus::kPending, SubscriptionStatus::kSuspended,
                      SubscriptionStatus::kTerminated}) {
    absl::Status s = CheckSubscriptionTakesEntries(status);
    ExpectRefused(s, "SUBSCRIPTION_NOT_ACTIVE");
    EXPECT_THAT(DetailOf(s).metadata,
                UnorderedElementsAre(Pair("state", std::string(SubscriptionStatusName(status)))));
  }
  EXPECT_EQ(
      DetailOf(CheckSubscriptionTakesEntries(SubscriptionStatus::kSuspended)).metadata.at("state"),
      "SUSPENDED");
}

TEST(LocksTest, DepletedSubscriptionSaysTheBucketIsExhausted) {
  absl::Status s = CheckSubscriptionTakesEntries(SubscriptionStatus::kDepleted);
  ExpectRefused(s, "BUCKET_EXHAUSTED");
  EXPECT_THAT(DetailOf(s).metadata, UnorderedElementsAre(Pair("minutes_left", "0")));
}

TEST(LocksTest, BilledTicketCannotBeReopened) {
  EXPECT_TRUE(CheckTicketReopenable(false).ok());
  ExpectRefused(CheckTicketReopenable(true), "TICKET_BILLED");
}

// --- R7 one-time bucket ---

TEST(BucketTest, EntryThatWouldOverflowIsRefusedWithMinutesLeft) {
  // 45 of 60 used; a 20 minute entry bills 30 > 15 left.
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 45}}, EntryChange::Create({"e2", "t", 20}));
  absl::Status s = CheckBucket(BillingCycle::kOneTime, o.before, o.after);
  ExpectRefused(s, "BUCKET_EXHAUSTED");
  EXPECT_THAT(DetailOf(s).metadata, UnorderedElementsAre(Pair("minutes_left", "15")));
  EXPECT_THAT(s.message(), HasSubstr("15 minutes left"));
}

TEST(BucketTest, EntryThatExactlyFillsTheBucketPasses) {
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 45}}, EntryChange::Create({"e2", "t", 15}));
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, o.before, o.after).ok());
  EXPECT_EQ(o.after.left_minutes, 0);
}

TEST(BucketTest, FullBucketRefusesEvenOneMinute) {
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 60}}, EntryChange::Create({"e2", "t", 1}));
  absl::Status s = CheckBucket(BillingCycle::kOneTime, o.before, o.after);
  ExpectRefused(s, "BUCKET_EXHAUSTED");
  EXPECT_EQ(DetailOf(s).metadata.at("minutes_left"), "0");
}

TEST(BucketTest, ZeroMinuteBucketRefusesEverything) {
  PoolTerms empty{0, 15, RoundingScope::kEntry, RoundingDirection::kUp};
  ChangeOutcome o = Evaluate(empty, {}, EntryChange::Create({"e1", "t", 1}));
  ExpectRefused(CheckBucket(BillingCycle::kOneTime, o.before, o.after), "BUCKET_EXHAUSTED");
}

TEST(BucketTest, EditThatGrowsPastTheBucketIsRefused) {
  ChangeOutcome o =
      Evaluate(Bucket60(), {{"e1", "t", 30}, {"e2", "t", 15}}, EntryChange::Edit("e1", 50));
  ExpectRefused(CheckBucket(BillingCycle::kOneTime, o.before, o.after), "BUCKET_EXHAUSTED");
}

TEST(BucketTest, CorrectionsThatLowerUsageAlwaysPass) {
  ChangeOutcome shrink = Evaluate(Bucket60(), {{"e1", "t", 60}}, EntryChange::Edit("e1", 10));
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, shrink.before, shrink.after).ok());
  ChangeOutcome del = Evaluate(Bucket60(), {{"e1", "t", 60}}, EntryChange::Delete("e1"));
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, del.before, del.after).ok());
}

TEST(BucketTest, OverfullBucketStillTakesCorrections) {
  // A bucket can be over its allocation when the period was re-snapshotted
  // onto smaller terms. Lowering usage must pass even though it stays over.
  std::vector<PoolEntry> entries = {{"e1", "t", 60}, {"e2", "t", 30}};
  ChangeOutcome shrink = Evaluate(Bucket60(), entries, EntryChange::Edit("e2", 15));
  ASSERT_GT(shrink.after.used_minutes, 60);
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, shrink.before, shrink.after).ok());
  ChangeOutcome same = Evaluate(Bucket60(), entries, EntryChange::Edit("e2", 29));
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, same.before, same.after).ok());
  ChangeOutcome grow = Evaluate(Bucket60(), entries, EntryChange::Edit("e2", 31));
  ExpectRefused(CheckBucket(BillingCycle::kOneTime, grow.before, grow.after), "BUCKET_EXHAUSTED");
}

TEST(BucketTest, DownRoundingToZeroFitsAFullBucket) {
  PoolTerms down{60, 15, RoundingScope::kEntry, RoundingDirection::kDown};
  ChangeOutcome o = Evaluate(down, {{"e1", "t", 60}}, EntryChange::Create({"e2", "t", 7}));
  EXPECT_TRUE(CheckBucket(BillingCycle::kOneTime, o.before, o.after).ok());
}

TEST(BucketTest, MonthlyPeriodsHaveOverageInstead) {
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 60}}, EntryChange::Create({"e2", "t", 30}));
  EXPECT_TRUE(CheckBucket(BillingCycle::kMonthly, o.before, o.after).ok());
}

TEST(StatusAfterChangeTest, OneTimeBucketDepletesAndRecovers) {
  ChangeOutcome full =
      Evaluate(Bucket60(), {{"e1", "t", 45}}, EntryChange::Create({"e2", "t", 15}));
  EXPECT_EQ(StatusAfterChange(BillingCycle::kOneTime, SubscriptionStatus::kActive, full.after),
            SubscriptionStatus::kDepleted);
  EXPECT_EQ(StatusAfterChange(BillingCycle::kOneTime, SubscriptionStatus::kActive, full.before),
            SubscriptionStatus::kActive);
  EXPECT_EQ(StatusAfterChange(BillingCycle::kOneTime, SubscriptionStatus::kDepleted, full.before),
            SubscriptionStatus::kActive);
  EXPECT_EQ(StatusAfterChange(BillingCycle::kOneTime, SubscriptionStatus::kSuspended, full.after),
            SubscriptionStatus::kSuspended);
  EXPECT_EQ(StatusAfterChange(BillingCycle::kMonthly, SubscriptionStatus::kActive, full.after),
            SubscriptionStatus::kActive);
}

// --- R8 overage approval ---

const OverageGrant kNone{};
const OverageGrant kApproved{.approved = true, .cap_minutes = std::nullopt};
OverageGrant Cap(int64_t minutes) { return OverageGrant{.approved = true, .cap_minutes = minutes}; }

TEST(OverageApprovalTest, SpecProfessionalEntryOnUnapprovedTicketIsRefused) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 50}));
  absl::Status s = CheckOverageApproval(true, "B", kNone, o.before, o.after);
  ExpectRefused(s, "OVERAGE_NOT_APPROVED");
  EXPECT_THAT(DetailOf(s).metadata,
              UnorderedElementsAre(Pair("minutes_left", "30"), Pair("ticket", "B")));
  EXPECT_THAT(s.message(), HasSubstr("30 minutes beyond"));
}

TEST(OverageApprovalTest, ApprovalLiftsTheBlock) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 50}));
  EXPECT_TRUE(CheckOverageApproval(true, "B", kApproved, o.before, o.after).ok());
}

TEST(OverageApprovalTest, NotRequiredMeansNoBlock) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 50}));
  EXPECT_TRUE(CheckOverageApproval(false, "B", kNone, o.before, o.after).ok());
  EXPECT_TRUE(CheckOverageApproval(false, "B", Cap(1), o.before, o.after).ok());
}

TEST(OverageApprovalTest, EntryWithinTheAllocationNeedsNoApproval) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 30}));
  EXPECT_TRUE(CheckOverageApproval(true, "B", kNone, o.before, o.after).ok());
}

TEST(OverageApprovalTest, EveryEntryAfterThePoolIsEmptyNeedsApproval) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 240}}, EntryChange::Create({"a2", "A", 1}));
  absl::Status s = CheckOverageApproval(true, "A", kNone, o.before, o.after);
  ExpectRefused(s, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(DetailOf(s).metadata.at("minutes_left"), "0");
}

TEST(OverageApprovalTest, CapCountsTheTicketsOverageInThePeriod) {
  // 30 overage minutes are logged on B; with a cap of 60, 30 more fit.
  std::vector<PoolEntry> entries = {{"a1", "A", 240}, {"b1", "B", 30}};
  ChangeOutcome fits = Evaluate(Professional(), entries, EntryChange::Create({"b2", "B", 30}));
  EXPECT_TRUE(CheckOverageApproval(true, "B", Cap(60), fits.before, fits.after).ok());
  ChangeOutcome passes = Evaluate(Professional(), entries, EntryChange::Create({"b2", "B", 31}));
  absl::Status s = CheckOverageApproval(true, "B", Cap(60), passes.before, passes.after);
  ExpectRefused(s, "OVERAGE_CAP_REACHED");
  EXPECT_THAT(DetailOf(s).metadata,
              UnorderedElementsAre(Pair("overage_minutes_left", "30"), Pair("ticket", "B")));
  // Another ticket's overage does not count against B's cap.
  ChangeOutcome other = Evaluate(Professional(), {{"a1", "A", 300}, {"b1", "B", 30}},
                                 EntryChange::Create({"b2", "B", 30}));
  EXPECT_TRUE(CheckOverageApproval(true, "B", Cap(60), other.before, other.after).ok());
}

TEST(OverageApprovalTest, CapBelowWhatIsLoggedRefusesMoreButKeepsCorrections) {
  std::vector<PoolEntry> entries = {{"a1", "A", 240}, {"b1", "B", 90}};
  ChangeOutcome more = Evaluate(Professional(), entries, EntryChange::Create({"b2", "B", 1}));
  absl::Status s = CheckOverageApproval(true, "B", Cap(60), more.before, more.after);
  ExpectRefused(s, "OVERAGE_CAP_REACHED");
  EXPECT_EQ(DetailOf(s).metadata.at("overage_minutes_left"), "0");
  ChangeOutcome less = Evaluate(Professional(), entries, EntryChange::Edit("b1", 50));
  EXPECT_TRUE(CheckOverageApproval(true, "B", Cap(60), less.before, less.after).ok());
}

TEST(OverageApprovalTest, EditOfOneTicketDoesNotRefuseBecauseOfAnother) {
  // A grows 200 -> 230 (billed 240): B's 60 becomes all overage. The check
  // applies to A, the ticket being changed: A's own overage stays 0.
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}, {"b1", "B", 20}}, EntryChange::Edit("a1", 230));
  EXPECT_TRUE(CheckOverageApproval(true, "A", kNone, o.before, o.after).ok());
  // A growing into overage itself needs A's approval.
  ChangeOutcome own =
      Evaluate(Professional(), {{"b1", "B", 200}, {"a1", "A", 20}}, EntryChange::Edit("a1", 60));
  ExpectRefused(CheckOverageApproval(true, "A", kNone, own.before, own.after),
                "OVERAGE_NOT_APPROVED");
}

TEST(OverageApprovalTest, EditThatGrowsTheOverageOfAnUnapprovedEntryIsRefused) {
  // Overage that is already there (e.g. logged before a decline) may stay,
  // but may not grow.
  ChangeOutcome grow =
      Evaluate(Professional(), {{"a1", "A", 240}, {"b1", "B", 30}}, EntryChange::Edit("b1", 31));
  ExpectRefused(CheckOverageApproval(true, "B", kNone, grow.before, grow.after),
                "OVERAGE_NOT_APPROVED");
  ChangeOutcome same =
      Evaluate(Professional(), {{"a1", "A", 240}, {"b1", "B", 30}}, EntryChange::Edit("b1", 25));
  EXPECT_TRUE(CheckOverageApproval(true, "B", kNone, same.before, same.after).ok());
}

TEST(OverageApprovalTest, CorrectionsThatLowerOverageAlwaysPass) {
  std::vector<PoolEntry> entries = {{"a1", "A", 200}, {"b1", "B", 50}};
  ChangeOutcome shrink = Evaluate(Professional(), entries, EntryChange::Edit("b1", 40));
  EXPECT_TRUE(CheckOverageApproval(true, "B", kNone, shrink.before, shrink.after).ok());
  ChangeOutcome del = Evaluate(Professional(), entries, EntryChange::Delete("a1"));
  EXPECT_TRUE(CheckOverageApproval(true, "A", kNone, del.before, del.after).ok());
}

// --- all checks together ---

EntryChangeContext Monthly() {
  return EntryChangeContext{.cycle = BillingCycle::kMonthly,
                            .period_state = PeriodState::kOpen,
                            .subscription_status = SubscriptionStatus::kActive,
                            .ticket_status = TicketStatus::kOpen,
                            .require_overage_approval = true,
                            .ticket_id = "",
                            .overage = {},
                            .ticket_overage_minutes = 0};
}

TEST(CheckEntryChangeTest, AcceptsAnOrdinaryEntry) {
  ChangeOutcome o = Evaluate(Professional(), {}, EntryChange::Create({"a1", "A", 200}));
  EXPECT_TRUE(CheckEntryChange(Monthly(), o).ok());
}

TEST(CheckEntryChangeTest, ClosedPeriodComesFirstForEveryKindOfChange) {
  EntryChangeContext ctx = Monthly();
  ctx.period_state = PeriodState::kClosed;
  ctx.subscription_status = SubscriptionStatus::kTerminated;
  ctx.ticket_status = TicketStatus::kClosed;
  std::vector<PoolEntry> entries = {{"a1", "A", 200}};
  ExpectRefused(
      CheckEntryChange(ctx, Evaluate(Professional(), entries, EntryChange::Create({"a2", "A", 5}))),
      "PERIOD_CLOSED");
  ExpectRefused(
      CheckEntryChange(ctx, Evaluate(Professional(), entries, EntryChange::Edit("a1", 5))),
      "PERIOD_CLOSED");
  ExpectRefused(CheckEntryChange(ctx, Evaluate(Professional(), entries, EntryChange::Delete("a1"))),
                "PERIOD_CLOSED");
}

TEST(CheckEntryChangeTest, InactiveSubscriptionAndClosedTicketBlockOnlyNewEntries) {
  std::vector<PoolEntry> entries = {{"a1", "A", 200}};
  EntryChangeContext suspended = Monthly();
  suspended.subscription_status = SubscriptionStatus::kSuspended;
  ExpectRefused(CheckEntryChange(suspended, Evaluate(Professional(), entries,
                                                     EntryChange::Create({"a2", "A", 5}))),
                "SUBSCRIPTION_NOT_ACTIVE");
  EXPECT_TRUE(
      CheckEntryChange(suspended, Evaluate(Professional(), entries, EntryChange::Edit("a1", 5)))
          .ok());

  EntryChangeContext closed_ticket = Monthly();
  closed_ticket.ticket_status = TicketStatus::kClosed;
  ExpectRefused(CheckEntryChange(closed_ticket, Evaluate(Professional(), entries,
                                                         EntryChange::Create({"a2", "A", 5}))),
                "TICKET_CLOSED");
  EXPECT_TRUE(
      CheckEntryChange(closed_ticket, Evaluate(Professional(), entries, EntryChange::Delete("a1")))
          .ok());
}

TEST(CheckEntryChangeTest, SubscriptionIsCheckedBeforeTheTicket) {
  EntryChangeContext ctx = Monthly();
  ctx.subscription_status = SubscriptionStatus::kPending;
  ctx.ticket_status = TicketStatus::kClosed;
  ExpectRefused(
      CheckEntryChange(ctx, Evaluate(Professional(), {}, EntryChange::Create({"a", "A", 5}))),
      "SUBSCRIPTION_NOT_ACTIVE");
}

TEST(CheckEntryChangeTest, OneTimeBucketBeforeApproval) {
  EntryChangeContext ctx = Monthly();
  ctx.cycle = BillingCycle::kOneTime;
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 45}}, EntryChange::Create({"e2", "t", 20}));
  ExpectRefused(CheckEntryChange(ctx, o), "BUCKET_EXHAUSTED");
}

TEST(CheckEntryChangeTest, MonthlyOverageNeedsApproval) {
  ChangeOutcome o =
      Evaluate(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 50}));
  EntryChangeContext ctx = Monthly();
  ctx.ticket_id = "B";
  ExpectRefused(CheckEntryChange(ctx, o), "OVERAGE_NOT_APPROVED");
  ctx.overage = kApproved;
  EXPECT_TRUE(CheckEntryChange(ctx, o).ok());
  ctx.overage = Cap(29);
  ExpectRefused(CheckEntryChange(ctx, o), "OVERAGE_CAP_REACHED");
}

// --- the create fast path ---

TEST(CheckNewEntryTest, SpecProfessionalOverageNeedsApproval) {
  absl::StatusOr<EntryAllocation> b = AllocateAppended(Professional(), 210, 0, {"b1", "B", 50});
  ASSERT_TRUE(b.ok());
  absl::Status s = CheckNewEntry(Monthly(), Professional(), 210, *b);
  ExpectRefused(s, "OVERAGE_NOT_APPROVED");
  EXPECT_THAT(DetailOf(s).metadata,
              UnorderedElementsAre(Pair("minutes_left", "30"), Pair("ticket", "B")));
  EntryChangeContext approved = Monthly();
  approved.ticket_id = "B";
  approved.overage = kApproved;
  EXPECT_TRUE(CheckNewEntry(approved, Professional(), 210, *b).ok());
  approved.overage = Cap(30);
  EXPECT_TRUE(CheckNewEntry(approved, Professional(), 210, *b).ok());
  approved.ticket_overage_minutes = 1;  // 1 + 30 passes the cap of 30
  s = CheckNewEntry(approved, Professional(), 210, *b);
  ExpectRefused(s, "OVERAGE_CAP_REACHED");
  EXPECT_EQ(DetailOf(s).metadata.at("overage_minutes_left"), "29");
}

TEST(CheckNewEntryTest, OneTimeBucket) {
  EntryChangeContext ctx = Monthly();
  ctx.cycle = BillingCycle::kOneTime;
  absl::StatusOr<EntryAllocation> e = AllocateAppended(Bucket60(), 45, 45, {"e2", "t", 20});
  absl::Status s = CheckNewEntry(ctx, Bucket60(), 45, *e);
  ExpectRefused(s, "BUCKET_EXHAUSTED");
  EXPECT_EQ(DetailOf(s).metadata.at("minutes_left"), "15");
}

TEST(CheckNewEntryTest, Locks) {
  absl::StatusOr<EntryAllocation> e = AllocateAppended(Professional(), 0, 0, {"a", "A", 5});
  EntryChangeContext ctx = Monthly();
  ctx.ticket_status = TicketStatus::kClosed;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "TICKET_CLOSED");
  ctx.subscription_status = SubscriptionStatus::kSuspended;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "SUBSCRIPTION_NOT_ACTIVE");
  ctx.period_state = PeriodState::kClosed;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "PERIOD_CLOSED");
}

// --- R21 non-billable entries ---

TEST(NonBillableTest, NewEntryNeedsNoApprovalAndNoRoomInTheBucket) {
  // Professional, 270 of 240 used, B unapproved: a non-billable 50 on B passes.
  absl::StatusOr<EntryAllocation> b =
      AllocateAppended(Professional(), 270, 50, {"b3", "B", 50, false});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(CheckNewEntry(Monthly(), Professional(), 270, *b).ok());
  EXPECT_TRUE(
      CheckEntryChange(Monthly(), Evaluate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}},
                                           EntryChange::Create({"b3", "B", 50, false})))
          .ok());

  // A full one-time bucket, even DEPLETED, takes non-billable time.
  EntryChangeContext bucket = Monthly();
  bucket.cycle = BillingCycle::kOneTime;
  bucket.subscription_status = SubscriptionStatus::kDepleted;
  absl::StatusOr<EntryAllocation> e = AllocateAppended(Bucket60(), 60, 60, {"e2", "t", 30, false});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(CheckNewEntry(bucket, Bucket60(), 60, *e).ok());
  EXPECT_TRUE(CheckEntryChange(bucket, Evaluate(Bucket60(), {{"e1", "t", 60}},
                                                EntryChange::Create({"e2", "t", 30, false})))
                  .ok());
  // A billable one is still refused there.
  absl::StatusOr<EntryAllocation> billable = AllocateAppended(Bucket60(), 60, 60, {"e2", "t", 30});
  ExpectRefused(CheckNewEntry(bucket, Bucket60(), 60, *billable), "BUCKET_EXHAUSTED");
}

TEST(NonBillableTest, OtherLocksStillApply) {
  absl::StatusOr<EntryAllocation> e = AllocateAppended(Professional(), 0, 0, {"a", "A", 5, false});
  EntryChangeContext ctx = Monthly();
  ctx.ticket_status = TicketStatus::kClosed;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "TICKET_CLOSED");
  ctx.subscription_status = SubscriptionStatus::kSuspended;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "SUBSCRIPTION_NOT_ACTIVE");
  ctx.period_state = PeriodState::kClosed;
  ExpectRefused(CheckNewEntry(ctx, Professional(), 0, *e), "PERIOD_CLOSED");
}

TEST(NonBillableTest, BecomingBillableWithOverageNeedsApproval) {
  const std::vector<PoolEntry> entries = {
      {"a1", "A", 200}, {"b1", "B", 50, false}, {"b2", "B", 50}};
  EntryChangeContext unapproved = Monthly();
  unapproved.ticket_id = "B";
  EntryChangeContext approved = unapproved;
  approved.overage.approved = true;
  ChangeOutcome flip = Evaluate(Professional(), entries, EntryChange::Edit("b1", 50, true));
  absl::Status s = CheckEntryChange(unapproved, flip);
  ExpectRefused(s, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(DetailOf(s).metadata.at("ticket"), "B");
  EXPECT_TRUE(CheckEntryChange(approved, flip).ok());
  // Within the allocation no approval is needed.
  EXPECT_TRUE(CheckEntryChange(Monthly(), Evaluate(Professional(), {{"b1", "B", 50, false}},
                                                   EntryChange::Edit("b1", 50, true)))
                  .ok());
}

TEST(NonBillableTest, BecomingNonBillableAlwaysPasses) {
  EntryChangeContext ctx = Monthly();
  ctx.subscription_status = SubscriptionStatus::kSuspended;
  ctx.ticket_status = TicketStatus::kClosed;
  EXPECT_TRUE(CheckEntryChange(ctx, Evaluate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}},
                                             EntryChange::Edit("a1", 200, false)))
                  .ok());
}

TEST(NonBillableTest, BecomingBillableMustFitTheBucket) {
  EntryChangeContext ctx = Monthly();
  ctx.cycle = BillingCycle::kOneTime;
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 45}, {"e2", "t", 30, false}},
                             EntryChange::Edit("e2", 30, true));
  absl::Status s = CheckEntryChange(ctx, o);
  ExpectRefused(s, "BUCKET_EXHAUSTED");
  EXPECT_EQ(DetailOf(s).metadata.at("minutes_left"), "15");
  EXPECT_TRUE(CheckEntryChange(ctx, Evaluate(Bucket60(), {{"e1", "t", 45}, {"e2", "t", 15, false}},
                                             EntryChange::Edit("e2", 15, true)))
                  .ok());
}

TEST(NonBillableTest, FreeingTheBucketReplenishesIt) {
  ChangeOutcome o = Evaluate(Bucket60(), {{"e1", "t", 60}}, EntryChange::Edit("e1", 60, false));
  EXPECT_EQ(StatusAfterChange(BillingCycle::kOneTime, SubscriptionStatus::kDepleted, o.after),
            SubscriptionStatus::kActive);
}

// The fast path decides every create exactly as the full evaluation does.
TEST(CheckNewEntryTest, AgreesWithCheckEntryChange) {
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    PoolTerms terms{
        static_cast<int64_t>(rng() % 300), std::vector<int64_t>{1, 15, 30, 60}[rng() % 4],
        rng() % 2 ? RoundingScope::kEntry : RoundingScope::kTicket,
        std::vector<RoundingDirection>{RoundingDirection::kUp, RoundingDirection::kNearest,
                                       RoundingDirection::kDown}[rng() % 3]};
    std::vector<PoolEntry> entries;
    for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) {
      entries.push_back({absl::StrCat("e", i), absl::StrCat("t", rng() % 3),
                         1 + static_cast<int64_t>(rng() % 120), rng() % 4 != 0});
    }
    EntryChangeContext ctx;
    ctx.cycle = rng() % 2 ? BillingCycle::kOneTime : BillingCycle::kMonthly;
    ctx.require_overage_approval = rng() % 2;
    ctx.overage.approved = rng() % 2;
    if (rng() % 2) ctx.overage.cap_minutes = 1 + static_cast<int64_t>(rng() % 90);
    if (rng() % 4 == 0) ctx.subscription_status = SubscriptionStatus::kDepleted;
    const PoolEntry added{"new", absl::StrCat("t", rng() % 4),
                          1 + static_cast<int64_t>(rng() % 120), rng() % 3 != 0};
    ctx.ticket_id = added.ticket_id;

    ChangeOutcome full = Evaluate(terms, entries, EntryChange::Create(added));
    const TicketTotals* ticket = full.before.FindTicket(added.ticket_id);
    absl::StatusOr<EntryAllocation> appended =
        AllocateAppended(terms, full.before.used_minutes,
                         ticket == nullptr ? 0 : ticket->BillableRawMinutes(), added);
    ctx.ticket_overage_minutes = ticket == nullptr ? 0 : ticket->overage_minutes;
    ASSERT_TRUE(appended.ok());
    absl::Status slow = CheckEntryChange(ctx, full);
    absl::Status fast = CheckNewEntry(ctx, terms, full.before.used_minutes, *appended);
    ASSERT_EQ(slow.code(), fast.code()) << slow << " vs " << fast;
    ASSERT_EQ(DetailOf(slow).reason, DetailOf(fast).reason);
    ASSERT_EQ(DetailOf(slow).metadata, DetailOf(fast).metadata);
  }
}

}  // namespace
}  // namespace supportbytime::domain
