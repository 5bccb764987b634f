#include "server/domain/currency.h"

#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(CurrencyTest, TwoDigitsForMostCurrencies) {
  for (const char* code : {"EUR", "USD", "PLN", "GBP", "CHF", "SEK", "CZK", "HUF", "CAD", "XCD"}) {
    EXPECT_THAT(MinorDigits(code), Optional(2)) << code;
  }
}

TEST(CurrencyTest, ZeroDigitCurrencies) {
  for (const char* code : {"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "XPF", "BIF", "DJF",
                           "GNF", "KMF", "PYG", "RWF", "UGX", "UYI", "VUV"}) {
    EXPECT_THAT(MinorDigits(code), Optional(0)) << code;
  }
}

TEST(CurrencyTest, ThreeDigitCurrencies) {
  for (const char* code : {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}) {
    EXPECT_THAT(MinorDigits(code), Optional(3)) << code;
  }
}

TEST(CurrencyTest, FourDigitUnitsOfAccount) {
  EXPECT_THAT(MinorDigits("CLF"), Optional(4));
  EXPECT_THAT(MinorDigits("UYW"), Optional(4));
}

TEST(CurrencyTest, RecentAmendments) {
  EXPECT_TRUE(IsCurrency("ZWG"));
  EXPECT_TRUE(IsCurrency("XCG"));
  EXPECT_TRUE(IsCurrency("SLE"));
  EXPECT_TRUE(IsCurrency("VED"));
  EXPECT_FALSE(IsCurrency("HRK"));  // Croatia adopted the euro in 2023
  EXPECT_FALSE(IsCurrency("ZWL"));
  EXPECT_FALSE(IsCurrency("SLL"));
  EXPECT_FALSE(IsCurrency("DEM"));
  EXPECT_FALSE(IsCurrency("VEF"));
}

TEST(CurrencyTest, CodesWithoutMinorUnitCannotPriceAnything) {
  for (const char* code : {"XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC",
                           "XBD", "XTS", "XXX"}) {
    EXPECT_FALSE(IsCurrency(code)) << code;
  }
}

TEST(CurrencyTest, MatchesExactly) {
  EXPECT_FALSE(IsCurrency("eur"));
  EXPECT_FALSE(IsCurrency("Eur"));
  EXPECT_FALSE(IsCurrency(""));
  EXPECT_FALSE(IsCurrency("EU"));
  EXPECT_FALSE(IsCurrency("EURO"));
  EXPECT_FALSE(IsCurrency(" EUR"));
  EXPECT_FALSE(IsCurrency(std::string("EUR\0", 4)));
}

TEST(CurrencyTest, TableIsSortedUniqueAndWellFormed) {
  auto all = ActiveCurrencies();
  ASSERT_GT(all.size(), 150u);
  for (size_t i = 0; i < all.size(); ++i) {
    const CurrencyInfo& c = all[i];
    ASSERT_EQ(c.code.size(), 3u);
    for (char ch : c.code) EXPECT_TRUE(absl::ascii_isupper(static_cast<unsigned char>(ch)));
    EXPECT_TRUE(c.minor_digits == 0 || c.minor_digits == 2 || c.minor_digits == 3 ||
                c.minor_digits == 4)
        << c.code;
    if (i > 0) {
      EXPECT_LT(all[i - 1].code, c.code);
    }
    EXPECT_THAT(MinorDigits(c.code), Optional(c.minor_digits));
  }
}

TEST(CurrencyTest, ValidateNamesTheFieldAndTheValue) {
  EXPECT_TRUE(ValidateCurrency("client.currency_code", "EUR").ok());
  absl::Status s = ValidateCurrency("client.currency_code", "eur");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "INVALID_FIELD");
  ASSERT_EQ(d.fields.size(), 1u);
  EXPECT_EQ(d.fields[0].field, "client.currency_code");
  EXPECT_THAT(d.fields[0].description, HasSubstr("ISO 4217"));
  EXPECT_THAT(d.fields[0].description, HasSubstr("\"eur\""));
}

TEST(CurrencyTest, ValidateKeepsMessagesShortAndPrintable) {
  absl::Status s = ValidateCurrency("c", std::string("\n\x01") + std::string(1000, 'A'));
  EXPECT_LT(s.message().size(), 200u);
  EXPECT_EQ(s.message().find('\n'), absl::string_view::npos);
}

}  // namespace
}  // namespace supportbytime::domain
