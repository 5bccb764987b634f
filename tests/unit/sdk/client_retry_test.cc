// The SDK's retries against an in-process fake service: how many attempts,
// with which request_id, and what ends them.
#include <mutex>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "supportbytime/error.h"
#include "supportbytime/package_client.h"

namespace supportbytime::sdk {
namespace {

// Fails the first `failures` calls with `code`, then succeeds; records what it saw.
class FlakyPackages final : public v1::PackageService::Service {
 public:
  FlakyPackages(int failures, grpc::StatusCode code) : failures_(failures), code_(code) {}

  grpc::Status CreatePackage(grpc::ServerContext* ctx, const v1::CreatePackageRequest* req,
                             v1::Package* resp) override {
    std::lock_guard<std::mutex> lock(mu_);
    request_ids.push_back(req->request_id());
    auto auth = ctx->client_metadata().find("authorization");
    authorization = auth == ctx->client_metadata().end()
                        ? ""
                        : std::string(auth->second.data(), auth->second.size());
    if (static_cast<int>(request_ids.size()) <= failures_) return grpc::Status(code_, "try again");
    resp->set_name("packages/1");
    return grpc::Status::OK;
  }

  std::mutex mu_;
  std::vector<std::string> request_ids;
  std::string authorization;

 private:
  int failures_;
  grpc::StatusCode code_;
};

class ClientRetryTest : public ::testing::Test {
 protected:
  void Start(int failures, grpc::StatusCode code) {
    service_ = std::make_unique<FlakyPackages>(failures, code);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    options_.endpoint = "127.0.0.1:" + std::to_string(port);
    options_.api_key = "sbt_test";
    options_.retry.initial_backoff = absl::Milliseconds(1);
    options_.retry.max_attempts = 4;
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<FlakyPackages> service_;
  std::unique_ptr<grpc::Server> server_;
  ClientOptions options_;
};

TEST_F(ClientRetryTest, RetriesAbortedWithTheSameRequestId) {
  Start(2, grpc::StatusCode::ABORTED);
  auto client = MakePackageClient(options_);
  auto r = client->CreatePackage({});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(service_->request_ids.size(), 3u);
  EXPECT_EQ(service_->request_ids[0].size(), 36u);
  EXPECT_EQ(service_->request_ids[1], service_->request_ids[0]);
  EXPECT_EQ(service_->request_ids[2], service_->request_ids[0]);
  EXPECT_EQ(service_->authorization, "Bearer sbt_test");
}

TEST_F(ClientRetryTest, KeepsACallersRequestId) {
  Start(1, grpc::StatusCode::UNAVAILABLE);
  auto client = MakePackageClient(options_);
  v1::CreatePackageRequest req;
  req.set_request_id("3f1c2a9e-8d4b-4c1a-9a57-0b6f2f1e9c11");
  ASSERT_TRUE(client->CreatePackage(req).ok());
  EXPECT_EQ(service_->request_ids,
            (std::vector<std::string>{req.request_id(), req.request_id()}));
}

TEST_F(ClientRetryTest, GivesUpAfterMaxAttempts) {
  Start(100, grpc::StatusCode::UNAVAILABLE);
  auto r = MakePackageClient(options_)->CreatePackage({});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(service_->request_ids.size(), 4u);
}

TEST_F(ClientRetryTest, NeverRetriesARefusal) {
  Start(100, grpc::StatusCode::FAILED_PRECONDITION);
  auto r = MakePackageClient(options_)->CreatePackage({});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "try again");
  EXPECT_EQ(service_->request_ids.size(), 1u);
}

}  // namespace
}  // namespace supportbytime::sdk
