#include "server/domain/money.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::string FieldOf(const absl::Status& s) {
  ErrorDetail d = DetailOf(s);
  return d.fields.empty() ? "" : d.fields[0].field;
}

// --- google.type.Money -> Money ---

TEST(MoneyFromUnitsNanosTest, EuroWithCents) {
  absl::StatusOr<Money> m = MoneyFromUnitsNanos("rate", "EUR", 40, 0);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, (Money{4000, "EUR"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("rate", "EUR", 4, 670'000'000), (Money{467, "EUR"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("rate", "EUR", 0, 10'000'000), (Money{1, "EUR"}));
}

TEST(MoneyFromUnitsNanosTest, NegativeAmounts) {
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "EUR", -1, -750'000'000), (Money{-175, "EUR"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "EUR", 0, -10'000'000), (Money{-1, "EUR"}));
}

TEST(MoneyFromUnitsNanosTest, ZeroAndThreeDigitCurrencies) {
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "JPY", 4000, 0), (Money{4000, "JPY"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "KWD", 1, 500'000'000), (Money{1500, "KWD"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "KWD", 0, 1'000'000), (Money{1, "KWD"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "CLF", 2, 100'000), (Money{20001, "CLF"}));
}

TEST(MoneyFromUnitsNanosTest, RefusesFractionsFinerThanTheMinorUnit) {
  absl::Status s = MoneyFromUnitsNanos("rate", "EUR", 4, 665'000'000).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).reason, "INVALID_FIELD");
  EXPECT_EQ(FieldOf(s), "rate.nanos");
  EXPECT_THAT(s.message(), HasSubstr("at most 2 decimal places"));

  s = MoneyFromUnitsNanos("rate", "JPY", 1, 500'000'000).status();
  EXPECT_EQ(FieldOf(s), "rate.nanos");
  EXPECT_THAT(s.message(), HasSubstr("no fractional part"));

  EXPECT_FALSE(MoneyFromUnitsNanos("m", "KWD", 0, 100'000).ok());
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "EUR", 0, 1).ok());
}

TEST(MoneyFromUnitsNanosTest, RefusesMalformedNanos) {
  EXPECT_EQ(FieldOf(MoneyFromUnitsNanos("m", "EUR", 0, 1'000'000'000).status()), "m.nanos");
  EXPECT_EQ(FieldOf(MoneyFromUnitsNanos("m", "EUR", 0, -1'000'000'000).status()), "m.nanos");
  absl::Status s = MoneyFromUnitsNanos("m", "EUR", 1, -10'000'000).status();
  EXPECT_EQ(FieldOf(s), "m.nanos");
  EXPECT_THAT(s.message(), HasSubstr("same sign"));
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "EUR", -1, 10'000'000).ok());
}

TEST(MoneyFromUnitsNanosTest, RefusesUnknownCurrency) {
  absl::Status s = MoneyFromUnitsNanos("price", "XYZ", 1, 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "price.currency_code");
  EXPECT_FALSE(MoneyFromUnitsNanos("price", "", 1, 0).ok());
}

TEST(MoneyFromUnitsNanosTest, RefusesOverflow) {
  // 92,233,720,368,547,758.07 EUR is the largest representable amount.
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "EUR", kMax / 100, 70'000'000), (Money{kMax, "EUR"}));
  absl::Status s = MoneyFromUnitsNanos("m", "EUR", kMax / 100, 80'000'000).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "m.units");
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "EUR", kMax / 100 + 1, 0).ok());
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "EUR", kMax, 0).ok());
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "EUR", kMin, 0).ok());
  EXPECT_FALSE(MoneyFromUnitsNanos("m", "KWD", kMax / 100, 0).ok());
  // Zero-digit currencies take the full int64 range of units.
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "JPY", kMax, 0), (Money{kMax, "JPY"}));
  EXPECT_EQ(*MoneyFromUnitsNanos("m", "JPY", kMin, 0), (Money{kMin, "JPY"}));
}

// --- Money -> google.type.Money ---

TEST(ToUnitsNanosTest, SplitsMinorUnits) {
  EXPECT_EQ(*ToUnitsNanos({4000, "EUR"}), (UnitsNanos{40, 0}));
  EXPECT_EQ(*ToUnitsNanos({467, "EUR"}), (UnitsNanos{4, 670'000'000}));
  EXPECT_EQ(*ToUnitsNanos({-175, "EUR"}), (UnitsNanos{-1, -750'000'000}));
  EXPECT_EQ(*ToUnitsNanos({-5, "EUR"}), (UnitsNanos{0, -50'000'000}));
  EXPECT_EQ(*ToUnitsNanos({4000, "JPY"}), (UnitsNanos{4000, 0}));
  EXPECT_EQ(*ToUnitsNanos({1500, "KWD"}), (UnitsNanos{1, 500'000'000}));
  EXPECT_EQ(*ToUnitsNanos({kMax, "EUR"}), (UnitsNanos{kMax / 100, 70'000'000}));
  EXPECT_EQ(*ToUnitsNanos({kMin, "EUR"}), (UnitsNanos{kMin / 100, -80'000'000}));
}

TEST(ToUnitsNanosTest, RefusesUnknownCurrency) { EXPECT_FALSE(ToUnitsNanos({1, "ABC"}).ok()); }

TEST(ToUnitsNanosTest, RoundTripsEveryDigitCount) {
  for (const char* currency : {"JPY", "EUR", "KWD", "CLF"}) {
    for (int64_t minor : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999}, int64_t{-1001},
                          int64_t{123456789}, kMax, kMin}) {
      absl::StatusOr<UnitsNanos> wire = ToUnitsNanos({minor, currency});
      ASSERT_TRUE(wire.ok());
      absl::StatusOr<Money> back = MoneyFromUnitsNanos("m", currency, wire->units, wire->nanos);
      ASSERT_TRUE(back.ok()) << currency << " " << minor << " " << back.status();
      EXPECT_EQ(back->minor, minor);
    }
  }
}

// --- R6 overage cost ---

TEST(OverageCostTest, SpecExampleThirtyMinutesAtFortyEuro) {
  EXPECT_EQ(*OverageCost(30, 4000), 2000);
  EXPECT_EQ(*OverageCost(30, Money{4000, "EUR"}), (Money{2000, "EUR"}));
}

TEST(OverageCostTest, SpecExampleSevenMinutesRoundsHalfUp) {
  // 7 x 4000 / 60 = 466.67 -> 467.
  EXPECT_EQ(*OverageCost(7, 4000), 467);
  EXPECT_EQ(*FormatMoney(*OverageCost(7, Money{4000, "EUR"})), "EUR 4.67");
}

TEST(OverageCostTest, HalfUpAtExactlyHalf) {
  // 1 x 30 / 60 = 0.5 -> 1; 1 x 29 / 60 = 0.48 -> 0; 3 x 50 / 60 = 2.5 -> 3.
  EXPECT_EQ(*OverageCost(1, 30), 1);
  EXPECT_EQ(*OverageCost(1, 29), 0);
  EXPECT_EQ(*OverageCost(3, 50), 3);
  EXPECT_EQ(*OverageCost(1, 89), 1);  // 1.483
  EXPECT_EQ(*OverageCost(1, 90), 2);  // 1.5
}

TEST(OverageCostTest, ZeroMinutesOrZeroRateCostNothing) {
  EXPECT_EQ(*OverageCost(0, 4000), 0);
  EXPECT_EQ(*OverageCost(90, 0), 0);
}

TEST(OverageCostTest, WholeHoursAreExact) {
  EXPECT_EQ(*OverageCost(60, 4000), 4000);
  EXPECT_EQ(*OverageCost(600, 4000), 40000);
  EXPECT_EQ(*OverageCost(60, Money{4000, "JPY"}), (Money{4000, "JPY"}));
  EXPECT_EQ(*OverageCost(20, Money{1500, "KWD"}), (Money{500, "KWD"}));
}

TEST(OverageCostTest, RefusesNegativeInputs) {
  EXPECT_EQ(OverageCost(-1, 4000).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OverageCost(1, -4000).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(OverageCostTest, RefusesOverflowInsteadOfWrapping) {
  absl::Status s = OverageCost(kMax / 1000 + 1, 1000).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(DetailOf(s).reason, "AMOUNT_OUT_OF_RANGE");
  EXPECT_TRUE(OverageCost(kMax / 1000, 1000).ok());
  EXPECT_FALSE(OverageCost(2, kMax).ok());
}

TEST(OverageCostTest, RoundsTheLargestProductCorrectly) {
  // kMax = 60 * 153722867280912930 + 7: 7/60 < 1/2, so it rounds down.
  EXPECT_EQ(kMax % 60, 7);
  EXPECT_EQ(*OverageCost(1, kMax), kMax / 60);
}

TEST(OverageCostTest, MoneyRateMustHaveAKnownCurrency) {
  EXPECT_FALSE(OverageCost(30, Money{4000, "XXX"}).ok());
}

// --- arithmetic, validation, formatting ---

TEST(AddMoneyTest, AddsOneCurrency) {
  EXPECT_EQ(*AddMoney({2000, "EUR"}, {467, "EUR"}), (Money{2467, "EUR"}));
}

TEST(AddMoneyTest, RefusesMixedCurrencies) {
  EXPECT_EQ(AddMoney({1, "EUR"}, {1, "USD"}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AddMoneyTest, RefusesOverflow) {
  absl::Status s = AddMoney({kMax, "EUR"}, {1, "EUR"}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(DetailOf(s).reason, "AMOUNT_OUT_OF_RANGE");
  EXPECT_FALSE(AddMoney({kMin, "EUR"}, {-1, "EUR"}).ok());
}

TEST(ValidatePriceTest, AcceptsZeroAndPositive) {
  EXPECT_TRUE(ValidatePrice("price", {0, "EUR"}).ok());
  EXPECT_TRUE(ValidatePrice("price", {3000, "EUR"}).ok());
}

TEST(ValidatePriceTest, RefusesNegativeAndUnknownCurrency) {
  EXPECT_EQ(FieldOf(ValidatePrice("price", {-1, "EUR"})), "price");
  EXPECT_EQ(FieldOf(ValidatePrice("price", {1, "eur"})), "price.currency_code");
}

TEST(FormatTest, SpecFormats) {
  EXPECT_EQ(*FormatMoney({4000, "EUR"}), "EUR 40.00");
  EXPECT_EQ(*FormatMoney({4000, "JPY"}), "JPY 4000");
  EXPECT_EQ(*FormatMoney({1500, "KWD"}), "KWD 1.500");
}

TEST(FormatTest, SmallNegativeAndExtremeAmounts) {
  EXPECT_EQ(FormatMinor(0, 2), "0.00");
  EXPECT_EQ(FormatMinor(5, 2), "0.05");
  EXPECT_EQ(FormatMinor(-5, 2), "-0.05");
  EXPECT_EQ(FormatMinor(-175, 2), "-1.75");
  EXPECT_EQ(FormatMinor(1, 3), "0.001");
  EXPECT_EQ(FormatMinor(0, 0), "0");
  EXPECT_EQ(FormatMinor(-7, 0), "-7");
  EXPECT_EQ(FormatMinor(1, 4), "0.0001");
  EXPECT_EQ(FormatMinor(kMax, 2), "92233720368547758.07");
  EXPECT_EQ(FormatMinor(kMin, 2), "-92233720368547758.08");
}

TEST(FormatTest, UnknownCurrencyIsAnError) { EXPECT_FALSE(FormatMoney({1, "ABC"}).ok()); }

}  // namespace
}  // namespace supportbytime::domain
