#include "server/app/config.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supportbytime::app {
namespace {

using ::testing::HasSubstr;

Flags::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

absl::StatusOr<Config> Load(const std::vector<std::string>& args,
                            std::map<std::string, std::string> env = {}) {
  Flags flags;
  DefineConfigFlags(flags, true);
  if (absl::Status st = flags.Parse(args, Env(std::move(env))); !st.ok()) return st;
  return LoadConfig(flags, true);
}

TEST(ConfigTest, DefaultsNeedOnlyTheDatabase) {
  auto c = Load({"--database-url=postgresql://x/y"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->database_url, "postgresql://x/y");
  EXPECT_EQ(c->listen_address, "127.0.0.1:50051");
  EXPECT_EQ(c->db_pool_size, 8);
  EXPECT_EQ(c->default_time_zone, "Europe/Warsaw");
  EXPECT_EQ(c->idempotency_ttl, absl::Hours(48));
  ASSERT_TRUE(c->business_calendar.has_value());
  EXPECT_EQ(*c->business_calendar, *domain::BusinessCalendar::Default());
}

TEST(ConfigTest, BusinessHoursFromFlagOrEnvironment) {
  auto c = Load({"--database-url=x", "--business-hours=Mon-Fri 08:00-16:00; tz=Europe/London; "
                                     "holidays=2026-12-24"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->business_calendar->time_zone_name(), "Europe/London");
  EXPECT_TRUE(c->business_calendar->IsHoliday(absl::CivilDay(2026, 12, 24)));
  EXPECT_FALSE(c->business_calendar->IsHoliday(absl::CivilDay(2026, 12, 23)));
  auto env = Load({"--database-url=x"}, {{"SBT_BUSINESS_HOURS", "Sat 10:00-14:00"}});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->business_calendar->hours()[5].size(), 1u);
  EXPECT_TRUE(env->business_calendar->hours()[0].empty());
}

TEST(ConfigTest, GoodwillBaseIsThirtyEuroOnlyByDefault) {
  auto c = Load({"--database-url=x"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->goodwill_bases.ToString(), "EUR:30.00");
  EXPECT_EQ(c->goodwill_bases.Base("USD"), std::nullopt);
}

TEST(ConfigTest, GoodwillBaseFromFlagOrEnvironment) {
  auto c = Load({"--database-url=x", "--goodwill-base=EUR:30.00,USD:25.00"},
                {{"SBT_GOODWILL_BASE", "GBP:20.00"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->goodwill_bases.Base("USD"), (domain::Money{2500, "USD"}));
  EXPECT_EQ(c->goodwill_bases.Base("GBP"), std::nullopt);
  auto env = Load({"--database-url=x"}, {{"SBT_GOODWILL_BASE", "KWD:10.000"}});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->goodwill_bases.Base("KWD"), (domain::Money{10000, "KWD"}));
  EXPECT_EQ(env->goodwill_bases.Base("EUR"), std::nullopt);
}

// The commands that do not serve but reset credits (close-periods) or create
// clients (seed-demo) read the same flag and variable.
TEST(ConfigTest, GoodwillFlagOutsideServe) {
  Flags flags;
  DefineConfigFlags(flags, false);
  DefineGoodwillFlag(flags);
  ASSERT_TRUE(flags.Parse({"--database-url=x"}, Env({{"SBT_GOODWILL_BASE", "USD:25"}})).ok());
  auto bases = LoadGoodwillBases(flags);
  ASSERT_TRUE(bases.ok()) << bases.status();
  EXPECT_EQ(bases->ToString(), "USD:25.00");
  ASSERT_TRUE(flags.Parse({"--goodwill-base=USD:-1"}, Env({})).ok());
  EXPECT_THAT(LoadGoodwillBases(flags).status().message(), HasSubstr("--goodwill-base"));
}

TEST(ConfigTest, FlagBeatsEnvironmentAndEnvironmentBeatsDefault) {
  auto c = Load({"--listen", "0.0.0.0:6000"},
                {{"SBT_DATABASE_URL", "postgresql://env/db"}, {"SBT_LISTEN", "1.2.3.4:1"},
                 {"SBT_DB_POOL_SIZE", "3"}});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->database_url, "postgresql://env/db");
  EXPECT_EQ(c->listen_address, "0.0.0.0:6000");
  EXPECT_EQ(c->db_pool_size, 3);
}

TEST(ConfigTest, RefusesWhatItCannotUse) {
  EXPECT_THAT(Load({}).status().message(), HasSubstr("--database-url"));
  EXPECT_THAT(Load({"--database-url=x", "--db-pool-size=0"}).status().message(),
              HasSubstr("--db-pool-size"));
  EXPECT_THAT(Load({"--database-url=x", "--db-pool-size=abc"}).status().message(),
              HasSubstr("whole number"));
  EXPECT_THAT(Load({"--database-url=x", "--default-time-zone=Mars/Base"}).status().message(),
              HasSubstr("--default-time-zone"));
  EXPECT_THAT(Load({"--database-url=x", "--business-hours=Mon-Fri 18:00-09:00"}).status().message(),
              HasSubstr("--business-hours"));
  EXPECT_THAT(Load({"--database-url=x", "--business-hours=tz=Mars/Base"}).status().message(),
              HasSubstr("--business-hours"));
  for (const char* bad :
       {"--goodwill-base=EUR:30.001", "--goodwill-base=eur:30", "--goodwill-base=EUR:-30",
        "--goodwill-base=EUR=30", "--goodwill-base=", "--goodwill-base=EUR:30,EUR:40"}) {
    const absl::Status st = Load({"--database-url=x", bad}).status();
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(st.message(), HasSubstr("--goodwill-base: ")) << bad;
  }
  EXPECT_THAT(Load({"--database-url=x"}, {{"SBT_GOODWILL_BASE", "XXX:1"}}).status().message(),
              HasSubstr("--goodwill-base: \"XXX:1\""));
  EXPECT_THAT(Load({"--database-url=x", "--idempotency-ttl=1h"}).status().message(),
              HasSubstr("at least 24h"));
  EXPECT_THAT(Load({"--database-url=x", "--shutdown-grace=soon"}).status().message(),
              HasSubstr("--shutdown-grace"));
  EXPECT_THAT(Load({"--database-url=x", "--listen=nowhere"}).status().message(),
              HasSubstr("host:port"));
  EXPECT_THAT(Load({"--database-url=x", "--no-such-flag=1"}).status().message(),
              HasSubstr("unknown flag --no-such-flag"));
  EXPECT_THAT(Load({"--database-url"}).status().message(), HasSubstr("needs a value"));
  EXPECT_THAT(Load({"stray"}).status().message(), HasSubstr("unexpected argument"));
}

TEST(ConfigTest, HelpNamesEveryFlagAndVariable) {
  Flags flags;
  DefineConfigFlags(flags, true);
  ASSERT_TRUE(flags.Parse({"--help"}, Env({})).ok());
  EXPECT_TRUE(flags.help_requested());
  std::string help = flags.Help();
  for (const char* s :
       {"--database-url", "SBT_DATABASE_URL", "--listen", "SBT_LISTEN", "--db-pool-size",
        "--default-time-zone", "--idempotency-ttl", "--shutdown-grace", "--health-interval",
        "--auth-cache-ttl", "--business-hours", "SBT_BUSINESS_HOURS", "--goodwill-base",
        "SBT_GOODWILL_BASE", "EUR:30.00"}) {
    EXPECT_THAT(help, HasSubstr(s));
  }
}

}  // namespace
}  // namespace supportbytime::app
