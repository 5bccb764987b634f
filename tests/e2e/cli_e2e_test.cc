// The `supportbytime` CLI against the real server.
#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

// Subscriptions are activated as of 2026-01-01 UTC (R20), so that the tests
// may log work in the months they name.
constexpr int64_t kActivatedSince = 1767225600;

using ::testing::HasSubstr;
using ::testing::Not;

// The clients of these tests keep the default time zone.
absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return tz;
}

// One "label: value" line of the CLI's human output.
std::string Line(const std::string& label, const std::string& value) {
  return absl::StrFormat("%-26s %s", label + ":", value);
}

// The month `k` months before the current one in Warsaw.
absl::CivilMonth MonthsAgo(int k) {
  return absl::CivilMonth(absl::ToCivilMonth(absl::Now(), Warsaw())) - k;
}

// 10:00 on the 3rd of `m` in Warsaw, as --work-time takes it.
std::string WorkTime(absl::CivilMonth m) {
  return absl::FormatTime(absl::RFC3339_sec,
                          absl::FromCivil(absl::CivilHour(m.year(), m.month(), 3, 10), Warsaw()),
                          Warsaw());
}

class CliE2eTest : public E2eTest {
 protected:
  // Runs a shell command; returns {exit code, its output}.
  static std::pair<int, std::string> Run(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
    int status = pclose(pipe);
    return {WEXITSTATUS(status), out};
  }

  // The CLI with this test's server and admin key in its environment.
  std::string Command(const std::string& args) {
    return absl::StrCat("SBT_ENDPOINT=", server_->address(), " SBT_API_KEY=", admin_key_, " ",
                        SBT_CLI_BINARY, " ", args);
  }

  // Runs the CLI with `args`; returns {exit code, stdout + stderr}.
  std::pair<int, std::string> Cli(const std::string& args) {
    return Run(absl::StrCat(Command(args), " 2>&1"));
  }

  // The CLI's output on a pseudo-terminal (util-linux `script`), with `env`
  // (e.g. "NO_COLOR=1") set.
  std::string OnTerminal(const std::string& args, const std::string& env) {
    auto [code, out] = Run(absl::StrCat("script -qec '", env, " ", Command(args), "' /dev/null"));
    EXPECT_EQ(code, 0) << out;
    return out;
  }

  // The CLI's answer; fails the test unless it exited 0.
  std::string Ok(const std::string& args) {
    auto [code, out] = Cli(args);
    EXPECT_EQ(code, 0) << args << "\n" << out;
    return out;
  }

  // Professional Support (240 min, 30 min increments, EUR 40/h), ACTIVE,
  // with one ticket opened through the CLI; returns {subscription, ticket}.
  std::pair<v1::Subscription, std::string> ActiveWithTicket(const std::string& title) {
    v1::Client client = CreateClient();
    v1::Subscription sub = CreateSubscription(client, CreatePackage("Support", 240, 30));
    v1::ActivateSubscriptionRequest activate;
    activate.set_name(sub.name());
    // Since kActivatedSince, or 100 days ago if that is earlier.
    activate.mutable_activate_time()->set_seconds(
        std::min(kActivatedSince, absl::ToUnixSeconds(clock_.Now() - absl::Hours(24 * 100))));
    grpc::Status st = accounts_->ActivateSubscription(Admin().get(), activate, &sub);
    EXPECT_TRUE(st.ok()) << Describe(st);
    Ok(absl::StrCat("tickets create --client=", client.name(), " --subscription=", sub.name(),
                    " --title=", title));
    return {sub, db_->Scalar(absl::StrCat("select 'clients/' || client_id || '/tickets/' || id"
                                          " from tickets where title = '",
                                          title, "'"))};
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
  activate.mutable_activate_time()->set_seconds(kActivatedSince);
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

// R21: `time log --non-billable` logs counted time that is never billed;
// `time edit --billable=…` changes only the flag.
TEST_F(CliE2eTest, NonBillableTime) {
  auto [sub, ticket] = ActiveWithTicket("Internal");
  std::string logged =
      Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=50 --non-billable --note=fix"));
  EXPECT_THAT(logged, HasSubstr(Line("billable", "false")));
  EXPECT_THAT(logged, HasSubstr(Line("billed_minutes", "0")));
  const std::string entry = db_->Scalar(
      "select 'clients/' || client_id || '/tickets/' || ticket_id || '/timeEntries/' || id"
      " from time_entries");
  EXPECT_THAT(Ok(absl::StrCat("--json time list --ticket=", ticket)),
              HasSubstr("\"billable\": false"));

  std::string edited = Ok(absl::StrCat("time edit --name=", entry, " --billable=true"));
  EXPECT_THAT(edited, HasSubstr(Line("billable", "true")));
  EXPECT_THAT(edited, HasSubstr(Line("billed_minutes", "60")));
  EXPECT_EQ(db_->Scalar("select note || ' ' || minutes from time_entries"), "fix 50");

  auto [code, out] = Cli(absl::StrCat("time edit --name=", entry, " --billable=maybe"));
  EXPECT_EQ(code, 2) << out;
  auto [ncode, nothing] = Cli(absl::StrCat("time edit --name=", entry));
  EXPECT_EQ(ncode, 2) << nothing;
  EXPECT_EQ(db_->Scalar("select billable from time_entries"), "t");
}

// The home screen and an estimate, following the reference example (R5, R6,
// R17, R18): 200 -> 210 of 240 is WARNING; 50 more on an approved ticket is
// 60, of which 30 overage at EUR 40/h.
TEST_F(CliE2eTest, UsageAndEstimate) {
  auto [sub, ticket] = ActiveWithTicket("Backup");
  const std::string usage = absl::StrCat("billing usage --subscription=", sub.name());
  std::string before = Ok(usage);
  EXPECT_THAT(before, HasSubstr(Line("allocation", "4 h 0 min (240 min)")));
  EXPECT_THAT(before, HasSubstr("0 % OK"));

  Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=200"));
  std::string mid = Ok(usage);
  EXPECT_THAT(mid, HasSubstr(Line("used", "3 h 30 min (210 min), raw 200 min")));
  EXPECT_THAT(mid, HasSubstr(Line("left", "0 h 30 min (30 min)")));
  // Not a terminal here: the bar is plain text.
  EXPECT_THAT(mid, HasSubstr(absl::StrCat("[", std::string(35, '#'), ".....|] 87 % WARNING")));
  EXPECT_THAT(mid, Not(HasSubstr("\033[")));
  EXPECT_THAT(mid, HasSubstr(Line("rate", "EUR 40.00/h")));
  // On a terminal the used cells and the level are amber, unless NO_COLOR.
  std::string tty = OnTerminal(usage, "");
  EXPECT_THAT(tty, HasSubstr(absl::StrCat("[\033[33m", std::string(35, '#'), "\033[0m.....|]")));
  EXPECT_THAT(tty, HasSubstr("\033[33mWARNING\033[0m"));
  std::string no_color = OnTerminal(usage, "NO_COLOR=1");
  EXPECT_THAT(no_color, HasSubstr("87 % WARNING"));
  EXPECT_THAT(no_color, Not(HasSubstr("\033[")));

  std::string estimate = Ok(absl::StrCat("billing estimate --subscription=", sub.name(),
                                         " --minutes=50 --ticket=", ticket));
  EXPECT_THAT(estimate, HasSubstr(Line("additional_billed_minutes", "60")));
  EXPECT_THAT(estimate, HasSubstr(Line("projected_overage_minutes", "30")));
  EXPECT_THAT(estimate, HasSubstr(Line("extra_cost", "EUR 20.00")));
  EXPECT_THAT(estimate, HasSubstr(Line("projected_level", "USAGE_LEVEL_EXCEEDED")));
  EXPECT_THAT(estimate, HasSubstr(Line("approval_required", "true")));
  EXPECT_EQ(db_->Scalar("select count(*) from time_entries"), "1");  // read-only

  Ok(absl::StrCat("tickets approve-overage --name=", ticket));
  Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=50"));
  std::string after = Ok(usage);
  EXPECT_THAT(after, HasSubstr(Line("used", "4 h 30 min (270 min), raw 250 min")));
  EXPECT_THAT(after, HasSubstr("112 % EXCEEDED"));
  EXPECT_THAT(after, HasSubstr(Line("overage", "30 min")));
  EXPECT_THAT(after, HasSubstr(Line("overage cost so far", "EUR 20.00")));
  std::string json = Ok(absl::StrCat("--json ", usage));
  EXPECT_THAT(json, HasSubstr("\"used_minutes\": 270"));
  EXPECT_THAT(json, HasSubstr("\"overage_minutes\": 30"));
  EXPECT_THAT(json, HasSubstr("\"level\": \"USAGE_LEVEL_EXCEEDED\""));

  // 80 % and 100 % were reached (R14); the default thresholds.
  const std::string client = db_->Scalar("select 'clients/' || id from clients");
  std::string alerts = Ok(absl::StrCat("billing alerts --client=", client));
  EXPECT_THAT(alerts, HasSubstr("\t80\t210\t240\tUSAGE_LEVEL_WARNING\tfalse"));
  EXPECT_THAT(alerts, HasSubstr("\t100\t270\t240\tUSAGE_LEVEL_EXCEEDED\tfalse"));
  std::string eligibility = Ok(absl::StrCat("billing eligibility --client=", client));
  EXPECT_THAT(eligibility, HasSubstr("pass POSTPAYMENT_CRITERION_ACTIVE_PAID_SUBSCRIPTION"));
  EXPECT_THAT(eligibility, HasSubstr("pass POSTPAYMENT_CRITERION_NO_MISSED_PAYMENT"));
  EXPECT_THAT(eligibility, HasSubstr(Line("eligible", "true")));
  EXPECT_THAT(eligibility, HasSubstr("goodwill: The goodwill base deposit for EUR is EUR 30.00"));

  auto [code, out] =
      Cli(absl::StrCat("billing estimate --subscription=", sub.name(), " --minutes=0"));
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT INVALID_FIELD"));
  EXPECT_EQ(Cli(absl::StrCat("billing estimate --subscription=", sub.name())).first, 2);
}

// ONE_TIME: the bucket figures only (SPEC §4), and no history by month.
TEST_F(CliE2eTest, BucketUsageAndNoHistory) {
  v1::Client client = CreateClient();
  v1::Subscription sub =
      CreateSubscription(client, CreatePackage("Bucket", 600, 15, v1::BILLING_CYCLE_ONE_TIME));
  v1::ActivateSubscriptionRequest activate;
  activate.set_name(sub.name());
  activate.mutable_activate_time()->set_seconds(kActivatedSince);
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), activate, &sub).ok());
  Ok(absl::StrCat("tickets create --client=", client.name(), " --subscription=", sub.name(),
                  " --title=Setup"));
  const std::string ticket =
      db_->Scalar("select 'clients/' || client_id || '/tickets/' || id from tickets");
  Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=500"));

  std::string usage = Ok(absl::StrCat("billing usage --subscription=", sub.name()));
  EXPECT_THAT(usage, HasSubstr(Line("billing_cycle", "BILLING_CYCLE_ONE_TIME")));
  EXPECT_THAT(usage, HasSubstr(Line("used", "8 h 30 min (510 min), raw 500 min")));
  EXPECT_THAT(usage, HasSubstr(Line("left", "1 h 30 min (90 min)")));
  EXPECT_THAT(usage, HasSubstr("85 % WARNING"));
  EXPECT_THAT(usage, Not(HasSubstr("rate:")));
  EXPECT_THAT(usage, Not(HasSubstr("overage")));
  EXPECT_THAT(usage, Not(HasSubstr("month:")));

  auto [code, out] = Cli(absl::StrCat("history chart --subscription=", sub.name()));
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("error: FAILED_PRECONDITION NOT_MONTHLY"));
}

// A past month closed from the CLI becomes a billable item; its invoice is
// recorded, then paid; the closed month refuses more time (R9, R10, R16).
TEST_F(CliE2eTest, CloseItemsAndInvoice) {
  auto [sub, ticket] = ActiveWithTicket("Migration");
  const absl::CivilMonth past = MonthsAgo(2);
  // Approval is per month (R8): the past month's, for a subscription that
  // was active then (ActiveWithTicket activates it 100 days back at least).
  Ok(absl::StrCat("tickets approve-overage --name=", ticket, " --period=", sub.name(),
                  "/periods/", absl::FormatCivilTime(past)));
  Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=270 --work-time=", WorkTime(past)));

  // The month after `past` starts before this instant, so `past` ended.
  const std::string as_of = absl::FormatTime(
      absl::RFC3339_sec, absl::FromCivil(absl::CivilSecond(MonthsAgo(1)), Warsaw()),
      absl::UTCTimeZone());
  std::string closed = Ok(absl::StrCat("billing close --as-of=", as_of));
  EXPECT_THAT(closed, HasSubstr(Line("periods_closed", "1")));
  EXPECT_THAT(closed, HasSubstr(Line("billable_items_created", "1")));
  EXPECT_THAT(Ok("billing close"), HasSubstr(Line("billable_items_created", "0")));

  const std::string client = db_->Scalar("select 'clients/' || id from clients");
  std::string items = Ok(absl::StrCat("billing items --client=", client));
  EXPECT_THAT(items, HasSubstr(absl::StrCat(absl::FormatCivilTime(past), " 0.50 Hour(s)")));
  EXPECT_THAT(items, HasSubstr("EUR 20.00"));
  EXPECT_THAT(items, HasSubstr("TICKET_BADGE_BILLED"));
  const std::string item =
      db_->Scalar("select 'clients/' || client_id || '/billableItems/' || id from billable_items");

  const std::string due = absl::FormatCivilTime(absl::CivilDay(MonthsAgo(0)) + 40);
  std::string invoiced = Ok(absl::StrCat("billing invoice --name=", item,
                                         " --reference=INV-1043 --status=UNPAID --due-date=", due,
                                         " --url=https://billing.example.com/INV-1043"));
  EXPECT_THAT(invoiced, HasSubstr("TICKET_BADGE_UNPAID"));
  EXPECT_THAT(invoiced, HasSubstr("INV-1043"));
  // Only the fields given change: the reference and due date stay.
  const std::string today = absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), Warsaw()));
  std::string paid = Ok(
      absl::StrCat("--json billing invoice --name=", item, " --status=PAID --paid-date=", today));
  EXPECT_THAT(paid, HasSubstr("\"badge\": \"TICKET_BADGE_PAID\""));
  EXPECT_THAT(paid, HasSubstr("\"reference\": \"INV-1043\""));
  EXPECT_THAT(Ok("billing items --badge=PAID"), HasSubstr(item));
  EXPECT_THAT(Ok("billing items --badge=BILLED"), Not(HasSubstr(item)));
  EXPECT_THAT(Ok(absl::StrCat("billing item --name=", item)), HasSubstr("INV-1043"));

  // Refusals show code, reason and field, and exit 1.
  auto [code, out] =
      Cli(absl::StrCat("time log --ticket=", ticket, " --minutes=5 --work-time=", WorkTime(past)));
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION PERIOD_CLOSED"));
  auto [icode, invalid] =
      Cli(absl::StrCat("billing invoice --name=", item, " --status=UNPAID --paid-date=", today));
  EXPECT_EQ(icode, 1);
  EXPECT_THAT(invalid, HasSubstr("INVALID_FIELD"));
  auto [fcode, future] = Cli("billing close --as-of=2999-01-01T00:00:00Z");
  EXPECT_EQ(fcode, 1);
  EXPECT_THAT(future, HasSubstr("INVALID_FIELD"));
  // Malformed flags never reach the server.
  EXPECT_EQ(Cli(absl::StrCat("billing invoice --name=", item, " --due-date=10.05.2026")).first, 2);
  EXPECT_EQ(Cli(absl::StrCat("billing invoice --name=", item)).first, 2);
  EXPECT_EQ(Cli("billing items --badge=SOMETIMES").first, 2);
}

// History of a MONTHLY subscription: a closed month with overage and the
// open current one, as months, chart, summary, tickets and operator report.
TEST_F(CliE2eTest, HistoryChartSummaryAndTickets) {
  auto [sub, ticket] = ActiveWithTicket("Upgrade");
  const absl::CivilMonth past = MonthsAgo(2), now = MonthsAgo(0);
  const std::string past_key = absl::FormatCivilTime(past), now_key = absl::FormatCivilTime(now);
  // Approval is per month (R8): the past month's, for a subscription that
  // was active then (ActiveWithTicket activates it 100 days back at least).
  const std::string approved = Ok(absl::StrCat("tickets approve-overage --name=", ticket,
                                               " --period=", sub.name(), "/periods/", past_key,
                                               " --cap=60"));
  EXPECT_THAT(approved, HasSubstr("OVERAGE_APPROVAL_STATE_NONE"));  // shows the current month
  EXPECT_EQ(db_->Scalar("select state || ' ' || cap_minutes from overage_approvals"),
            "APPROVED 60");
  Ok(absl::StrCat("time log --ticket=", ticket,
                  " --minutes=270 --note=schema --work-time=", WorkTime(past)));
  Ok(absl::StrCat("time log --ticket=", ticket, " --minutes=60"));
  Ok("billing close");
  const std::string s = absl::StrCat(" --subscription=", sub.name());

  std::string months = Ok(absl::StrCat("history months", s));
  EXPECT_THAT(months, HasSubstr(absl::StrCat(past_key, "\tPERIOD_STATE_CLOSED\t270\t240")));
  EXPECT_THAT(months, HasSubstr(absl::StrCat(now_key, "\tPERIOD_STATE_OPEN\t60\t240")));

  // One row per month, the last 12; one scale of 270 minutes over 40 cells:
  // the allocation ends at cell 36, the 30 minutes over it take 4.
  std::string chart = Ok(absl::StrCat("history chart", s));
  std::vector<std::string> rows = absl::StrSplit(chart, '\n', absl::SkipEmpty());
  ASSERT_EQ(rows.size(), 12u) << chart;
  EXPECT_EQ(rows.back().substr(0, 7), now_key);
  const std::string& past_row = rows[9];
  EXPECT_EQ(past_row.substr(0, 7), past_key);
  EXPECT_THAT(past_row,
              HasSubstr(absl::StrCat("[", std::string(36, '#'), "|", std::string(4, '!'), "]")));
  EXPECT_THAT(past_row, HasSubstr("4 h 30 min / 4 h 0 min"));
  EXPECT_THAT(past_row, HasSubstr("112 % EXCEEDED +30 min over"));
  EXPECT_THAT(rows.back(), HasSubstr("1 h 0 min / 4 h 0 min"));
  EXPECT_THAT(rows.back(), HasSubstr("25 % OK"));
  EXPECT_THAT(chart, Not(HasSubstr("\033[")));
  std::string three = Ok(absl::StrCat("history chart --months=3", s));
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(three, '\n', absl::SkipEmpty())).size(), 3u);
  EXPECT_THAT(Ok(absl::StrCat("--json history chart", s)), HasSubstr("\"used_minutes\": 270"));

  std::string summary = Ok(absl::StrCat("history summary --month=", past_key, s));
  EXPECT_THAT(summary, HasSubstr(Line("state", "PERIOD_STATE_CLOSED")));
  EXPECT_THAT(summary, HasSubstr(Line("used_minutes", "270")));
  EXPECT_THAT(summary, HasSubstr(Line("left_time", "0 h 0 min")));
  EXPECT_THAT(summary, HasSubstr(Line("overage_minutes", "30")));
  EXPECT_THAT(summary, HasSubstr(Line("overage_cost", "EUR 20.00")));
  EXPECT_THAT(summary, HasSubstr(Line("overage_hourly_rate", "EUR 40.00")));

  std::string tickets = Ok(absl::StrCat("history tickets --month=", past_key, s));
  EXPECT_THAT(tickets, HasSubstr("\tUpgrade\t1\t270\t270\t30\tEUR 20.00\t"));
  EXPECT_THAT(tickets, HasSubstr("TICKET_BADGE_BILLED"));
  EXPECT_THAT(tickets, Not(HasSubstr("schema")));
  std::string expanded = Ok(absl::StrCat("history tickets --entries --month=", past_key, s));
  EXPECT_THAT(expanded, HasSubstr("entries:"));
  EXPECT_THAT(expanded, HasSubstr("\t270\t270\t30\t"));
  EXPECT_THAT(expanded, HasSubstr("schema"));

  std::string operators = Ok(absl::StrCat("history operators --month=", now_key));
  EXPECT_THAT(operators, HasSubstr(Line("month", now_key)));
  EXPECT_THAT(operators, HasSubstr("operator_display_name\tthis_month.entry_count"));

  // A month of its life without time is an empty month (§4).
  EXPECT_THAT(Ok(absl::StrCat("history summary --month=", absl::FormatCivilTime(MonthsAgo(1)), s)),
              HasSubstr(Line("entry_count", "0")));
  // Refusals: a month before the subscription, a chart too long, a malformed month.
  auto [code, out] = Cli(absl::StrCat("history summary --month=2020-01", s));
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));
  auto [ccode, cout] = Cli(absl::StrCat("history chart --months=99", s));
  EXPECT_EQ(ccode, 1);
  EXPECT_THAT(cout, HasSubstr("INVALID_FIELD"));
  EXPECT_EQ(Cli(absl::StrCat("history summary --month=2026-13", s)).first, 2);
  EXPECT_EQ(Cli(absl::StrCat("history tickets", s)).first, 2);
}

TEST_F(CliE2eTest, HelpOnEveryLevel) {
  EXPECT_EQ(Cli("--help").first, 0);
  for (const char* group : {"packages", "clients", "subscriptions", "keys", "tickets", "time",
                            "timers", "billing", "history"}) {
    auto [code, out] = Cli(absl::StrCat(group, " --help"));
    EXPECT_EQ(code, 0) << group;
    EXPECT_THAT(out, HasSubstr("Verbs:")) << group;
  }
  auto [code, out] = Cli("packages create --help");
  EXPECT_EQ(code, 0);
  EXPECT_THAT(out, HasSubstr("--included-minutes"));
  for (const char* verb :
       {"billing usage", "billing estimate", "billing close", "billing items", "billing item",
        "billing invoice", "billing alerts", "billing eligibility", "history months",
        "history chart", "history summary", "history tickets", "history operators"}) {
    auto [vcode, vout] = Cli(absl::StrCat(verb, " --help"));
    EXPECT_EQ(vcode, 0) << verb;
    EXPECT_THAT(vout, HasSubstr(absl::StrCat("Usage: supportbytime ", verb))) << verb;
  }
  EXPECT_THAT(Cli("billing invoice --help").second, HasSubstr("--paid-date=YYYY-MM-DD"));
  EXPECT_THAT(Cli("history chart --help").second, HasSubstr("--months=12"));
  EXPECT_EQ(Cli("nonsense").first, 2);
}

TEST_F(CliE2eTest, FlagsAreDeclaredPerVerb) {
  // An unknown flag is a usage error with a suggestion; the server is not called.
  auto [code, out] = Cli("packages list --show-archive");
  EXPECT_EQ(code, 2);
  EXPECT_THAT(out, HasSubstr("unknown flag --show-archive for 'packages list'"));
  EXPECT_THAT(out, HasSubstr("did you mean --show-archived?"));
  auto [kcode, kout] = Cli("keys list --show-archived");
  EXPECT_EQ(kcode, 2);
  EXPECT_THAT(kout, HasSubstr("did you mean --show-revoked?"));

  // --show-archived is a switch of `packages list`: alone, before --json, it
  // lists the archived packages too.
  v1::Package archived = CreatePackage("Retired");
  Ok(absl::StrCat("packages archive --name=", archived.name()));
  EXPECT_THAT(Ok("packages list --json"), Not(HasSubstr("Retired")));
  EXPECT_THAT(Ok("packages list --show-archived --json"), HasSubstr("\"display_name\": \"Retired\""));

  auto [hcode, help] = Cli("packages list --help");
  EXPECT_EQ(hcode, 0);
  EXPECT_THAT(help, HasSubstr("--show-archived"));
  EXPECT_THAT(help, Not(HasSubstr("--show-revoked")));
}

}  // namespace
}  // namespace supportbytime::testing
