// The CLI's command line: each verb's declared flags, the parser's errors
// and suggestions, and --help, without a server.
#include "sdk/cli/command_line.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sdk/cli/cli.h"

namespace supportbytime::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;

absl::Status Nothing(const Invocation&) { return absl::OkStatus(); }

// A small table shaped like the real one.
Commands Table() {
  Commands c;
  c["packages"]["list"] = {
      "lists packages", {Switch("show-archived", "also the archived ones")}, Nothing};
  c["packages"]["get"] = {
      "shows a package", {Required("name", "packages/ID", "the package")}, Nothing};
  c["keys"]["list"] = {"lists keys", {Switch("show-revoked", "also the revoked ones")}, Nothing};
  c["time"]["log"] = {
      "logs minutes",
      {Required("ticket", "clients/ID/tickets/ID", "the ticket"),
       Required("minutes", "N", "the minutes worked"), Optional("note", "TEXT", "what was done"),
       Switch("non-billable", "never billed")},
      Nothing};
  return c;
}

CommandLine Parse(const std::string& line, Invocation defaults = {}) {
  static const Commands* table = new Commands(Table());
  std::vector<std::string> args = absl::StrSplit(line, ' ', absl::SkipEmpty());
  return ParseCommandLine(*table, args, std::move(defaults));
}

TEST(CommandLineTest, TakesFlagsWithEqualsOrTheNextWordAndGlobalsAnywhere) {
  Invocation env;
  env.options.endpoint = "from-env:1";
  env.options.api_key = "sbt_env";
  CommandLine c =
      Parse("--json time log --ticket clients/1/tickets/2 --minutes=30 --key sbt_flag", env);
  ASSERT_NE(c.verb, nullptr) << c.err;
  EXPECT_TRUE(c.invocation.json);
  EXPECT_EQ(c.invocation.options.endpoint, "from-env:1");
  EXPECT_EQ(c.invocation.options.api_key, "sbt_flag");
  EXPECT_THAT(c.invocation.flags,
              ElementsAre(Pair("minutes", "30"), Pair("ticket", "clients/1/tickets/2")));
}

TEST(CommandLineTest, ASwitchNeverSwallowsTheNextWord) {
  // The old global switch list did not know --show-archived: it took "--json"
  // as its value and listed no archived packages.
  CommandLine c = Parse("packages list --show-archived --json");
  ASSERT_NE(c.verb, nullptr) << c.err;
  EXPECT_EQ(c.invocation.Flag("show-archived"), "true");
  EXPECT_TRUE(c.invocation.json);

  EXPECT_EQ(Parse("packages list --show-archived=false").invocation.Flag("show-archived"), "false");
  CommandLine bad = Parse("packages list --show-archived=yes");
  EXPECT_EQ(bad.verb, nullptr);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--show-archived is a switch"));
}

TEST(CommandLineTest, AVerbsFlagMayComeBeforeItWithAValue) {
  CommandLine c = Parse("--name=packages/7 packages get");
  ASSERT_NE(c.verb, nullptr) << c.err;
  EXPECT_EQ(c.invocation.Flag("name"), "packages/7");
  EXPECT_EQ(Parse("--show-archived packages list").invocation.Flag("show-archived"), "true");
}

TEST(CommandLineTest, AnUnknownFlagIsAnErrorThatSuggestsTheClosest) {
  CommandLine c = Parse("packages list --show-archive");
  EXPECT_EQ(c.verb, nullptr);
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_THAT(c.err, HasSubstr("unknown flag --show-archive for 'packages list'"));
  EXPECT_THAT(c.err, HasSubstr("did you mean --show-archived?"));
  EXPECT_THAT(c.err, HasSubstr("Run 'supportbytime packages list --help'"));

  EXPECT_THAT(Parse("time log --ticket=t --minute=5").err, HasSubstr("did you mean --minutes?"));
  EXPECT_THAT(Parse("time log --ticket=t --minutes=5 --billable").err,
              HasSubstr("did you mean --non-billable?"));
  EXPECT_THAT(Parse("packages get --name=p --jsno").err, HasSubstr("did you mean --json?"));
  EXPECT_THAT(Parse("packages get --name=p --zzzzzz").err, Not(HasSubstr("did you mean")));
}

TEST(CommandLineTest, FlagsArePerVerb) {
  // keys list declares --show-revoked; packages list does not.
  ASSERT_NE(Parse("keys list --show-revoked").verb, nullptr);
  CommandLine c = Parse("packages list --show-revoked");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_THAT(c.err, HasSubstr("unknown flag --show-revoked for 'packages list'"));
  EXPECT_THAT(c.err, HasSubstr("did you mean --show-archived?"));
}

TEST(CommandLineTest, MissingValuesAndRequiredFlagsAreUsageErrors) {
  CommandLine missing = Parse("packages get");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--name is required"));
  EXPECT_THAT(missing.err, HasSubstr("Usage: supportbytime packages get --name=packages/ID"));

  CommandLine no_value = Parse("time log --ticket=t --minutes");
  EXPECT_EQ(no_value.exit_code, 2);
  EXPECT_THAT(no_value.err, HasSubstr("--minutes needs a value, e.g. --minutes=N"));
  EXPECT_THAT(Parse("time log --ticket --minutes=5").err, HasSubstr("--ticket needs a value"));

  CommandLine stray = Parse("packages get --name=p extra");
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_THAT(stray.err, HasSubstr("unexpected argument 'extra'"));
}

TEST(CommandLineTest, UnknownGroupsAndVerbsSuggestToo) {
  CommandLine group = Parse("pakages list");
  EXPECT_EQ(group.exit_code, 2);
  EXPECT_THAT(group.err, HasSubstr("unknown group 'pakages'; did you mean packages?"));
  CommandLine verb = Parse("packages lst");
  EXPECT_EQ(verb.exit_code, 2);
  EXPECT_THAT(verb.err, HasSubstr("unknown verb 'lst' of packages; did you mean list?"));
  EXPECT_THAT(verb.out, HasSubstr("Verbs:"));
}

TEST(CommandLineTest, HelpOnEveryLevel) {
  CommandLine top = Parse("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("--endpoint=HOST:PORT"));
  EXPECT_THAT(top.out, HasSubstr("packages"));
  EXPECT_EQ(Parse("").exit_code, 2);

  CommandLine group = Parse("packages --help");
  EXPECT_EQ(group.exit_code, 0);
  EXPECT_THAT(group.out, HasSubstr("[--show-archived]"));
  EXPECT_EQ(Parse("packages").exit_code, 2);

  CommandLine verb = Parse("time log --help");
  EXPECT_EQ(verb.verb, nullptr);
  EXPECT_EQ(verb.exit_code, 0);
  EXPECT_THAT(verb.out, HasSubstr("Usage: supportbytime time log --ticket=clients/ID/tickets/ID "
                                  "--minutes=N [--note=TEXT] [--non-billable]"));
  EXPECT_THAT(verb.out, HasSubstr("--minutes=N"));
  EXPECT_THAT(verb.out, HasSubstr("the minutes worked (required)"));
  EXPECT_THAT(verb.out, HasSubstr("never billed"));
  EXPECT_THAT(verb.out, Not(HasSubstr("show-archived")));
}

TEST(EditDistanceTest, CountsSingleCharacterEdits) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("json", "json"), 0u);
  EXPECT_EQ(EditDistance("jsno", "json"), 2u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(ClosestName("archived", {"name", "show-archived"}), "show-archived");
  EXPECT_EQ(ClosestName("cycle", {"currency", "description"}), "");
}

// The real CLI: every verb's flags are distinct, none shadows a global flag,
// and each verb's --help lists them all.
TEST(CliCommandsTest, EveryVerbDeclaresDistinctFlagsListedByItsHelp) {
  const Commands commands = AllCommands();
  std::set<std::string> globals;
  for (const Flag& f : GlobalFlags()) globals.insert(f.name);
  int verbs = 0;
  for (const auto& [group, group_verbs] : commands) {
    for (const auto& [name, verb] : group_verbs) {
      ++verbs;
      std::set<std::string> seen;
      CommandLine help = ParseCommandLine(commands, {group, name, "--help"});
      EXPECT_EQ(help.exit_code, 0) << group << " " << name;
      for (const Flag& f : verb.flags) {
        EXPECT_TRUE(seen.insert(f.name).second) << group << " " << name << " --" << f.name;
        EXPECT_EQ(globals.count(f.name), 0u) << group << " " << name << " --" << f.name;
        EXPECT_THAT(f.help, Not(IsEmpty())) << group << " " << name << " --" << f.name;
        EXPECT_THAT(help.out, HasSubstr("--" + f.name)) << group << " " << name;
      }
    }
  }
  EXPECT_GT(verbs, 30);
  // The flag the old switch list hid.
  CommandLine archived = ParseCommandLine(commands, {"packages", "list", "--show-archived"});
  ASSERT_NE(archived.verb, nullptr) << archived.err;
  EXPECT_EQ(archived.invocation.Flag("show-archived"), "true");
}

}  // namespace
}  // namespace supportbytime::cli
