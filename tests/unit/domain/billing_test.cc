#include "server/domain/billing.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

const Money kEur40{4000, "EUR"};

PoolAllocation MustAllocate(const PoolTerms& terms, const std::vector<PoolEntry>& entries) {
  absl::StatusOr<PoolAllocation> a = Allocate(terms, entries);
  EXPECT_TRUE(a.ok()) << a.status();
  return a.ok() ? *a : PoolAllocation{};
}

PoolTerms Professional() {
  return PoolTerms{240, 30, RoundingScope::kEntry, RoundingDirection::kUp};
}

TEST(LineCostTest, SpecExamples) {
  EXPECT_EQ(*LineCost(30, kEur40), (Money{2000, "EUR"}));
  EXPECT_EQ(*LineCost(7, kEur40), (Money{467, "EUR"}));
  EXPECT_EQ(*LineCost(0, kEur40), (Money{0, "EUR"}));
}

TEST(FormatHoursTest, TwoDecimalsHalfUp) {
  EXPECT_EQ(FormatHours(0), "0.00");
  EXPECT_EQ(FormatHours(1), "0.02");   // 0.0167
  EXPECT_EQ(FormatHours(7), "0.12");   // 0.1167
  EXPECT_EQ(FormatHours(10), "0.17");  // 0.1667
  EXPECT_EQ(FormatHours(20), "0.33");
  EXPECT_EQ(FormatHours(30), "0.50");
  EXPECT_EQ(FormatHours(45), "0.75");
  EXPECT_EQ(FormatHours(59), "0.98");
  EXPECT_EQ(FormatHours(60), "1.00");
  EXPECT_EQ(FormatHours(61), "1.02");
  EXPECT_EQ(FormatHours(90), "1.50");
  EXPECT_EQ(FormatHours(1800), "30.00");
  EXPECT_EQ(FormatHours(INT64_MAX), "153722867280912930.12");
  EXPECT_EQ(FormatHours(-5), "0.00");
}

TEST(DescriptionTest, SpecFormat) {
  EXPECT_EQ(*BillableItemDescription("Support", 1042, absl::CivilMonth(2026, 4), 30, kEur40),
            "Support #1042 2026-04 0.50 Hour(s) (EUR 40.00/Hour)");
}

TEST(DescriptionTest, OtherItemNamesAndCurrencies) {
  EXPECT_EQ(*BillableItemDescription("Priority Support", 7, absl::CivilMonth(2026, 12), 90,
                                     Money{4000, "JPY"}),
            "Priority Support #7 2026-12 1.50 Hour(s) (JPY 4000/Hour)");
  EXPECT_EQ(
      *BillableItemDescription("Support", 1, absl::CivilMonth(2027, 1), 7, Money{1500, "KWD"}),
      "Support #1 2027-01 0.12 Hour(s) (KWD 1.500/Hour)");
}

TEST(DescriptionTest, EmptyItemNameIsSupport) {
  EXPECT_EQ(*BillableItemDescription("", 5, absl::CivilMonth(2026, 4), 60, kEur40),
            "Support #5 2026-04 1.00 Hour(s) (EUR 40.00/Hour)");
}

TEST(DescriptionTest, UnknownCurrencyFails) {
  EXPECT_FALSE(
      BillableItemDescription("Support", 5, absl::CivilMonth(2026, 4), 60, {1, "ABC"}).ok());
}

TEST(BillPeriodTest, SpecProfessionalBillsTicketB) {
  PoolAllocation a = MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}});
  absl::StatusOr<PeriodBill> bill =
      BillPeriod(a, {{"A", 1042}, {"B", 1043}}, "Support", absl::CivilMonth(2026, 4), kEur40);
  ASSERT_TRUE(bill.ok()) << bill.status();
  ASSERT_EQ(bill->lines.size(), 1u);
  EXPECT_EQ(bill->lines[0], (BillableLine{"B", 1043, 30, Money{2000, "EUR"},
                                          "Support #1043 2026-04 0.50 Hour(s) (EUR 40.00/Hour)"}));
  EXPECT_EQ(bill->total, (Money{2000, "EUR"}));
}

TEST(BillPeriodTest, EachLineIsRoundedOnceAndLinesAddUp) {
  // Increment 1, nothing included: three tickets of 7 overage minutes each.
  // Each line is 4.67; the total is 14.01 (not 21 min x rate = 14.00), so
  // the invoice's lines add up to its total.
  PoolTerms terms{0, 1, RoundingScope::kEntry, RoundingDirection::kUp};
  PoolAllocation a = MustAllocate(terms, {{"1", "X", 7}, {"2", "Y", 7}, {"3", "Z", 7}});
  absl::StatusOr<PeriodBill> bill =
      BillPeriod(a, {{"X", 3}, {"Y", 1}, {"Z", 2}}, "Support", absl::CivilMonth(2026, 4), kEur40);
  ASSERT_TRUE(bill.ok());
  EXPECT_THAT(bill->lines, ElementsAre(Field(&BillableLine::ticket_number, 1),
                                       Field(&BillableLine::ticket_number, 2),
                                       Field(&BillableLine::ticket_number, 3)));
  for (const BillableLine& line : bill->lines) EXPECT_EQ(line.amount, (Money{467, "EUR"}));
  EXPECT_EQ(bill->total, (Money{1401, "EUR"}));
  EXPECT_EQ(*OverageTotal(a, kEur40), bill->total);
}

TEST(BillPeriodTest, NoOverageNoLines) {
  PoolAllocation a = MustAllocate(Professional(), {{"a1", "A", 200}});
  absl::StatusOr<PeriodBill> bill = BillPeriod(a, {}, "Support", absl::CivilMonth(2026, 4), kEur40);
  ASSERT_TRUE(bill.ok());
  EXPECT_TRUE(bill->lines.empty());
  EXPECT_EQ(bill->total, (Money{0, "EUR"}));
}

TEST(BillPeriodTest, RefusesMissingTicketNumberAndBadRate) {
  PoolAllocation a = MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}});
  EXPECT_EQ(BillPeriod(a, {{"A", 1}}, "Support", absl::CivilMonth(2026, 4), kEur40).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(BillPeriod(a, {{"B", 1}}, "S", absl::CivilMonth(2026, 4), {-1, "EUR"}).ok());
  EXPECT_FALSE(BillPeriod(a, {{"B", 1}}, "S", absl::CivilMonth(2026, 4), {4000, "XXX"}).ok());
}

TEST(BillPeriodTest, RefusesALineBeyondInt64) {
  PoolTerms terms{0, 1, RoundingScope::kEntry, RoundingDirection::kUp};
  PoolAllocation a = MustAllocate(terms, {{"1", "X", 1440}, {"2", "X", 1440}});
  const Money huge{INT64_MAX / 1440, "EUR"};  // 1440 minutes fit, 2880 do not
  absl::StatusOr<PeriodBill> bill = BillPeriod(a, {{"X", 1}}, "S", absl::CivilMonth(2026, 4), huge);
  EXPECT_EQ(bill.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(DetailOf(bill.status()).reason, "AMOUNT_OUT_OF_RANGE");
}

TEST(BillPeriodTest, RefusesATotalBeyondInt64) {
  // Each line is about INT64_MAX / 60; 61 of them do not add up in int64.
  PoolTerms terms{0, 1, RoundingScope::kEntry, RoundingDirection::kUp};
  std::vector<PoolEntry> entries;
  absl::flat_hash_map<std::string, int64_t> numbers;
  for (int i = 0; i < 61; ++i) {
    entries.push_back({absl::StrCat("e", i), absl::StrCat("t", i), 1440});
    numbers[absl::StrCat("t", i)] = i;
  }
  PoolAllocation a = MustAllocate(terms, entries);
  const Money huge{INT64_MAX / 1440, "EUR"};
  EXPECT_EQ(BillPeriod(a, numbers, "S", absl::CivilMonth(2026, 4), huge).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(OverageTotal(a, huge).status().code(), absl::StatusCode::kOutOfRange);
  entries.pop_back();
  EXPECT_TRUE(OverageTotal(MustAllocate(terms, entries), huge).ok());
}

TEST(OverageTotalTest, SumsPerTicketLines) {
  PoolAllocation a =
      MustAllocate(Professional(), {{"a1", "A", 200}, {"b1", "B", 50}, {"c1", "C", 7}});
  // B 30 overage = 20.00; C 30 (7 -> 30) = 20.00.
  EXPECT_EQ(*OverageTotal(a, kEur40), (Money{4000, "EUR"}));
}

TEST(PriceInTest, FindsTheClientsCurrency) {
  std::vector<Money> rates = {{4000, "EUR"}, {4500, "USD"}, {17000, "PLN"}};
  EXPECT_EQ(*PriceIn(rates, "PLN", "overage rate"), (Money{17000, "PLN"}));
}

TEST(PriceInTest, MissingCurrencyIsAClearErrorNeverZero) {
  absl::Status s = PriceIn({{4000, "EUR"}, {4500, "USD"}}, "GBP", "overage rate").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "CURRENCY_NOT_PRICED");
  EXPECT_EQ(d.metadata.at("currency_code"), "GBP");
  EXPECT_THAT(s.message(), HasSubstr("no overage rate in GBP"));
  EXPECT_THAT(s.message(), HasSubstr("EUR, USD"));
  EXPECT_FALSE(PriceIn({}, "EUR", "price").ok());
}

TEST(BadgeTest, EveryBadge) {
  EXPECT_EQ(BadgeOf(PeriodState::kOpen, false, std::nullopt), TicketBadge::kOpen);
  EXPECT_EQ(BadgeOf(PeriodState::kOpen, true, InvoiceStatus::kPaid), TicketBadge::kOpen);
  EXPECT_EQ(BadgeOf(PeriodState::kClosed, false, std::nullopt), TicketBadge::kCovered);
  EXPECT_EQ(BadgeOf(PeriodState::kClosed, true, std::nullopt), TicketBadge::kBilled);
  EXPECT_EQ(BadgeOf(PeriodState::kClosed, true, InvoiceStatus::kUnpaid), TicketBadge::kUnpaid);
  EXPECT_EQ(BadgeOf(PeriodState::kClosed, true, InvoiceStatus::kPaid), TicketBadge::kPaid);
  EXPECT_EQ(BadgeOf(PeriodState::kClosed, true, InvoiceStatus::kCancelled),
            TicketBadge::kCancelled);
}

TEST(BadgeTest, Names) {
  EXPECT_EQ(TicketBadgeName(TicketBadge::kOpen), "OPEN");
  EXPECT_EQ(TicketBadgeName(TicketBadge::kCovered), "COVERED");
  EXPECT_EQ(TicketBadgeName(TicketBadge::kBilled), "BILLED");
  EXPECT_EQ(TicketBadgeName(TicketBadge::kUnpaid), "UNPAID");
  EXPECT_EQ(TicketBadgeName(TicketBadge::kPaid), "PAID");
  EXPECT_EQ(TicketBadgeName(TicketBadge::kCancelled), "CANCELLED");
}

}  // namespace
}  // namespace supportbytime::domain
