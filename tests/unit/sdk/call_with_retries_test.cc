// The mechanics every SDK client shares (invoke.h), without a server.
#include <vector>

#include "gtest/gtest.h"
#include "invoke.h"
#include "supportbytime/v1/package_service.pb.h"

namespace supportbytime::sdk::internal {
namespace {

ClientOptions Fast(int max_attempts) {
  ClientOptions options;
  options.retry.max_attempts = max_attempts;
  options.retry.initial_backoff = absl::Milliseconds(1);
  return options;
}

TEST(CallWithRetriesTest, RepeatsRetryableFailuresUntilSuccess) {
  std::vector<grpc::StatusCode> answers = {grpc::StatusCode::UNAVAILABLE, grpc::StatusCode::ABORTED,
                                           grpc::StatusCode::OK};
  size_t attempts = 0;
  absl::Status st = CallWithRetries(Fast(5), [&](grpc::ClientContext& context) {
    // Every attempt gets a context of its own with the deadline set.
    EXPECT_LT(context.deadline(), std::chrono::system_clock::now() + std::chrono::seconds(11));
    return grpc::Status(answers[attempts++], "");
  });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(attempts, 3u);
}

TEST(CallWithRetriesTest, StopsAtMaxAttemptsWithTheLastStatus) {
  int attempts = 0;
  absl::Status st = CallWithRetries(Fast(3), [&](grpc::ClientContext&) {
    ++attempts;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  });
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(st.message(), "down");
}

TEST(CallWithRetriesTest, NeverRepeatsARefusal) {
  int attempts = 0;
  absl::Status st = CallWithRetries(Fast(5), [&](grpc::ClientContext&) {
    ++attempts;
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such package");
  });
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound);
}

TEST(FillRequestIdTest, FillsAnEmptyIdKeepsAGivenOneAndSkipsReads) {
  v1::CreatePackageRequest create;
  FillRequestId(create);
  EXPECT_EQ(create.request_id().size(), 36u);
  const std::string id = create.request_id();
  FillRequestId(create);
  EXPECT_EQ(create.request_id(), id);

  v1::GetPackageRequest get;  // no request_id field: nothing to fill
  FillRequestId(get);
  EXPECT_EQ(get.ByteSizeLong(), 0u);
}

}  // namespace
}  // namespace supportbytime::sdk::internal
