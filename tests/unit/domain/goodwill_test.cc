#include "server/domain/goodwill.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supportbytime::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

GoodwillBases MustParse(absl::string_view spec) {
  absl::StatusOr<GoodwillBases> bases = GoodwillBases::Parse(spec);
  EXPECT_TRUE(bases.ok()) << spec << ": " << bases.status();
  return bases.value_or(GoodwillBases());
}

std::string ErrorOf(absl::string_view spec) {
  absl::StatusOr<GoodwillBases> bases = GoodwillBases::Parse(spec);
  EXPECT_FALSE(bases.ok()) << spec << " parsed as " << bases->ToString();
  if (bases.ok()) return "";
  EXPECT_EQ(bases.status().code(), absl::StatusCode::kInvalidArgument) << spec;
  return std::string(bases.status().message());
}

TEST(GoodwillBasesTest, DefaultIsThirtyEuroOnly) {
  const GoodwillBases bases = MustParse(kDefaultGoodwillBases);
  EXPECT_THAT(bases.Base("EUR"), Optional(Money{3000, "EUR"}));
  EXPECT_EQ(bases.ResetMinor("EUR"), 3000);
  EXPECT_EQ(bases.Base("USD"), std::nullopt);
  EXPECT_EQ(bases.Base("JPY"), std::nullopt);
  EXPECT_EQ(bases.ResetMinor("JPY"), 0);
}

TEST(GoodwillBasesTest, NoBaseAtAllByDefaultConstruction) {
  EXPECT_EQ(GoodwillBases().Base("EUR"), std::nullopt);
  EXPECT_EQ(GoodwillBases().ResetMinor("EUR"), 0);
  EXPECT_EQ(GoodwillBases().ToString(), "");
}

TEST(GoodwillBasesTest, AmountsUseEachCurrencysMinorDigits) {
  const GoodwillBases bases = MustParse("EUR:30.00,USD:25.00,KWD:10.000,JPY:3000,CLF:1.2345");
  EXPECT_THAT(bases.Base("EUR"), Optional(Money{3000, "EUR"}));
  EXPECT_THAT(bases.Base("USD"), Optional(Money{2500, "USD"}));
  EXPECT_THAT(bases.Base("KWD"), Optional(Money{10000, "KWD"}));
  EXPECT_THAT(bases.Base("JPY"), Optional(Money{3000, "JPY"}));
  EXPECT_THAT(bases.Base("CLF"), Optional(Money{12345, "CLF"}));
  EXPECT_EQ(bases.Base("GBP"), std::nullopt);
}

TEST(GoodwillBasesTest, FewerDecimalsThanTheMinorUnitAreExact) {
  EXPECT_THAT(MustParse("EUR:30").Base("EUR"), Optional(Money{3000, "EUR"}));
  EXPECT_THAT(MustParse("EUR:30.5").Base("EUR"), Optional(Money{3050, "EUR"}));
  EXPECT_THAT(MustParse("KWD:10.5").Base("KWD"), Optional(Money{10500, "KWD"}));
  EXPECT_THAT(MustParse("KWD:0.001").Base("KWD"), Optional(Money{1, "KWD"}));
  EXPECT_THAT(MustParse("USD:007.10").Base("USD"), Optional(Money{710, "USD"}));
}

TEST(GoodwillBasesTest, ZeroIsAConfiguredBase) {
  const GoodwillBases bases = MustParse("EUR:0");
  EXPECT_THAT(bases.Base("EUR"), Optional(Money{0, "EUR"}));
}

TEST(GoodwillBasesTest, SpacesAroundEntriesAreIgnored) {
  EXPECT_EQ(MustParse(" EUR:30.00 , USD:25.00 "), MustParse("EUR:30.00,USD:25.00"));
}

TEST(GoodwillBasesTest, CanonicalFormRoundTrips) {
  const GoodwillBases bases = MustParse("USD:25,KWD:10.000,EUR:30.5,JPY:3000");
  EXPECT_EQ(bases.ToString(), "EUR:30.50,JPY:3000,KWD:10.000,USD:25.00");
  EXPECT_EQ(MustParse(bases.ToString()), bases);
}

TEST(GoodwillBasesTest, RefusesMalformedSpecs) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("CURRENCY:AMOUNT"));
  EXPECT_THAT(ErrorOf("   "), HasSubstr("CURRENCY:AMOUNT"));
  EXPECT_THAT(ErrorOf("EUR:30.00,"), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf(",EUR:30.00"), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf("EUR:30.00;USD:25.00"), HasSubstr("CURRENCY:AMOUNT"));
  EXPECT_THAT(ErrorOf("EUR30"), HasSubstr("\"EUR30\""));
  EXPECT_THAT(ErrorOf("EUR:30:00"), HasSubstr("CURRENCY:AMOUNT"));
  EXPECT_THAT(ErrorOf("EUR:30,00"), HasSubstr("\"00\""));
  EXPECT_THAT(ErrorOf("EUR:"), HasSubstr("decimal number"));
  for (const char* amount : {"thirty", "30.", ".5", "+30", "3e1", "30 .00", "0x10"}) {
    EXPECT_THAT(ErrorOf(absl::StrCat("EUR:", amount)), HasSubstr("decimal number")) << amount;
  }
}

TEST(GoodwillBasesTest, RefusesUnknownCurrencies) {
  for (const char* code : {"eur", "XXX", "EURO", "HRK", ""}) {
    const std::string error = ErrorOf(absl::StrCat(code, ":30"));
    EXPECT_THAT(error, HasSubstr("ISO 4217")) << code;
    EXPECT_THAT(error, HasSubstr(absl::StrCat("\"", code, "\""))) << code;
  }
}

TEST(GoodwillBasesTest, RefusesNegativeTooPreciseAndTooLargeAmounts) {
  EXPECT_THAT(ErrorOf("EUR:-5"), HasSubstr("negative"));
  EXPECT_THAT(ErrorOf("EUR:-0.01"), HasSubstr("negative"));
  EXPECT_THAT(ErrorOf("EUR:30.001"), HasSubstr("EUR has 2 decimals"));
  EXPECT_THAT(ErrorOf("KWD:10.0001"), HasSubstr("KWD has 3 decimals"));
  EXPECT_THAT(ErrorOf("JPY:30.5"), HasSubstr("JPY has no minor unit"));
  EXPECT_THAT(ErrorOf("JPY:30.0"), HasSubstr("JPY has no minor unit"));
  EXPECT_THAT(ErrorOf("EUR:92233720368547758.08"), HasSubstr("too large"));
  EXPECT_THAT(ErrorOf("EUR:99999999999999999999"), HasSubstr("too large"));
  // The largest amount that fits in int64 minor units.
  EXPECT_THAT(MustParse("EUR:92233720368547758.07").Base("EUR"), Optional(Money{INT64_MAX, "EUR"}));
}

TEST(GoodwillBasesTest, RefusesACurrencyGivenTwice) {
  EXPECT_THAT(ErrorOf("EUR:30.00,USD:25.00,EUR:40.00"), HasSubstr("EUR is given more than once"));
}

TEST(GoodwillBasesTest, ErrorsNameTheEntryAtFault) {
  EXPECT_THAT(ErrorOf("EUR:30.00,USD:-1"), HasSubstr("\"USD:-1\""));
  EXPECT_THAT(ErrorOf("EUR:30.00, KWD:1.0000"), HasSubstr("\"KWD:1.0000\""));
}

}  // namespace
}  // namespace supportbytime::domain
