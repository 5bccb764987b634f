// The `supportbytime` CLI against the real server.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

class CliE2eTest : public E2eTest {
 protected:
  // Runs the CLI with `args`; returns {exit code, stdout + stderr}.
  std::pair<int, std::string> Cli(const std::string& args) {
    const std::string command = absl::StrCat("SBT_ENDPOINT=", server_->address(),
                                             " SBT_API_KEY=", admin_key_, " ", SBT_CLI_BINARY,
                                             " ", args, " 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
    int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
  }
};

TEST_F(CliE2eTest, CreatesAndListsPackagesAndClients) {
  auto [code, out] = Cli(
      "packages create --display-name='Professional Support' --included-minutes=240 "
      "--increment-minutes=30 --price=100 --rate=40.00 --currency=EUR");
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("Professional Support"));
  EXPECT_EQ(db_->Scalar("select overage_hourly_rate_minor from package_version_prices"), "4000");

  auto [lcode, json] = Cli("--json packages list");
  ASSERT_EQ(lcode, 0) << json;
  EXPECT_THAT(json, HasSubstr("\"display_name\": \"Professional Support\""));
  EXPECT_THAT(json, HasSubstr("\"included_minutes\": 240"));

  auto [ccode, client] = Cli("clients create --display-name=Acme --currency=EUR --external-ref=w-1");
  ASSERT_EQ(ccode, 0) << client;
  EXPECT_THAT(client, HasSubstr("Europe/Warsaw"));
  EXPECT_EQ(db_->Scalar("select external_ref from clients"), "w-1");
}

TEST_F(CliE2eTest, RefusalsShowReasonAndFields) {
  auto [code, out] = Cli("clients create --display-name=Acme --currency=EURO");
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("INVALID_FIELD"));
  EXPECT_THAT(out, HasSubstr("field: client.currency_code"));
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "0");

  auto [mcode, missing] = Cli("packages get");
  EXPECT_EQ(mcode, 2);
  EXPECT_THAT(missing, HasSubstr("--name is required"));
}

TEST_F(CliE2eTest, HelpOnEveryLevel) {
  EXPECT_EQ(Cli("--help").first, 0);
  for (const char* group : {"packages", "clients", "subscriptions", "keys"}) {
    auto [code, out] = Cli(absl::StrCat(group, " --help"));
    EXPECT_EQ(code, 0) << group;
    EXPECT_THAT(out, HasSubstr("Verbs:")) << group;
  }
  auto [code, out] = Cli("packages create --help");
  EXPECT_EQ(code, 0);
  EXPECT_THAT(out, HasSubstr("--included-minutes"));
  EXPECT_EQ(Cli("nonsense").first, 2);
}

}  // namespace
}  // namespace supportbytime::testing
