#include "server/domain/validation.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr absl::string_view kClient = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
constexpr absl::string_view kTicket = "0b2f9c1e-3d4a-4c5b-8e6f-7a8b9c0d1e2f";
constexpr absl::string_view kTicketPattern = "clients/{client}/tickets/{ticket}";

std::string Description(const absl::Status& s) {
  ErrorDetail d = DetailOf(s);
  return d.fields.empty() ? "" : d.fields[0].description;
}

TEST(UuidTest, AcceptsCanonicalFormInEitherCase) {
  EXPECT_TRUE(IsUuid(kClient));
  EXPECT_TRUE(IsUuid("7C9E6679-7425-40DE-944B-E07FC1F90AE7"));
  EXPECT_TRUE(IsUuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_EQ(NormalizeUuid("7C9E6679-7425-40DE-944B-E07FC1F90AE7"), kClient);
}

TEST(UuidTest, RefusesOtherSpellings) {
  for (const char* bad :
       {"", "7c9e6679742540de944be07fc1f90ae7", "{7c9e6679-7425-40de-944b-e07fc1f90ae7}",
        "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7", "7c9e6679-7425-40de-944b-e07fc1f90ae",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7a", "7c9e667g-7425-40de-944b-e07fc1f90ae7",
        "7c9e6679_7425-40de-944b-e07fc1f90ae7", "7c9e66797-425-40de-944b-e07fc1f90ae7",
        " 7c9e6679-7425-40de-944b-e07fc1f90ae"}) {
    EXPECT_FALSE(IsUuid(bad)) << bad;
  }
}

TEST(UuidTest, ValidateNamesTheField) {
  EXPECT_TRUE(ValidateUuid("request_id", kClient).ok());
  absl::Status s = ValidateUuid("request_id", "abc");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "request_id");
  EXPECT_THAT(Description(s), HasSubstr("\"abc\""));
}

TEST(ParseNameTest, ReturnsTheIdsInOrder) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseName(kTicketPattern, absl::StrCat("clients/", kClient, "/tickets/", kTicket));
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(kClient, kTicket));
}

TEST(ParseNameTest, LowerCasesUuids) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseName("clients/{client}", "clients/7C9E6679-7425-40DE-944B-E07FC1F90AE7");
  ASSERT_TRUE(ids.ok());
  EXPECT_THAT(*ids, ElementsAre(kClient));
}

TEST(ParseNameTest, MonthAndTokenVariables) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseName("clients/{client}/subscriptions/{subscription}/periods/{period:month}",
                absl::StrCat("clients/", kClient, "/subscriptions/", kTicket, "/periods/2026-04"));
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(kClient, kTicket, "2026-04"));
  EXPECT_FALSE(ParseName("periods/{period:month}", "periods/2026-13").ok());
  EXPECT_THAT(*ParseName("operators/{operator:token}", "operators/jan.kowalski"),
              ElementsAre("jan.kowalski"));
  EXPECT_FALSE(ParseName("operators/{operator:token}", "operators/jan kowalski").ok());
  EXPECT_FALSE(ParseName("operators/{operator:token}", "operators/" + std::string(64, 'a')).ok());
}

TEST(ParseNameTest, PreciseErrors) {
  const std::string good = absl::StrCat("clients/", kClient, "/tickets/", kTicket);
  absl::Status s = ParseName(kTicketPattern, "", "parent").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "parent");
  EXPECT_THAT(Description(s), HasSubstr("must not be empty"));
  EXPECT_THAT(Description(s), HasSubstr("clients/{client}/tickets/{ticket}"));
  EXPECT_THAT(Description(s), HasSubstr("{client} is a UUID"));

  EXPECT_THAT(Description(ParseName(kTicketPattern, absl::StrCat("clients/", kClient)).status()),
              HasSubstr("has 2 segments instead of 4"));
  EXPECT_THAT(Description(ParseName(kTicketPattern, good + "/").status()), HasSubstr("5 segments"));
  EXPECT_THAT(
      Description(ParseName(kTicketPattern, absl::StrCat("client/", kClient, "/tickets/", kTicket))
                      .status()),
      HasSubstr("segment 1 is \"client\" instead of \"clients\""));
  EXPECT_THAT(
      Description(ParseName(kTicketPattern, absl::StrCat("clients/42/tickets/", kTicket)).status()),
      HasSubstr("{client} \"42\" is not a UUID"));
  EXPECT_FALSE(ParseName(kTicketPattern, "/" + good).ok());
  EXPECT_FALSE(ParseName(kTicketPattern, absl::StrCat("clients/", kClient, "/tickets/")).ok());
}

TEST(FormatNameTest, FillsThePattern) {
  EXPECT_EQ(FormatName(kTicketPattern, {std::string(kClient), std::string(kTicket)}),
            absl::StrCat("clients/", kClient, "/tickets/", kTicket));
  EXPECT_EQ(FormatName("periods/{period:month}", {"2026-04"}), "periods/2026-04");
  const std::string name = FormatName(kTicketPattern, {std::string(kClient), std::string(kTicket)});
  EXPECT_THAT(*ParseName(kTicketPattern, name), ElementsAre(kClient, kTicket));
}

TEST(CodePointCountTest, CountsCharactersNotBytes) {
  EXPECT_EQ(*CodePointCount(""), 0u);
  EXPECT_EQ(*CodePointCount("Support"), 7u);
  EXPECT_EQ(*CodePointCount("zażółć"), 6u);            // 2-byte letters
  EXPECT_EQ(*CodePointCount("€100"), 4u);              // 3-byte euro sign
  EXPECT_EQ(*CodePointCount("\xF0\x9F\x98\x80"), 1u);  // U+1F600, 4 bytes
  EXPECT_EQ(*CodePointCount("\xF4\x8F\xBF\xBF"), 1u);  // U+10FFFF, the last code point
}

TEST(CodePointCountTest, RefusesInvalidUtf8) {
  for (const char* bad : {"\x80", "abc\xC3", "\xC3(", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "\xE2\x82"}) {
    EXPECT_EQ(CodePointCount(bad).status().code(), absl::StatusCode::kInvalidArgument)
        << absl::CEscape(bad);
  }
}

TEST(ValidateTextTest, LengthInCodePoints) {
  const TextRules title{.min_chars = 1, .max_chars = 3};
  EXPECT_TRUE(ValidateText("title", "żół", title).ok());  // 6 bytes, 3 characters
  absl::Status s = ValidateText("ticket.title", "żółw", title);
  EXPECT_EQ(DetailOf(s).fields.at(0).field, "ticket.title");
  EXPECT_THAT(Description(s), HasSubstr("1 to 3 characters long; got 4"));
  EXPECT_THAT(Description(ValidateText("title", "", title)), HasSubstr("must not be empty"));
  EXPECT_TRUE(ValidateText("note", "", TextRules{.min_chars = 0, .max_chars = 10}).ok());
}

TEST(ValidateTextTest, ControlCharacters) {
  const TextRules line{.min_chars = 0, .max_chars = 100};
  const TextRules note{.min_chars = 0, .max_chars = 100, .multiline = true};
  EXPECT_FALSE(ValidateText("title", "a\nb", line).ok());
  EXPECT_TRUE(ValidateText("note", "a\nb\r\n\tc", note).ok());
  EXPECT_FALSE(ValidateText("note", std::string("a\0b", 3), note).ok());
  EXPECT_FALSE(ValidateText("note", "a\x7F", note).ok());
  EXPECT_FALSE(ValidateText("note", "a\xC2\x85", note).ok());  // U+0085, a C1 control
  EXPECT_THAT(Description(ValidateText("title", "ab\x01", line)), HasSubstr("U+0001"));
  EXPECT_THAT(Description(ValidateText("title", "ab\x01", line)), HasSubstr("character 3"));
}

TEST(ValidateTextTest, InvalidUtf8) {
  absl::Status s = ValidateText("note", "ok\xC3(", TextRules{.max_chars = 100, .multiline = true});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Description(s), HasSubstr("not valid UTF-8 (at byte 2)"));
}

}  // namespace
}  // namespace supportbytime::domain
