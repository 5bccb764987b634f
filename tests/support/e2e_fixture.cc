#include "tests/support/e2e_fixture.h"

#include <random>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/rpc/status.pb.h"

namespace supportbytime::testing {

Refusal ReadRefusal(const grpc::Status& status) {
  Refusal r;
  r.code = status.error_code();
  r.message = status.error_message();
  google::rpc::Status rpc;
  if (!rpc.ParseFromString(status.error_details())) return r;
  for (const auto& any : rpc.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) {
      r.reason = info.reason();
      r.domain = info.domain();
      r.metadata.insert(info.metadata().begin(), info.metadata().end());
    } else if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) r.fields.push_back(v.field());
    }
  }
  return r;
}

std::string Describe(const grpc::Status& status) {
  Refusal r = ReadRefusal(status);
  return absl::StrCat("code ", status.error_code(), " reason ", r.reason, ": ", r.message);
}

std::string NewRequestId() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xffff,
                         b >> 48, b & 0xffffffffffffULL);
}

void E2eTest::SetUp() {
  clock_.Set(absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())));
  db_ = std::make_unique<TestDatabase>();
  if (UsesServerProcess()) {
    server_ = std::make_unique<TestServer>(db_->url());
  } else {
    server_ = std::make_unique<InProcessServer>(db_->url(), clock_);
  }
  admin_key_ = server_->CreateApiKey("ADMIN");
  Connect();
}

void E2eTest::Connect() {
  packages_ = v1::PackageService::NewStub(server_->channel());
  accounts_ = v1::AccountService::NewStub(server_->channel());
}

void E2eTest::Disconnect() {
  packages_.reset();
  accounts_.reset();
}

void E2eTest::RestartServer(const ServerOptions& options) {
  if (UsesServerProcess()) throw std::logic_error("RestartServer is for the in-process server");
  Disconnect();
  EXPECT_EQ(server_->Stop(), 0);
  server_.reset();
  server_ = std::make_unique<InProcessServer>(db_->url(), clock_, options);
  Connect();
}

TestServer& E2eTest::process() {
  auto* p = dynamic_cast<TestServer*>(server_.get());
  if (p == nullptr) throw std::logic_error("this test does not run the server process");
  return *p;
}

void E2eTest::TearDown() {
  // Closing the client's connections first lets the server drain at once.
  Disconnect();
  if (server_) {
    EXPECT_EQ(server_->Stop(), 0) << "the server must stop cleanly (exit 0 on SIGTERM)";
  }
  server_.reset();
  db_.reset();
}

v1::PackageTerms E2eTest::Terms(int included, int increment, v1::BillingCycle cycle,
                                const std::string& currency) {
  v1::PackageTerms t;
  t.set_billing_cycle(cycle);
  t.set_included_minutes(included);
  t.set_billing_increment_minutes(increment);
  auto* price = t.add_prices();
  price->set_currency_code(currency);
  price->mutable_period_price()->set_currency_code(currency);
  price->mutable_period_price()->set_units(100);
  price->mutable_overage_hourly_rate()->set_currency_code(currency);
  price->mutable_overage_hourly_rate()->set_units(40);
  t.set_response_priority(v1::RESPONSE_PRIORITY_STANDARD_PLUS);
  return t;
}

v1::Package E2eTest::CreatePackage(const std::string& display_name, int included, int increment,
                                   v1::BillingCycle cycle, const std::string& currency) {
  return CreatePackageWithTerms(display_name, Terms(included, increment, cycle, currency));
}

v1::Package E2eTest::CreatePackageWithTerms(const std::string& display_name,
                                            const v1::PackageTerms& terms) {
  v1::CreatePackageRequest req;
  req.mutable_package()->set_display_name(display_name);
  *req.mutable_package()->mutable_terms() = terms;
  req.set_request_id(NewRequestId());
  v1::Package out;
  grpc::Status st = packages_->CreatePackage(Admin().get(), req, &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
  return out;
}

v1::Client E2eTest::CreateClient(const std::string& display_name, const std::string& currency,
                                 const std::string& external_ref, const std::string& time_zone) {
  v1::CreateClientRequest req;
  req.mutable_client()->set_display_name(display_name);
  req.mutable_client()->set_currency_code(currency);
  req.mutable_client()->set_external_ref(external_ref);
  req.mutable_client()->set_time_zone(time_zone);
  req.set_request_id(NewRequestId());
  v1::Client out;
  grpc::Status st = accounts_->CreateClient(Admin().get(), req, &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
  return out;
}

v1::Subscription E2eTest::CreateSubscription(const v1::Client& client, const v1::Package& package,
                                             const std::string& external_ref) {
  v1::CreateSubscriptionRequest req;
  req.set_parent(client.name());
  req.mutable_subscription()->set_package(package.name());
  req.mutable_subscription()->set_external_ref(external_ref);
  req.set_request_id(NewRequestId());
  v1::Subscription out;
  grpc::Status st = accounts_->CreateSubscription(Admin().get(), req, &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
  return out;
}

}  // namespace supportbytime::testing
