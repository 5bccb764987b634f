#include "server/domain/estimate.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

const Money kEur40{4000, "EUR"};

PoolAllocation MustAllocate(const PoolTerms& terms, const std::vector<PoolEntry>& entries) {
  absl::StatusOr<PoolAllocation> a = Allocate(terms, entries);
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : PoolAllocation{};
}

CostEstimate MustEstimate(const PoolAllocation& current, int64_t minutes,
                          const std::string& ticket = "",
                          BillingCycle cycle = BillingCycle::kMonthly) {
  absl::StatusOr<CostEstimate> e = Estimate(current, {cycle, minutes, ticket, kEur40});
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *e : CostEstimate{};
}

PoolTerms Professional() {
  return PoolTerms{240, 30, RoundingScope::kEntry, RoundingDirection::kUp};
}
PoolTerms Extra(RoundingScope scope = RoundingScope::kEntry) {
  return PoolTerms{60, 15, scope, RoundingDirection::kUp};
}

TEST(EstimateTest, ProfessionalFiftyMoreMinutesOnANewTicket) {
  // A has 210 of 240; 50 more minutes bill 60: 30 included, 30 overage.
  CostEstimate e = MustEstimate(MustAllocate(Professional(), {{"a1", "A", 200}}), 50);
  EXPECT_EQ(e.additional_billed_minutes, 60);
  EXPECT_EQ(e.additional_included_minutes, 30);
  EXPECT_EQ(e.additional_overage_minutes, 30);
  EXPECT_EQ(e.projected_used_minutes, 270);
  EXPECT_EQ(e.projected_left_minutes, 0);
  EXPECT_EQ(e.projected_overage_minutes, 30);
  EXPECT_EQ(e.hourly_rate, kEur40);
  EXPECT_EQ(e.current_total, (Money{0, "EUR"}));
  EXPECT_EQ(e.extra_cost, (Money{2000, "EUR"}));
  EXPECT_EQ(e.projected_total, (Money{2000, "EUR"}));
  EXPECT_FALSE(e.exceeds_bucket);
}

TEST(EstimateTest, ExtraUsedUpEveryMinuteIsOverage) {
  CostEstimate e =
      MustEstimate(MustAllocate(Extra(), {{"1", "t", 7}, {"2", "t", 20}, {"3", "t", 15}}), 7);
  EXPECT_EQ(e.additional_billed_minutes, 15);
  EXPECT_EQ(e.additional_overage_minutes, 15);
  EXPECT_EQ(e.extra_cost, (Money{1000, "EUR"}));
  EXPECT_EQ(e.projected_used_minutes, 75);
}

TEST(EstimateTest, WithinTheAllocationCostsNothing) {
  CostEstimate e = MustEstimate(MustAllocate(Professional(), {{"a1", "A", 100}}), 100);
  EXPECT_EQ(e.additional_billed_minutes, 120);
  EXPECT_EQ(e.additional_overage_minutes, 0);
  EXPECT_EQ(e.projected_left_minutes, 0);
  EXPECT_EQ(e.extra_cost, (Money{0, "EUR"}));
}

TEST(EstimateTest, TicketScopeUsesTheTicketsRunningSum) {
  PoolAllocation a =
      MustAllocate(Extra(RoundingScope::kTicket), {{"1", "t", 7}, {"2", "t", 20}, {"3", "t", 15}});
  ASSERT_EQ(a.used_minutes, 45);                                     // raw 42 -> 45
  EXPECT_EQ(MustEstimate(a, 3, "t").additional_billed_minutes, 0);   // 45 -> 45
  EXPECT_EQ(MustEstimate(a, 4, "t").additional_billed_minutes, 15);  // 46 -> 60
  EXPECT_EQ(MustEstimate(a, 3).additional_billed_minutes, 15);       // a new ticket: 3 -> 15
  EXPECT_EQ(MustEstimate(a, 3, "unknown").additional_billed_minutes, 15);
}

TEST(EstimateTest, TicketScopeLeavesNonBillableMinutesOut) {
  // Raw 42 on t, of which 20 not billable: the billable 22 bill 30.
  PoolAllocation a = MustAllocate(Extra(RoundingScope::kTicket),
                                  {{"1", "t", 7}, {"2", "t", 20, false}, {"3", "t", 15}});
  ASSERT_EQ(a.used_minutes, 30);
  EXPECT_EQ(MustEstimate(a, 8, "t").additional_billed_minutes, 0);   // 30 -> 30
  EXPECT_EQ(MustEstimate(a, 9, "t").additional_billed_minutes, 15);  // 31 -> 45
}

TEST(EstimateTest, ExtraCostIsTheChangeOfTheTicketsRoundedLine) {
  // Ticket t already has 7 overage minutes (4.67). 7 more make its line
  // 14 min = 9.333 -> 9.33, so the extra cost is 4.66, not 4.67.
  PoolTerms terms{0, 1, RoundingScope::kEntry, RoundingDirection::kUp};
  PoolAllocation a = MustAllocate(terms, {{"1", "t", 7}});
  CostEstimate e = MustEstimate(a, 7, "t");
  EXPECT_EQ(e.current_total, (Money{467, "EUR"}));
  EXPECT_EQ(e.projected_total, (Money{933, "EUR"}));
  EXPECT_EQ(e.extra_cost, (Money{466, "EUR"}));
  // On a new ticket it is a line of its own: 4.67.
  EXPECT_EQ(MustEstimate(a, 7).extra_cost, (Money{467, "EUR"}));
}

TEST(EstimateTest, ZeroMinutesShowsTheCurrentState) {
  PoolAllocation a = MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}});
  CostEstimate e = MustEstimate(a, 0, "B");
  EXPECT_EQ(e.additional_billed_minutes, 0);
  EXPECT_EQ(e.projected_used_minutes, 270);
  EXPECT_EQ(e.projected_overage_minutes, 30);
  EXPECT_EQ(e.extra_cost, (Money{0, "EUR"}));
  EXPECT_EQ(e.current_total, (Money{2000, "EUR"}));
  EXPECT_EQ(e.projected_total, (Money{2000, "EUR"}));
}

TEST(EstimateTest, MoreThanADayIsOneEntryRoundedOnce) {
  CostEstimate e = MustEstimate(MustAllocate(Professional(), {}), 3001);
  EXPECT_EQ(e.additional_billed_minutes, 3030);
  EXPECT_EQ(e.additional_overage_minutes, 2790);
  EXPECT_EQ(e.extra_cost, (Money{186000, "EUR"}));  // 46.5 h x 40
}

TEST(EstimateTest, OneTimeBucketHasNoCostButSaysWhenItWouldNotFit) {
  PoolAllocation a = MustAllocate(Extra(), {{"1", "t", 45}});
  CostEstimate fits = MustEstimate(a, 15, "", BillingCycle::kOneTime);
  EXPECT_FALSE(fits.exceeds_bucket);
  EXPECT_EQ(fits.projected_left_minutes, 0);
  CostEstimate too_much = MustEstimate(a, 20, "", BillingCycle::kOneTime);
  EXPECT_TRUE(too_much.exceeds_bucket);
  EXPECT_EQ(too_much.extra_cost, (Money{0, "EUR"}));
  EXPECT_EQ(too_much.projected_total, (Money{0, "EUR"}));
  EXPECT_FALSE(MustEstimate(a, 0, "", BillingCycle::kOneTime).exceeds_bucket);
}

TEST(EstimateTest, RefusesBadInput) {
  PoolAllocation a = MustAllocate(Professional(), {});
  absl::Status s = Estimate(a, {BillingCycle::kMonthly, -1, "", kEur40}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "additional_minutes");
  EXPECT_FALSE(Estimate(a, {BillingCycle::kMonthly, kMaxEstimateMinutes + 1, "", kEur40}).ok());
  EXPECT_TRUE(Estimate(a, {BillingCycle::kMonthly, kMaxEstimateMinutes, "", kEur40}).ok());
  EXPECT_FALSE(Estimate(a, {BillingCycle::kMonthly, 5, "", {-1, "EUR"}}).ok());
  EXPECT_FALSE(Estimate(a, {BillingCycle::kMonthly, 5, "", {4000, "eur"}}).ok());
}

// The estimate is exactly what logging the entry would do.
TEST(EstimateTest, AgreesWithLoggingTheEntry) {
  std::mt19937 rng(18);
  for (int round = 0; round < 1000; ++round) {
    PoolTerms terms{
        static_cast<int64_t>(rng() % 300), std::vector<int64_t>{1, 15, 30, 60}[rng() % 4],
        rng() % 2 ? RoundingScope::kEntry : RoundingScope::kTicket,
        std::vector<RoundingDirection>{RoundingDirection::kUp, RoundingDirection::kNearest,
                                       RoundingDirection::kDown}[rng() % 3]};
    std::vector<PoolEntry> entries;
    for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) {
      entries.push_back({absl::StrCat("e", i), absl::StrCat("t", rng() % 3),
                         1 + static_cast<int64_t>(rng() % 120)});
    }
    const std::string ticket = absl::StrCat("t", rng() % 4);
    const int64_t minutes = 1 + static_cast<int64_t>(rng() % 200);
    PoolAllocation before = MustAllocate(terms, entries);
    CostEstimate e = MustEstimate(before, minutes, ticket);
    entries.push_back({"new", ticket, minutes});
    PoolAllocation after = MustAllocate(terms, entries);
    ASSERT_EQ(e.projected_used_minutes, after.used_minutes);
    ASSERT_EQ(e.projected_left_minutes, after.left_minutes);
    ASSERT_EQ(e.projected_overage_minutes, after.overage_minutes);
    ASSERT_EQ(e.additional_billed_minutes, after.FindEntry("new")->billed_minutes);
    ASSERT_EQ(e.additional_overage_minutes, after.FindEntry("new")->overage_minutes);
    ASSERT_EQ(e.current_total, *OverageTotal(before, kEur40));
    ASSERT_EQ(e.projected_total, *OverageTotal(after, kEur40));
  }
}

}  // namespace
}  // namespace supportbytime::domain
