// The C++ SDK against the real server.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/account_client.h"
#include "supportbytime/error.h"
#include "supportbytime/package_client.h"
#include "supportbytime/pagination.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::Contains;

class SdkE2eTest : public E2eTest {
 protected:
  sdk::ClientOptions Options() {
    sdk::ClientOptions o;
    o.endpoint = server_->address();
    o.api_key = admin_key_;
    return o;
  }
};

TEST_F(SdkE2eTest, CallsFillRequestIdsAndReportReasons) {
  auto packages = sdk::MakePackageClient(Options());
  v1::CreatePackageRequest req;
  req.mutable_package()->set_display_name("Via SDK");
  *req.mutable_package()->mutable_terms() = Terms(60, 15, v1::BILLING_CYCLE_MONTHLY);
  auto created = packages->CreatePackage(req);
  ASSERT_TRUE(created.ok()) << created.status();
  // The SDK set a request_id: the mutation is recorded under one.
  EXPECT_EQ(db_->Scalar("select count(*) from idempotency_keys where method like '%CreatePackage'"), "1");

  req.mutable_package()->set_display_name("");
  auto refused = packages->CreatePackage(req);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  sdk::ErrorDetails details = sdk::GetErrorDetails(refused.status());
  EXPECT_EQ(details.reason, "INVALID_FIELD");
  EXPECT_EQ(details.domain, "supportbytime.v1");
  EXPECT_THAT(details.fields, Contains("package.display_name"));
}

TEST_F(SdkE2eTest, CollectPagesReadsEveryPage) {
  for (int i = 0; i < 5; ++i) CreatePackage("P" + std::to_string(i));
  auto packages = sdk::MakePackageClient(Options());
  v1::ListPackagesRequest req;
  req.set_page_size(2);
  auto all = sdk::CollectPages(
      req, [&](const v1::ListPackagesRequest& r) { return packages->ListPackages(r); },
      [](const v1::ListPackagesResponse& r) { return r.packages(); });
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->size(), 5u);
}

TEST_F(SdkE2eTest, RetriesUnavailableThenGivesUp) {
  sdk::ClientOptions o = Options();
  packages_.reset();
  accounts_.reset();
  ASSERT_EQ(server_->Stop(), 0);
  o.deadline = absl::Milliseconds(300);
  o.retry.max_attempts = 3;
  o.retry.initial_backoff = absl::Milliseconds(10);
  auto accounts = sdk::MakeAccountClient(o);
  const absl::Time start = absl::Now();
  auto r = accounts->ListClients({});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace supportbytime::testing
