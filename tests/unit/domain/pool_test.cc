#include "server/domain/pool.h"

#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

constexpr auto kUp = RoundingDirection::kUp;
constexpr auto kNearest = RoundingDirection::kNearest;
constexpr auto kDown = RoundingDirection::kDown;

PoolTerms Terms(int64_t included, int64_t increment, RoundingScope scope = RoundingScope::kEntry,
                RoundingDirection direction = kUp) {
  return PoolTerms{included, increment, scope, direction};
}

// The reference packages of SPEC section 1.
PoolTerms Extra() { return Terms(60, 15); }
PoolTerms Professional() { return Terms(240, 30); }

PoolAllocation MustAllocate(const PoolTerms& terms, const std::vector<PoolEntry>& entries) {
  absl::StatusOr<PoolAllocation> a = Allocate(terms, entries);
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : PoolAllocation{};
}

std::vector<int64_t> Billed(const PoolAllocation& a) {
  std::vector<int64_t> out;
  for (const auto& e : a.entries) out.push_back(e.billed_minutes);
  return out;
}

std::vector<int64_t> Overage(const PoolAllocation& a) {
  std::vector<int64_t> out;
  for (const auto& e : a.entries) out.push_back(e.overage_minutes);
  return out;
}

// One ticket, entries e1, e2, ... with the given raw minutes.
std::vector<PoolEntry> OneTicket(std::vector<int64_t> raws, const std::string& ticket = "t1") {
  std::vector<PoolEntry> out;
  for (size_t i = 0; i < raws.size(); ++i) {
    out.push_back({absl::StrCat("e", i + 1), ticket, raws[i]});
  }
  return out;
}

// --- SPEC worked examples ---

TEST(PoolTest, SpecExtraEntryUp) {
  // R4: entries 7, 20, 15 -> billed 15, 30, 15; used 60 of 60, left 0.
  PoolAllocation a = MustAllocate(Extra(), OneTicket({7, 20, 15}));
  EXPECT_THAT(Billed(a), ElementsAre(15, 30, 15));
  EXPECT_EQ(a.raw_minutes, 42);
  EXPECT_EQ(a.used_minutes, 60);
  EXPECT_EQ(a.left_minutes, 0);
  EXPECT_EQ(a.overage_minutes, 0);
  EXPECT_THAT(Overage(a), ElementsAre(0, 0, 0));
}

TEST(PoolTest, SpecExtraTicketUp) {
  // R4: the same entries with TICKET+UP on one ticket: raw 42 -> billed 45.
  PoolAllocation a = MustAllocate(Terms(60, 15, RoundingScope::kTicket), OneTicket({7, 20, 15}));
  ASSERT_EQ(a.tickets.size(), 1u);
  EXPECT_EQ(a.tickets[0].raw_minutes, 42);
  EXPECT_EQ(a.tickets[0].billed_minutes, 45);
  // Each entry adds what it changes in round(running sum): 15-0, 30-15, 45-30.
  EXPECT_THAT(Billed(a), ElementsAre(15, 15, 15));
  EXPECT_EQ(a.used_minutes, 45);
  EXPECT_EQ(a.left_minutes, 15);
}

TEST(PoolTest, SpecProfessionalSplitsTheCrossingEntry) {
  // R5: ticket A 200 -> 210; ticket B 50 -> 60 = 30 included + 30 overage.
  PoolAllocation a = MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}});
  ASSERT_EQ(a.entries.size(), 2u);
  EXPECT_EQ(a.entries[0], (EntryAllocation{"a1", "A", 200, 210, 210, 0}));
  EXPECT_EQ(a.entries[1], (EntryAllocation{"b1", "B", 50, 60, 30, 30}));
  EXPECT_EQ(a.used_minutes, 270);
  EXPECT_EQ(a.left_minutes, 0);
  EXPECT_EQ(a.overage_minutes, 30);
  ASSERT_NE(a.FindTicket("A"), nullptr);
  ASSERT_NE(a.FindTicket("B"), nullptr);
  EXPECT_EQ(a.FindTicket("A")->overage_minutes, 0);
  EXPECT_EQ(a.FindTicket("B")->overage_minutes, 30);
}

// --- pool order and splits ---

TEST(PoolTest, LaterEntriesAreAllOverage) {
  PoolAllocation a = MustAllocate(Extra(), OneTicket({50, 20, 10, 5}));
  // billed 60, 30, 15, 15: the first fills the pool.
  EXPECT_THAT(Billed(a), ElementsAre(60, 30, 15, 15));
  EXPECT_THAT(Overage(a), ElementsAre(0, 30, 15, 15));
  EXPECT_EQ(a.overage_minutes, 60);
  EXPECT_EQ(a.left_minutes, 0);
}

TEST(PoolTest, EntryThatExactlyFillsThePoolHasNoOverage) {
  PoolAllocation a = MustAllocate(Extra(), OneTicket({45, 15, 1}));
  EXPECT_THAT(Overage(a), ElementsAre(0, 0, 15));
  EXPECT_EQ(a.entries[1].included_minutes, 15);
}

TEST(PoolTest, LoggedOrderDecidesWhoCarriesTheOverage) {
  PoolAllocation ab = MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}});
  PoolAllocation ba = MustAllocate(Professional(), {{"b1", "B", 50}, {"a1", "A", 200}});
  EXPECT_EQ(ab.FindTicket("B")->overage_minutes, 30);
  EXPECT_EQ(ba.FindTicket("B")->overage_minutes, 0);
  EXPECT_EQ(ba.FindTicket("A")->overage_minutes, 30);
  EXPECT_EQ(ab.used_minutes, ba.used_minutes);
}

TEST(PoolTest, ZeroIncludedMinutesMakesEverythingOverage) {
  PoolAllocation a = MustAllocate(Terms(0, 15), OneTicket({7, 20}));
  EXPECT_THAT(Overage(a), ElementsAre(15, 30));
  EXPECT_EQ(a.left_minutes, 0);
  EXPECT_EQ(a.overage_minutes, 45);
  EXPECT_EQ(a.tickets[0].included_minutes, 0);
}

TEST(PoolTest, EmptyPeriod) {
  PoolAllocation a = MustAllocate(Extra(), {});
  EXPECT_TRUE(a.entries.empty());
  EXPECT_TRUE(a.tickets.empty());
  EXPECT_EQ(a.used_minutes, 0);
  EXPECT_EQ(a.left_minutes, 60);
  EXPECT_EQ(a.overage_minutes, 0);
}

TEST(PoolTest, IncrementOneBillsRawMinutes) {
  PoolAllocation a = MustAllocate(Terms(10, 1), OneTicket({7, 5}));
  EXPECT_THAT(Billed(a), ElementsAre(7, 5));
  EXPECT_EQ(a.entries[1].included_minutes, 3);
  EXPECT_EQ(a.entries[1].overage_minutes, 2);
}

TEST(PoolTest, IncrementOfADayBillsWholeDays) {
  PoolAllocation a = MustAllocate(Terms(1800, 1440), OneTicket({1, 1440}));
  EXPECT_THAT(Billed(a), ElementsAre(1440, 1440));
  EXPECT_EQ(a.entries[1].included_minutes, 360);
  EXPECT_EQ(a.overage_minutes, 1080);
}

// --- rounding scopes and directions ---

TEST(PoolTest, EntryDownBillsZeroAndTakesNothingFromThePool) {
  PoolAllocation a = MustAllocate(Terms(15, 15, RoundingScope::kEntry, kDown), OneTicket({7, 29}));
  EXPECT_THAT(Billed(a), ElementsAre(0, 15));
  EXPECT_EQ(a.entries[0], (EntryAllocation{"e1", "t1", 7, 0, 0, 0}));
  EXPECT_EQ(a.entries[1].included_minutes, 15);
  EXPECT_EQ(a.raw_minutes, 36);
  EXPECT_EQ(a.used_minutes, 15);
}

TEST(PoolTest, EntryNearest) {
  PoolAllocation a =
      MustAllocate(Terms(60, 15, RoundingScope::kEntry, kNearest), OneTicket({7, 8, 22, 23}));
  EXPECT_THAT(Billed(a), ElementsAre(0, 15, 15, 30));
}

TEST(PoolTest, TicketDownBillsTheEntryThatCompletesAnIncrement) {
  PoolAllocation a =
      MustAllocate(Terms(60, 15, RoundingScope::kTicket, kDown), OneTicket({7, 7, 7}));
  EXPECT_THAT(Billed(a), ElementsAre(0, 0, 15));  // sums 7, 14, 21 -> 0, 0, 15
  EXPECT_EQ(a.tickets[0].billed_minutes, 15);
}

TEST(PoolTest, TicketNearestBillsTheEntryThatPassesHalfWay) {
  PoolAllocation a =
      MustAllocate(Terms(60, 15, RoundingScope::kTicket, kNearest), OneTicket({7, 7, 7}));
  EXPECT_THAT(Billed(a), ElementsAre(0, 15, 0));  // sums 7, 14, 21 -> 0, 15, 15
}

TEST(PoolTest, TicketUpBillsTheFirstIncrementUpFront) {
  PoolAllocation a =
      MustAllocate(Terms(60, 30, RoundingScope::kTicket, kUp), OneTicket({5, 5, 25}));
  EXPECT_THAT(Billed(a), ElementsAre(30, 0, 30));  // sums 5, 10, 35 -> 30, 30, 60
}

TEST(PoolTest, TicketScopeKeepsEachTicketsRunningSumApart) {
  std::vector<PoolEntry> entries = {
      {"a1", "A", 10}, {"b1", "B", 10}, {"a2", "A", 10}, {"b2", "B", 25}};
  PoolAllocation a = MustAllocate(Terms(240, 15, RoundingScope::kTicket), entries);
  // A: 10 -> 15, 20 -> 30 (+15). B: 10 -> 15, 35 -> 45 (+30).
  EXPECT_THAT(Billed(a), ElementsAre(15, 15, 15, 30));
  EXPECT_EQ(a.FindTicket("A")->billed_minutes, 30);
  EXPECT_EQ(a.FindTicket("B")->billed_minutes, 45);
  EXPECT_EQ(a.FindTicket("A")->entry_count, 2);
  // ENTRY scope bills each entry up: 15 + 15 + 15 + 30.
  PoolAllocation e = MustAllocate(Terms(240, 15, RoundingScope::kEntry), entries);
  EXPECT_THAT(Billed(e), ElementsAre(15, 15, 15, 30));
  EXPECT_EQ(MustAllocate(Terms(240, 30, RoundingScope::kEntry), entries).used_minutes, 120);
  EXPECT_EQ(MustAllocate(Terms(240, 30, RoundingScope::kTicket), entries).used_minutes, 90);
}

TEST(PoolTest, TicketScopeSplitsWithThePool) {
  PoolAllocation a =
      MustAllocate(Terms(20, 15, RoundingScope::kTicket), {{"a1", "A", 10}, {"a2", "A", 10}});
  // 10 -> 15 (all included), 20 -> 30 (+15: 5 included, 10 overage).
  EXPECT_EQ(a.entries[1], (EntryAllocation{"a2", "A", 10, 15, 5, 10}));
  EXPECT_EQ(a.FindTicket("A")->overage_minutes, 10);
}

TEST(PoolTest, TicketsAreListedInOrderOfTheirFirstEntry) {
  PoolAllocation a =
      MustAllocate(Extra(), {{"1", "C", 1}, {"2", "A", 1}, {"3", "C", 1}, {"4", "B", 1}});
  EXPECT_THAT(a.tickets, ElementsAre(Field(&TicketTotals::ticket_id, "C"),
                                     Field(&TicketTotals::ticket_id, "A"),
                                     Field(&TicketTotals::ticket_id, "B")));
  EXPECT_EQ(a.FindTicket("Z"), nullptr);
  EXPECT_EQ(a.FindEntry("9"), nullptr);
  ASSERT_NE(a.FindEntry("3"), nullptr);
  EXPECT_EQ(a.FindEntry("3")->ticket_id, "C");
}

// Invariants over many random periods: every minute is explained once.
TEST(PoolTest, InvariantsHoldForRandomPeriods) {
  std::mt19937 rng(20260401);
  for (int round = 0; round < 2000; ++round) {
    PoolTerms terms{
        static_cast<int64_t>(rng() % 600),
        std::vector<int64_t>{1, 5, 15, 30, 60, 1440}[rng() % 6],
        rng() % 2 ? RoundingScope::kEntry : RoundingScope::kTicket,
        std::vector<RoundingDirection>{kUp, kNearest, kDown}[rng() % 3],
    };
    std::vector<PoolEntry> entries;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      entries.push_back({absl::StrCat("e", i), absl::StrCat("t", rng() % 3),
                         1 + static_cast<int64_t>(rng() % 200), rng() % 4 != 0});
    }
    PoolAllocation a = MustAllocate(terms, entries);
    int64_t billed = 0, included = 0, overage = 0, raw = 0;
    bool pool_exhausted = false;
    absl::flat_hash_map<std::string, int64_t> ticket_raw, ticket_non_billable;
    for (const EntryAllocation& e : a.entries) {
      ASSERT_GE(e.billed_minutes, 0);
      if (!e.billable) {
        ASSERT_EQ(e.billed_minutes, 0);
        ticket_non_billable[e.ticket_id] += e.raw_minutes;
      }
      ASSERT_EQ(e.included_minutes + e.overage_minutes, e.billed_minutes);
      ASSERT_GE(e.included_minutes, 0);
      ASSERT_GE(e.overage_minutes, 0);
      // Once one entry has overage, no later entry takes from the pool.
      if (pool_exhausted) {
        ASSERT_EQ(e.included_minutes, 0);
      }
      if (e.overage_minutes > 0) pool_exhausted = true;
      billed += e.billed_minutes;
      included += e.included_minutes;
      overage += e.overage_minutes;
      raw += e.raw_minutes;
      ticket_raw[e.ticket_id] += e.raw_minutes;
    }
    ASSERT_EQ(a.used_minutes, billed);
    ASSERT_EQ(a.raw_minutes, raw);
    ASSERT_EQ(included, std::min(billed, terms.included_minutes));
    ASSERT_EQ(a.overage_minutes, overage);
    ASSERT_EQ(a.overage_minutes, std::max<int64_t>(0, billed - terms.included_minutes));
    ASSERT_EQ(a.left_minutes, std::max<int64_t>(0, terms.included_minutes - billed));
    int64_t ticket_billed_sum = 0, ticket_overage_sum = 0;
    for (const TicketTotals& t : a.tickets) {
      ASSERT_EQ(t.raw_minutes, ticket_raw[t.ticket_id]);
      ASSERT_EQ(t.non_billable_minutes, ticket_non_billable[t.ticket_id]);
      if (terms.scope == RoundingScope::kTicket) {
        ASSERT_EQ(t.billed_minutes,
                  RoundMinutes(t.BillableRawMinutes(), terms.increment_minutes, terms.direction));
      }
      ticket_billed_sum += t.billed_minutes;
      ticket_overage_sum += t.overage_minutes;
    }
    ASSERT_EQ(ticket_billed_sum, billed);
    ASSERT_EQ(ticket_overage_sum, overage);
  }
}

// --- R21 non-billable entries ---

TEST(PoolTest, NonBillableEntryKeepsItsRawMinutesAndBillsNothing) {
  // Professional: A 200 -> 210; B 50 not billable; then B 50 billable -> 60,
  // of which 30 included and 30 overage, as if the non-billable one were absent.
  PoolAllocation a =
      MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50, false}, {"b2", "B", 50}});
  EXPECT_EQ(*a.FindEntry("b1"), (EntryAllocation{"b1", "B", 50, 0, 0, 0, false}));
  EXPECT_EQ(*a.FindEntry("b2"), (EntryAllocation{"b2", "B", 50, 60, 30, 30}));
  EXPECT_EQ(a.raw_minutes, 300);
  EXPECT_EQ(a.used_minutes, 270);
  EXPECT_EQ(a.left_minutes, 0);
  EXPECT_EQ(a.overage_minutes, 30);
  const TicketTotals* b = a.FindTicket("B");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(*b, (TicketTotals{.ticket_id = "B",
                              .entry_count = 2,
                              .raw_minutes = 100,
                              .billed_minutes = 60,
                              .included_minutes = 30,
                              .overage_minutes = 30,
                              .non_billable_minutes = 50}));
  EXPECT_EQ(b->BillableRawMinutes(), 50);
}

TEST(PoolTest, NonBillableEntryBetweenTwoBillableOnesDoesNotShiftTheSplit) {
  for (RoundingScope scope : {RoundingScope::kEntry, RoundingScope::kTicket}) {
    const PoolTerms terms = Terms(240, 30, scope);
    PoolAllocation with = MustAllocate(
        terms, {{"a1", "A", 200}, {"a2", "A", 100, false}, {"b1", "B", 50}, {"a3", "A", 20}});
    PoolAllocation without =
        MustAllocate(terms, {{"a1", "A", 200}, {"b1", "B", 50}, {"a3", "A", 20}});
    for (const EntryAllocation& e : without.entries) {
      EXPECT_EQ(*with.FindEntry(e.entry_id), e) << e.entry_id;
    }
    EXPECT_EQ(with.used_minutes, without.used_minutes);
    EXPECT_EQ(with.overage_minutes, without.overage_minutes);
    EXPECT_EQ(with.raw_minutes, without.raw_minutes + 100);
  }
}

TEST(PoolTest, TicketScopeRoundsTheBillableSumOnly) {
  // Extra, TICKET+UP: 7 and 15 billable around a non-billable 20: the
  // ticket rounds 22 -> 30, not 42 -> 45.
  PoolAllocation a = MustAllocate(Terms(60, 15, RoundingScope::kTicket),
                                  {{"e1", "t1", 7}, {"e2", "t1", 20, false}, {"e3", "t1", 15}});
  EXPECT_THAT(Billed(a), ElementsAre(15, 0, 15));
  ASSERT_EQ(a.tickets.size(), 1u);
  EXPECT_EQ(a.tickets[0].raw_minutes, 42);
  EXPECT_EQ(a.tickets[0].non_billable_minutes, 20);
  EXPECT_EQ(a.tickets[0].billed_minutes, 30);
  EXPECT_EQ(a.used_minutes, 30);
}

TEST(PoolTest, OnlyNonBillableEntriesLeaveTheWholePool) {
  PoolAllocation a = MustAllocate(Extra(), {{"e1", "t1", 90, false}, {"e2", "t2", 1440, false}});
  EXPECT_EQ(a.raw_minutes, 1530);
  EXPECT_EQ(a.used_minutes, 0);
  EXPECT_EQ(a.left_minutes, 60);
  EXPECT_EQ(a.overage_minutes, 0);
  EXPECT_EQ(a.tickets.size(), 2u);
}

TEST(PoolTest, NonBillableEntriesAreValidatedLikeAnyOther) {
  EXPECT_FALSE(Allocate(Extra(), {{"e1", "t1", 0, false}}).ok());
  EXPECT_FALSE(Allocate(Extra(), {{"e1", "t1", 1441, false}}).ok());
  EXPECT_FALSE(Allocate(Extra(), {{"e1", "t1", 5}, {"e1", "t1", 5, false}}).ok());
}

// --- refusals ---

TEST(PoolTest, RefusesInvalidTerms) {
  absl::Status s = Allocate(Terms(-1, 0), {}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ErrorDetail d = DetailOf(s);
  ASSERT_EQ(d.fields.size(), 2u);
  EXPECT_EQ(d.fields[0].field, "terms.included_minutes");
  EXPECT_EQ(d.fields[1].field, "terms.increment_minutes");
  EXPECT_FALSE(Allocate(Terms(60, 1441), {}).ok());
  EXPECT_TRUE(ValidatePoolTerms("p", Terms(0, 1440)).ok());
}

TEST(PoolTest, RefusesEntriesOutsideOneToADay) {
  absl::Status s = Allocate(Extra(), OneTicket({7, 0})).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "entries[1].raw_minutes");
  EXPECT_FALSE(Allocate(Extra(), OneTicket({1441})).ok());
  EXPECT_FALSE(Allocate(Extra(), OneTicket({-5})).ok());
  EXPECT_TRUE(Allocate(Extra(), OneTicket({1, 1440})).ok());
}

TEST(PoolTest, RefusesDuplicateAndEmptyIds) {
  EXPECT_FALSE(Allocate(Extra(), {{"e1", "A", 5}, {"e1", "B", 5}}).ok());
  EXPECT_FALSE(Allocate(Extra(), {{"", "A", 5}}).ok());
  EXPECT_FALSE(Allocate(Extra(), {{"e1", "", 5}}).ok());
}

// --- appending from running totals ---

TEST(BilledMinutesTest, EntryAndTicketScope) {
  EXPECT_EQ(BilledMinutes(Extra(), 27, 15), 15);                                // ENTRY: round(15)
  EXPECT_EQ(BilledMinutes(Terms(60, 15, RoundingScope::kTicket), 27, 15), 15);  // 45 - 30
  EXPECT_EQ(BilledMinutes(Terms(60, 15, RoundingScope::kTicket), 27, 3), 0);    // 30 - 30
  EXPECT_EQ(BilledMinutes(Terms(60, 15, RoundingScope::kTicket), 0, 7), 15);
}

TEST(AllocateAppendedTest, SpecProfessionalFromTotals) {
  // The period has used 210; ticket B has nothing yet; B logs 50.
  absl::StatusOr<EntryAllocation> e = AllocateAppended(Professional(), 210, 0, {"b1", "B", 50});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(*e, (EntryAllocation{"b1", "B", 50, 60, 30, 30}));
}

TEST(AllocateAppendedTest, NonBillableEntryBillsNothing) {
  absl::StatusOr<EntryAllocation> e =
      AllocateAppended(Professional(), 270, 50, {"b3", "B", 50, false});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(*e, (EntryAllocation{"b3", "B", 50, 0, 0, 0, false}));
  EXPECT_FALSE(AllocateAppended(Professional(), 0, 0, {"b3", "B", 0, false}).ok());
}

TEST(AllocateAppendedTest, OverfullPeriodMakesItAllOverage) {
  EXPECT_EQ(AllocateAppended(Extra(), 90, 0, {"e", "t", 7})->overage_minutes, 15);
}

TEST(AllocateAppendedTest, RefusesWhatAllocateRefuses) {
  EXPECT_FALSE(AllocateAppended(Extra(), 0, 0, {"e", "t", 0}).ok());
  EXPECT_FALSE(AllocateAppended(Extra(), 0, 0, {"e", "t", 1441}).ok());
  EXPECT_FALSE(AllocateAppended(Terms(60, 0), 0, 0, {"e", "t", 5}).ok());
  EXPECT_FALSE(AllocateAppended(Extra(), 0, 0, {"", "t", 5}).ok());
  EXPECT_FALSE(AllocateAppended(Extra(), -1, 0, {"e", "t", 5}).ok());
  EXPECT_FALSE(AllocateAppended(Extra(), 0, -1, {"e", "t", 5}).ok());
}

TEST(AllocateAppendedTest, EqualsTheLastEntryOfAFullAllocation) {
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    PoolTerms terms{static_cast<int64_t>(rng() % 400),
                    std::vector<int64_t>{1, 15, 30, 60, 1440}[rng() % 5],
                    rng() % 2 ? RoundingScope::kEntry : RoundingScope::kTicket,
                    std::vector<RoundingDirection>{kUp, kNearest, kDown}[rng() % 3]};
    std::vector<PoolEntry> entries;
    for (int i = 0, n = static_cast<int>(rng() % 10); i < n; ++i) {
      entries.push_back({absl::StrCat("e", i), absl::StrCat("t", rng() % 3),
                         1 + static_cast<int64_t>(rng() % 300), rng() % 4 != 0});
    }
    const PoolEntry added{"new", absl::StrCat("t", rng() % 4),
                          1 + static_cast<int64_t>(rng() % 300), rng() % 4 != 0};
    PoolAllocation before = MustAllocate(terms, entries);
    const TicketTotals* ticket = before.FindTicket(added.ticket_id);
    absl::StatusOr<EntryAllocation> appended = AllocateAppended(
        terms, before.used_minutes, ticket == nullptr ? 0 : ticket->BillableRawMinutes(), added);
    ASSERT_TRUE(appended.ok());
    entries.push_back(added);
    ASSERT_EQ(*appended, MustAllocate(terms, entries).entries.back());
  }
}

// --- proposed changes ---

TEST(EvaluateChangeTest, CreateIsLoggedLast) {
  absl::StatusOr<ChangeOutcome> o =
      EvaluateChange(Professional(), {{"a1", "A", 200}}, EntryChange::Create({"b1", "B", 50}));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->kind, EntryChange::Kind::kCreate);
  EXPECT_EQ(o->ticket_id, "B");
  EXPECT_EQ(o->before.used_minutes, 210);
  EXPECT_EQ(o->before.left_minutes, 30);
  EXPECT_EQ(o->after.used_minutes, 270);
  EXPECT_EQ(*o->after.FindEntry("b1"), (EntryAllocation{"b1", "B", 50, 60, 30, 30}));
  EXPECT_THAT(o->entries_after, ElementsAre(PoolEntry{"a1", "A", 200}, PoolEntry{"b1", "B", 50}));
}

TEST(EvaluateChangeTest, EditKeepsThePositionAndMovesTheSplit) {
  // Shrinking A's entry to 170 (-> 180) leaves 60 for B: no overage any more.
  absl::StatusOr<ChangeOutcome> o = EvaluateChange(
      Professional(), {{"a1", "A", 200}, {"b1", "B", 50}}, EntryChange::Edit("a1", 170));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->ticket_id, "A");
  EXPECT_EQ(o->after.entries[0].entry_id, "a1");
  EXPECT_EQ(o->after.entries[0].billed_minutes, 180);
  EXPECT_EQ(o->after.FindEntry("b1")->overage_minutes, 0);
  EXPECT_EQ(o->before.FindEntry("b1")->overage_minutes, 30);
  EXPECT_EQ(o->after.overage_minutes, 0);
}

TEST(EvaluateChangeTest, DeleteFreesThePoolForLaterEntries) {
  absl::StatusOr<ChangeOutcome> o = EvaluateChange(
      Professional(), {{"a1", "A", 200}, {"b1", "B", 50}}, EntryChange::Delete("a1"));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->ticket_id, "A");
  EXPECT_EQ(o->after.entries.size(), 1u);
  EXPECT_EQ(o->after.used_minutes, 60);
  EXPECT_EQ(o->after.left_minutes, 180);
  EXPECT_EQ(o->after.FindTicket("A"), nullptr);
}

TEST(EvaluateChangeTest, TicketScopeEditRecomputesTheTicketsLaterEntries) {
  absl::StatusOr<ChangeOutcome> o = EvaluateChange(
      Terms(60, 15, RoundingScope::kTicket), OneTicket({7, 20, 15}), EntryChange::Edit("e1", 10));
  ASSERT_TRUE(o.ok());
  // Sums 10, 30, 45 -> 15, 30, 45.
  EXPECT_THAT(Billed(o->after), ElementsAre(15, 15, 15));
  o = EvaluateChange(Terms(60, 15, RoundingScope::kTicket), OneTicket({7, 20, 15}),
                     EntryChange::Edit("e1", 9));
  ASSERT_TRUE(o.ok());
  // Sums 9, 29, 44 -> 15, 30, 45: still 45 in all.
  EXPECT_EQ(o->after.used_minutes, 45);
}

TEST(EvaluateChangeTest, FlippingTheBillableFlagRecomputesTheSplit) {
  const std::vector<PoolEntry> entries = {
      {"a1", "A", 200}, {"b1", "B", 50, false}, {"b2", "B", 50}};
  // b1 becomes billable: it takes the last 30 included minutes, so b2 is all overage.
  absl::StatusOr<ChangeOutcome> o =
      EvaluateChange(Professional(), entries, EntryChange::Edit("b1", 50, true));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->billable);
  EXPECT_EQ(*o->after.FindEntry("b1"), (EntryAllocation{"b1", "B", 50, 60, 30, 30}));
  EXPECT_EQ(*o->after.FindEntry("b2"), (EntryAllocation{"b2", "B", 50, 60, 0, 60}));
  EXPECT_EQ(o->after.used_minutes, 330);
  EXPECT_EQ(o->after.raw_minutes, o->before.raw_minutes);
  EXPECT_TRUE(o->entries_after[1].billable);

  // a1 stops being billable: b2 fits the pool again.
  o = EvaluateChange(Professional(), entries, EntryChange::Edit("a1", 200, false));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->billable);
  EXPECT_EQ(*o->after.FindEntry("a1"), (EntryAllocation{"a1", "A", 200, 0, 0, 0, false}));
  EXPECT_EQ(*o->after.FindEntry("b2"), (EntryAllocation{"b2", "B", 50, 60, 60, 0}));
  EXPECT_EQ(o->after.used_minutes, 60);
}

TEST(EvaluateChangeTest, EditWithoutAFlagKeepsTheEntrysFlag) {
  absl::StatusOr<ChangeOutcome> o =
      EvaluateChange(Professional(), {{"a1", "A", 200, false}}, EntryChange::Edit("a1", 100));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->billable);
  EXPECT_FALSE(o->entries_after[0].billable);
  EXPECT_EQ(o->after.used_minutes, 0);
  EXPECT_EQ(o->after.raw_minutes, 100);
}

TEST(EvaluateChangeTest, RefusesUnknownAndDuplicateEntries) {
  EXPECT_EQ(EvaluateChange(Extra(), OneTicket({5}), EntryChange::Edit("zz", 5)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(EvaluateChange(Extra(), OneTicket({5}), EntryChange::Delete("zz")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      EvaluateChange(Extra(), OneTicket({5}), EntryChange::Create({"e1", "t1", 5})).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(EvaluateChangeTest, RefusesInvalidNewMinutes) {
  EXPECT_FALSE(EvaluateChange(Extra(), OneTicket({5}), EntryChange::Edit("e1", 0)).ok());
  EXPECT_FALSE(
      EvaluateChange(Extra(), OneTicket({5}), EntryChange::Create({"e2", "t1", 1441})).ok());
}

}  // namespace
}  // namespace supportbytime::domain
