// The SDK's retry rules, without a server.
#include <set>

#include "gtest/gtest.h"
#include "invoke.h"

namespace supportbytime::sdk::internal {
namespace {

TEST(RetryTest, OnlyUnavailableAndAbortedAreRetried) {
  EXPECT_TRUE(Retryable(grpc::StatusCode::UNAVAILABLE));
  EXPECT_TRUE(Retryable(grpc::StatusCode::ABORTED));
  for (auto code : {grpc::StatusCode::INVALID_ARGUMENT, grpc::StatusCode::FAILED_PRECONDITION,
                    grpc::StatusCode::DEADLINE_EXCEEDED, grpc::StatusCode::INTERNAL,
                    grpc::StatusCode::ALREADY_EXISTS, grpc::StatusCode::UNAUTHENTICATED}) {
    EXPECT_FALSE(Retryable(code)) << code;
  }
}

TEST(RetryTest, BackoffGrowsIsCappedAndJittered) {
  RetryPolicy p;
  p.initial_backoff = absl::Milliseconds(100);
  p.max_backoff = absl::Milliseconds(400);
  std::set<int64_t> seen;
  for (int i = 0; i < 200; ++i) {
    absl::Duration second = Backoff(p, 2), fifth = Backoff(p, 5), tenth = Backoff(p, 10);
    EXPECT_LE(second, absl::Milliseconds(100));
    EXPECT_LE(fifth, absl::Milliseconds(400));
    EXPECT_LE(tenth, absl::Milliseconds(400));
    EXPECT_GE(tenth, absl::ZeroDuration());
    seen.insert(absl::ToInt64Microseconds(fifth));
  }
  EXPECT_GT(seen.size(), 50u);  // jittered, not a fixed sleep
}

TEST(RetryTest, RequestIdsAreVersion4Uuids) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace supportbytime::sdk::internal
