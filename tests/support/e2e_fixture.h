// Shared fixture of the end-to-end tests: a fresh database, the API served on
// a free port (in the test process over a fake clock, or the real binary for
// the tests of the process itself), an ADMIN key, stubs, and helpers to read
// ErrorInfo.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_E2E_FIXTURE_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_E2E_FIXTURE_H_

#include <memory>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/account_service.grpc.pb.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/package_service.grpc.pb.h"
#include "server/domain/clock.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_database.h"
#include "tests/support/ticking_clock.h"
#include "tests/support/test_server.h"

namespace supportbytime::testing {

// What a refusal carried: code, ErrorInfo reason and metadata, bad fields.
struct Refusal {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string reason;
  std::string domain;
  std::map<std::string, std::string> metadata;
  std::vector<std::string> fields;  // BadRequest field paths
  std::string message;
};
Refusal ReadRefusal(const grpc::Status& status);

// gtest printing of a status for failure messages.
std::string Describe(const grpc::Status& status);

// A fresh random UUID4 for request ids.
std::string NewRequestId();

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Stubs on server_'s channel. A fixture with more stubs overrides both and
  // calls the base.
  virtual void Connect();
  virtual void Disconnect();
  // Restarts the in-process server on the same database with other options
  // (what serve takes as flags, e.g. --goodwill-base); keys, data and the
  // clock stay.
  void RestartServer(const ServerOptions& options);

  // Tests of the server process itself (health, reflection, logs, signals)
  // override this to run the real binary; they cannot move the clock.
  virtual bool UsesServerProcess() const { return false; }
  // The real binary, for those tests.
  TestServer& process();

  // A context with `key` as bearer and a deadline.
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& key) {
    return TestServer::Context(key);
  }
  std::unique_ptr<grpc::ClientContext> Admin() { return Ctx(admin_key_); }

  // Creates objects as the admin and fails the test if that fails.
  v1::Package CreatePackageWithTerms(const std::string& display_name,
                                     const v1::PackageTerms& terms);
  v1::Package CreatePackage(const std::string& display_name = "Professional Support",
                            int included = 240, int increment = 30,
                            v1::BillingCycle cycle = v1::BILLING_CYCLE_MONTHLY,
                            const std::string& currency = "EUR");
  v1::Client CreateClient(const std::string& display_name = "Acme",
                          const std::string& currency = "EUR",
                          const std::string& external_ref = "",
                          const std::string& time_zone = "");
  v1::Subscription CreateSubscription(const v1::Client& client, const v1::Package& package,
                                      const std::string& external_ref = "");

  // Terms of the reference policy's Professional Support in `currency`.
  static v1::PackageTerms Terms(int included, int increment, v1::BillingCycle cycle,
                                const std::string& currency = "EUR");

  // The in-process server's clock: where a test puts it (Set, Advance), one
  // microsecond later on every reading. SetUp puts it at the wall clock's
  // current microsecond.
  TickingClock clock_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ServerUnderTest> server_;
  std::string admin_key_;
  std::unique_ptr<v1::PackageService::Stub> packages_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_E2E_FIXTURE_H_
