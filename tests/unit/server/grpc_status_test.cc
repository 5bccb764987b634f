#include "server/api/grpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::api {
namespace {

google::rpc::Status Details(const grpc::Status& s) {
  google::rpc::Status rpc;
  EXPECT_TRUE(rpc.ParseFromString(s.error_details()));
  return rpc;
}

TEST(GrpcStatusTest, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(GrpcStatusTest, RuleRefusalCarriesErrorInfo) {
  grpc::Status s = ToGrpcStatus(domain::Error(absl::StatusCode::kFailedPrecondition,
                                              "BUCKET_EXHAUSTED", "Only 15 minutes are left.",
                                              {{"minutes_left", "15"}}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "Only 15 minutes are left.");
  google::rpc::Status rpc = Details(s);
  EXPECT_EQ(rpc.code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  ASSERT_EQ(rpc.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rpc.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "BUCKET_EXHAUSTED");
  EXPECT_EQ(info.domain(), "supportbytime.v1");
  EXPECT_EQ(info.metadata().at("minutes_left"), "15");
}

TEST(GrpcStatusTest, BadInputNamesEachField) {
  domain::Violations v;
  v.Add("client.currency_code", "must be ISO 4217");
  v.Add("client.time_zone", "must be IANA");
  google::rpc::Status rpc = Details(ToGrpcStatus(v.ToStatus()));
  ASSERT_EQ(rpc.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rpc.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  google::rpc::BadRequest bad;
  ASSERT_TRUE(rpc.details(1).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "client.currency_code");
  EXPECT_EQ(bad.field_violations(1).field(), "client.time_zone");
}

TEST(GrpcStatusTest, StatusWithoutReasonGetsTheCodeName) {
  grpc::Status s = ToGrpcStatus(absl::UnavailableError("down"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(Details(s).details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "UNAVAILABLE");
}

}  // namespace
}  // namespace supportbytime::api
