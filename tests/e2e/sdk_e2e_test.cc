// The C++ SDK against the real server.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/account_client.h"
#include "supportbytime/error.h"
#include "supportbytime/package_client.h"
#include "supportbytime/pagination.h"
#include "supportbytime/ticket_client.h"
#include "supportbytime/time_log_client.h"
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

TEST_F(SdkE2eTest, TicketsAndTimeEntries) {
  v1::Client client = CreateClient();
  v1::Subscription sub = CreateSubscription(client, CreatePackage("Extra Support", 60, 15));
  v1::ActivateSubscriptionRequest activate;
  activate.set_name(sub.name());
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), activate, &sub).ok());

  auto tickets = sdk::MakeTicketClient(Options());
  v1::CreateTicketRequest ct;
  ct.set_parent(client.name());
  ct.mutable_ticket()->set_subscription(sub.name());
  ct.mutable_ticket()->set_title("Printer on fire");
  auto ticket = tickets->CreateTicket(ct);
  ASSERT_TRUE(ticket.ok()) << ticket.status();

  auto time_log = sdk::MakeTimeLogClient(Options());
  v1::CreateTimeEntryRequest ce;
  ce.set_parent(ticket->name());
  ce.mutable_time_entry()->set_minutes(7);
  auto entry = time_log->CreateTimeEntry(ce);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->billed_minutes(), 15);  // R4: 15-minute increment, rounded up

  ce.mutable_time_entry()->set_minutes(1441);
  auto refused = time_log->CreateTimeEntry(ce);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(sdk::GetErrorDetails(refused.status()).fields, Contains("time_entry.minutes"));
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
