// The API served from the test process: app::ApiServices (the same handlers,
// use cases and storage as `serve`) over the test's database, an
// authenticator over storage::ApiKeyStore and a clock the test controls, on a
// loopback port. No process starts, so a test pays only for its own calls.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_IN_PROCESS_SERVER_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/domain/time_zone.h"
#include "tests/support/server_under_test.h"

namespace supportbytime::app {
class ApiServices;
}
namespace supportbytime::auth {
class Authenticator;
}
namespace supportbytime::storage {
class ApiKeyStore;
class Database;
}  // namespace supportbytime::storage

namespace supportbytime::testing {

// What `serve` takes from its flags, as values (the defaults are serve's).
struct ServerOptions {
  std::string goodwill_bases = std::string(domain::kDefaultGoodwillBases);        // --goodwill-base
  std::string business_hours = std::string(domain::kDefaultBusinessCalendar);     // --business-hours
  std::string default_time_zone = std::string(domain::kDefaultTimeZoneName);      // --default-time-zone
  absl::Duration auth_cache_ttl = absl::Seconds(5);                              // --auth-cache-ttl
  int db_pool_size = 8;                                                           // --db-pool-size
};

class InProcessServer final : public ServerUnderTest {
 public:
  // Serves on 127.0.0.1 (a free port) until Stop(). `clock` must outlive it.
  InProcessServer(const std::string& database_url, const domain::Clock& clock,
                  const ServerOptions& options = {});
  ~InProcessServer() override;
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  const std::string& address() const override { return address_; }
  std::shared_ptr<grpc::Channel> channel() const override { return channel_; }
  std::string CreateApiKey(const std::string& role, const std::string& client = "",
                           const std::string& display_name = "") override;
  int Stop() override;

 private:
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ApiKeyStore> keys_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<app::ApiServices> services_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
