#include "server/domain/error.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ErrorTest, CarriesReasonAndMetadata) {
  absl::Status s = Error(absl::StatusCode::kFailedPrecondition, "BUCKET_EXHAUSTED",
                         "Only 15 minutes are left.", {{"minutes_left", "15"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "Only 15 minutes are left.");
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "BUCKET_EXHAUSTED");
  EXPECT_THAT(d.metadata, ElementsAre(Pair("minutes_left", "15")));
  EXPECT_TRUE(d.fields.empty());
}

TEST(ErrorTest, ViolationsNameEveryField) {
  Violations v;
  EXPECT_TRUE(v.ToStatus().ok());
  v.Add("client.currency_code", "must be an ISO 4217 code");
  v.Add("client.time_zone", "must be an IANA\ttime zone");
  absl::Status s = v.ToStatus();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "INVALID_FIELD");
  EXPECT_EQ(d.metadata.at("field"), "client.currency_code");
  ASSERT_EQ(d.fields.size(), 2u);
  EXPECT_EQ(d.fields[0], (FieldViolation{"client.currency_code", "must be an ISO 4217 code"}));
  EXPECT_EQ(d.fields[1], (FieldViolation{"client.time_zone", "must be an IANA time zone"}));
}

TEST(ErrorTest, PlainStatusHasNoDetail) {
  ErrorDetail d = DetailOf(absl::InternalError("boom"));
  EXPECT_TRUE(d.reason.empty());
  EXPECT_TRUE(d.metadata.empty());
}

TEST(ErrorTest, NotFoundNamesTheResource) {
  absl::Status s = NotFound("clients/x/tickets/y");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "RESOURCE_NOT_FOUND");
  EXPECT_THAT(d.metadata, ElementsAre(Pair("resource_name", "clients/x/tickets/y")));
  EXPECT_EQ(s.message(), "clients/x/tickets/y was not found.");
}

TEST(ErrorTest, MergeCollectsFieldsOfSingleFieldStatuses) {
  Violations v;
  v.Merge(absl::OkStatus());
  EXPECT_TRUE(v.empty());
  v.Merge(InvalidField("a", "bad a"));
  v.Merge(InvalidField("b", "bad b"));
  ErrorDetail d = DetailOf(v.ToStatus());
  ASSERT_EQ(d.fields.size(), 2u);
  EXPECT_EQ(d.fields[1], (FieldViolation{"b", "bad b"}));
}

}  // namespace
}  // namespace supportbytime::domain
