// The server process: health, reflection, logs, shutdown, sub-commands.
#include <csignal>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ServerE2eTest : public E2eTest {
 protected:
  bool UsesServerProcess() const override { return true; }
};

TEST_F(ServerE2eTest, HealthIsServingPerServiceWithoutAKey) {
  auto health = grpc::health::v1::Health::NewStub(server_->channel());
  for (const std::string service : {"", "supportbytime.v1.PackageService",
                                    "supportbytime.v1.AccountService"}) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    ASSERT_TRUE(health->Check(&ctx, req, &resp).ok()) << service;
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(ServerE2eTest, ReflectionAnnouncesEveryService) {
  const std::string command =
      std::string("/usr/bin/python3 ") + SBT_SOURCE_DIR + "/tests/e2e/list_services.py " + server_->address();
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[256];
  while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  ASSERT_EQ(pclose(pipe), 0) << out;
  for (const char* service :
       {"supportbytime.v1.PackageService", "supportbytime.v1.AccountService",
        "supportbytime.v1.TicketService", "supportbytime.v1.TimeLogService",
        "supportbytime.v1.BillingService", "supportbytime.v1.HistoryService",
        "grpc.health.v1.Health"}) {
    EXPECT_THAT(out, HasSubstr(service));
  }
}

TEST_F(ServerE2eTest, NotServingWhileTheSchemaIsBehind) {
  // Simulate a rollout where the database lost its newest migration.
  ASSERT_EQ(db_->Exec("delete from schema_migrations where version = (select max(version) from schema_migrations)"), "");
  auto health = grpc::health::v1::Health::NewStub(server_->channel());
  grpc::health::v1::HealthCheckResponse resp;
  for (int i = 0; i < 50; ++i) {
    grpc::ClientContext ctx;
    ASSERT_TRUE(health->Check(&ctx, {}, &resp).ok());
    if (resp.status() == grpc::health::v1::HealthCheckResponse::NOT_SERVING) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

TEST_F(ServerE2eTest, OneLogLinePerRpcWithoutSecrets) {
  v1::Package p = CreatePackage();
  v1::GetPackageRequest get;
  get.set_name("packages/00000000-0000-4000-8000-000000000000");
  v1::Package out;
  auto ctx = Admin();
  ASSERT_EQ(packages_->GetPackage(ctx.get(), get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  const std::string logs = process().Logs();
  EXPECT_THAT(logs, HasSubstr("\"method\":\"PackageService/CreatePackage\",\"code\":\"OK\""));
  EXPECT_THAT(logs, HasSubstr("\"method\":\"PackageService/GetPackage\",\"code\":\"NOT_FOUND\""));
  EXPECT_THAT(logs, HasSubstr("\"reason\":\"RESOURCE_NOT_FOUND\""));
  EXPECT_THAT(logs, HasSubstr("\"actor\":\"apiKeys/"));
  EXPECT_THAT(logs, HasSubstr("\"duration_ms\":"));
  EXPECT_THAT(logs, Not(HasSubstr(admin_key_)));
  EXPECT_THAT(logs, Not(HasSubstr(admin_key_.substr(4))));
}

TEST_F(ServerE2eTest, SigtermDrainsAndExitsZero) {
  packages_.reset();
  accounts_.reset();
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_THAT(process().Logs(), HasSubstr("\"msg\":\"shutting down\",\"signal\":\"SIGTERM\""));
  EXPECT_THAT(process().Logs(), HasSubstr("\"msg\":\"stopped\""));
}

TEST(ServerCommandsTest, SeedDemoTwiceChangesNothing) {
  TestDatabase db;
  CommandResult first = RunServerCommand({"seed-demo", "--database-url", db.url()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string snapshot =
      "select (select count(*) from packages) || '/' || (select count(*) from package_versions)"
      " || '/' || (select count(*) from clients) || '/' || (select count(*) from subscriptions)"
      " || '/' || (select count(*) from audit_events)";
  const std::string after_first = db.Scalar(snapshot);
  EXPECT_EQ(after_first.substr(0, 8), "3/3/1/2/");
  CommandResult second = RunServerCommand({"seed-demo", "--database-url", db.url()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(db.Scalar(snapshot), after_first);
  // The reference policy (SPEC section 1).
  EXPECT_EQ(db.Scalar("select string_agg(p.display_name || ':' || v.included_minutes || ':' ||"
                      " v.billing_increment_minutes || ':' || v.response_priority || ':' ||"
                      " pr.period_price_minor || ':' || pr.overage_hourly_rate_minor, ' '"
                      " order by v.included_minutes)"
                      " from packages p join package_versions v on v.package_id = p.id"
                      " join package_version_prices pr on pr.package_version_id = v.id"),
            "Extra Support:60:15:STANDARD:3000:4000 "
            "Professional Support:240:30:STANDARD_PLUS:10000:4000 "
            "Development Support:1800:60:PRIORITY:100000:4000");
  EXPECT_EQ(db.Scalar("select count(*) from subscriptions where state = 'ACTIVE'"), "2");
}

TEST(ServerCommandsTest, CreateApiKeyPrintsTheSecretOnceAndStoresAHash) {
  TestDatabase db;
  CommandResult r = RunServerCommand({"create-api-key", "--database-url", db.url(), "--role",
                                      "OPERATOR", "--display-name", "Ada"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("shown only this once"));
  const std::string secret = r.out.substr(r.out.find("sbt_"), 68);
  EXPECT_EQ(db.Scalar("select count(*) from api_keys where key_hash = sha256('" + secret +
                      "'::bytea) and display_name = 'Ada'"),
            "1");
  EXPECT_EQ(RunServerCommand({"create-api-key", "--database-url", db.url(), "--check", secret})
                .exit_code,
            0);
  // Bad flags are refused with a message, and nothing is created.
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--role", "ROOT"},
        std::vector<std::string>{"--role", "CLIENT"},
        std::vector<std::string>{"--role", "ADMIN", "--client", "clients/x"}}) {
    std::vector<std::string> args = {"create-api-key", "--database-url", db.url()};
    args.insert(args.end(), bad.begin(), bad.end());
    CommandResult refused = RunServerCommand(args);
    EXPECT_EQ(refused.exit_code, 2) << bad[1];
    EXPECT_FALSE(refused.err.empty());
  }
  EXPECT_EQ(db.Scalar("select count(*) from api_keys"), "1");
}

TEST(ServerCommandsTest, HelpDocumentsEveryCommand) {
  CommandResult r = RunServerCommand({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* c : {"serve", "migrate", "seed-demo", "create-api-key", "close-periods"}) {
    EXPECT_THAT(r.out, HasSubstr(c));
    CommandResult sub = RunServerCommand({c, "--help"});
    EXPECT_EQ(sub.exit_code, 0) << c;
    EXPECT_THAT(sub.out, HasSubstr("--database-url")) << c;
  }
  EXPECT_EQ(RunServerCommand({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(RunServerCommand({"serve", "--bogus=1"}).exit_code, 2);
}

}  // namespace
}  // namespace supportbytime::testing
