// R11 end to end: retries return the first response and change nothing.
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

class IdempotencyE2eTest : public E2eTest {};

TEST_F(IdempotencyE2eTest, SameRequestIdSameResponseOneRow) {
  v1::CreateClientRequest req;
  req.mutable_client()->set_display_name("Acme");
  req.mutable_client()->set_currency_code("EUR");
  req.set_request_id(NewRequestId());
  v1::Client first, second;
  ASSERT_TRUE(accounts_->CreateClient(Admin().get(), req, &first).ok());
  ASSERT_TRUE(accounts_->CreateClient(Admin().get(), req, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'CreateClient'"), "1");

  // The same request_id for a different request is refused, and nothing changes.
  req.mutable_client()->set_display_name("Acme 2");
  v1::Client third;
  Refusal r = ReadRefusal(accounts_->CreateClient(Admin().get(), req, &third));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "REQUEST_ID_REUSED");
  EXPECT_EQ(r.metadata["request_id"], req.request_id());
  // …as is the same request_id on another method.
  v1::CreatePackageRequest other;
  other.mutable_package()->set_display_name("P");
  *other.mutable_package()->mutable_terms() = Terms(60, 15, v1::BILLING_CYCLE_MONTHLY);
  other.set_request_id(req.request_id());
  v1::Package p;
  EXPECT_EQ(ReadRefusal(packages_->CreatePackage(Admin().get(), other, &p)).reason,
            "REQUEST_ID_REUSED");
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from packages"), "0");
}

TEST_F(IdempotencyE2eTest, TransitionsReplayInsteadOfFailing) {
  v1::Subscription s = CreateSubscription(CreateClient(), CreatePackage());
  v1::ActivateSubscriptionRequest req;
  req.set_name(s.name());
  req.set_request_id(NewRequestId());
  v1::Subscription a, b;
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), req, &a).ok());
  // Without the key this would be INVALID_STATE_TRANSITION (already active).
  grpc::Status retry = accounts_->ActivateSubscription(Admin().get(), req, &b);
  ASSERT_TRUE(retry.ok()) << Describe(retry);
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ActivateSubscription'"), "1");
}

TEST_F(IdempotencyE2eTest, ARefusalIsNotRemembered) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient("Dollar", "USD");
  v1::CreateSubscriptionRequest req;
  req.set_parent(c.name());
  req.mutable_subscription()->set_package(p.name());
  req.set_request_id(NewRequestId());
  v1::Subscription out;
  EXPECT_EQ(ReadRefusal(accounts_->CreateSubscription(Admin().get(), req, &out)).reason,
            "CURRENCY_NOT_PRICED");
  // Once the precondition holds, the same request succeeds.
  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(p.name());
  *up.mutable_package()->mutable_terms() = Terms(240, 30, v1::BILLING_CYCLE_MONTHLY, "USD");
  *up.mutable_package()->mutable_terms()->add_prices() = p.terms().prices(0);
  up.mutable_update_mask()->add_paths("terms.prices");
  v1::Package updated;
  ASSERT_TRUE(packages_->UpdatePackage(Admin().get(), up, &updated).ok());
  grpc::Status st = accounts_->CreateSubscription(Admin().get(), req, &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
}

TEST_F(IdempotencyE2eTest, ConcurrentDuplicatesCreateOnce) {
  v1::CreatePackageRequest req;
  req.mutable_package()->set_display_name("Raced");
  *req.mutable_package()->mutable_terms() = Terms(60, 15, v1::BILLING_CYCLE_MONTHLY);
  req.set_request_id(NewRequestId());
  constexpr int kCalls = 64;  // more than a small thread pool would serve at once
  std::vector<std::string> answers(kCalls);
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      v1::Package out;
      statuses[i] = packages_->CreatePackage(Admin().get(), req, &out);
      answers[i] = out.SerializeAsString();
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << Describe(statuses[i]);
    EXPECT_EQ(answers[i], answers[0]);
  }
  EXPECT_EQ(db_->Scalar("select count(*) from packages"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from idempotency_keys"), "1");
}

TEST_F(IdempotencyE2eTest, ConcurrentSafeSyncByExternalRefCreatesOnce) {
  v1::Package p = CreatePackage();
  constexpr int kCalls = 16;
  std::vector<std::string> clients(kCalls), subs(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      // Different request ids: only the external_ref makes them the same.
      v1::CreateClientRequest cc;
      cc.mutable_client()->set_display_name("Synced");
      cc.mutable_client()->set_currency_code("EUR");
      cc.mutable_client()->set_external_ref("whmcs-7");
      cc.set_request_id(NewRequestId());
      v1::Client c;
      grpc::Status st = accounts_->CreateClient(Admin().get(), cc, &c);
      EXPECT_TRUE(st.ok()) << Describe(st);
      clients[i] = c.name();
      v1::CreateSubscriptionRequest cs;
      cs.set_parent(c.name());
      cs.mutable_subscription()->set_package(p.name());
      cs.mutable_subscription()->set_external_ref("service-7");
      cs.set_request_id(NewRequestId());
      v1::Subscription s;
      st = accounts_->CreateSubscription(Admin().get(), cs, &s);
      EXPECT_TRUE(st.ok()) << Describe(st);
      subs[i] = s.name();
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 1; i < kCalls; ++i) {
    EXPECT_EQ(clients[i], clients[0]);
    EXPECT_EQ(subs[i], subs[0]);
  }
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions"), "1");
}

TEST_F(IdempotencyE2eTest, KeysAreScopedToTheCaller) {
  // Two callers may use the same request_id without seeing each other's answer.
  std::string other_admin = server_->CreateApiKey("ADMIN", "", "second admin");
  const std::string id = NewRequestId();
  v1::CreateClientRequest a;
  a.mutable_client()->set_display_name("A");
  a.mutable_client()->set_currency_code("EUR");
  a.set_request_id(id);
  v1::CreateClientRequest b = a;
  b.mutable_client()->set_display_name("B");
  v1::Client ca, cb;
  ASSERT_TRUE(accounts_->CreateClient(Admin().get(), a, &ca).ok());
  ASSERT_TRUE(accounts_->CreateClient(Ctx(other_admin).get(), b, &cb).ok());
  EXPECT_NE(ca.name(), cb.name());
  EXPECT_EQ(cb.display_name(), "B");
}

TEST_F(IdempotencyE2eTest, CreateApiKeyNeverStoresTheSecret) {
  v1::CreateApiKeyRequest req;
  req.mutable_api_key()->set_display_name("ops");
  req.mutable_api_key()->set_role(v1::ROLE_OPERATOR);
  req.set_request_id(NewRequestId());
  v1::CreateApiKeyResponse first, retry;
  ASSERT_TRUE(accounts_->CreateApiKey(Admin().get(), req, &first).ok());
  ASSERT_TRUE(accounts_->CreateApiKey(Admin().get(), req, &retry).ok());
  EXPECT_FALSE(first.secret().empty());
  EXPECT_TRUE(retry.secret().empty());  // documented: the secret is shown once
  EXPECT_EQ(first.api_key().SerializeAsString(), retry.api_key().SerializeAsString());
  EXPECT_EQ(db_->Scalar("select count(*) from api_keys where role = 'OPERATOR'"), "1");
}

}  // namespace
}  // namespace supportbytime::testing
