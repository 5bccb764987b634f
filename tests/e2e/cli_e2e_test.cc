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

TEST_F(CliE2eTest, TicketsTimeAndTimers) {
  v1::Client client = CreateClient();
  v1::Subscription sub = CreateSubscription(client, CreatePackage("Extra Support", 60, 15));
  v1::ActivateSubscriptionRequest activate;
  activate.set_name(sub.name());
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), activate, &sub).ok());

  auto [code, created] = Cli(absl::StrCat("--json tickets create --client=", client.name(),
                                          " --subscription=", sub.name(), " --title=Backup"));
  ASSERT_EQ(code, 0) << created;
  const std::string ticket = db_->Scalar("select 'clients/' || client_id || '/tickets/' || id from tickets");
  auto [lcode, logged] = Cli(absl::StrCat("time log --ticket=", ticket, " --minutes=7 --note=restore"));
  ASSERT_EQ(lcode, 0) << logged;
  EXPECT_THAT(logged, HasSubstr("billed_minutes:"));
  EXPECT_EQ(db_->Scalar("select billed_minutes from time_entries"), "15");  // R4
  auto [tcode, tickets] = Cli(absl::StrCat("tickets list --client=", client.name()));
  ASSERT_EQ(tcode, 0) << tickets;
  EXPECT_THAT(tickets, HasSubstr("Backup"));

  auto [scode, started] = Cli(absl::StrCat("timers start --ticket=", ticket));
  ASSERT_EQ(scode, 0) << started;
  auto [rcode, running] = Cli("timers list");
  ASSERT_EQ(rcode, 0) << running;
  EXPECT_THAT(running, HasSubstr("Backup"));
  const std::string timer = db_->Scalar(
      "select 'clients/' || t.client_id || '/tickets/' || t.id || '/timers/' || tm.id"
      " from timers tm join tickets t on t.id = tm.ticket_id");
  auto [pcode, stopped] = Cli(absl::StrCat("timers stop --name=", timer));
  ASSERT_EQ(pcode, 0) << stopped;
  EXPECT_EQ(db_->Scalar("select count(*) from time_entries where source = 'TIMER'"), "1");
}

TEST_F(CliE2eTest, HelpOnEveryLevel) {
  EXPECT_EQ(Cli("--help").first, 0);
  for (const char* group : {"packages", "clients", "subscriptions", "keys", "tickets", "time",
                            "timers"}) {
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
