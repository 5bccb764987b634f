#include "server/domain/time_zone.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::HasSubstr;

absl::TimeZone Zone(const char* name) {
  absl::StatusOr<absl::TimeZone> tz = LoadIanaTimeZone("tz", name);
  EXPECT_TRUE(tz.ok()) << name << ": " << tz.status();
  return tz.ok() ? *tz : absl::UTCTimeZone();
}

absl::Time Utc(int y, int mo, int d, int h, int mi, int s = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone());
}

TEST(LoadIanaTimeZoneTest, AcceptsIanaNames) {
  for (const char* name : {"Europe/Warsaw", "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires",
                           "America/Port-au-Prince", "Etc/GMT-1", "Etc/GMT+12", "Asia/Tokyo",
                           "Europe/Kyiv", "Europe/Kiev", "US/Pacific", "CET", "EST5EDT"}) {
    absl::StatusOr<absl::TimeZone> tz = LoadIanaTimeZone("client.time_zone", name);
    ASSERT_TRUE(tz.ok()) << name << ": " << tz.status();
    EXPECT_EQ(tz->name(), name);
  }
}

TEST(LoadIanaTimeZoneTest, EtcGmtMinusOneIsOneHourAheadOfUtc) {
  absl::TimeZone tz = Zone("Etc/GMT-1");
  EXPECT_EQ(tz.At(Utc(2026, 1, 1, 0, 0)).cs, absl::CivilSecond(2026, 1, 1, 1, 0, 0));
}

TEST(LoadIanaTimeZoneTest, RefusesEmptyWithAHint) {
  absl::Status s = LoadIanaTimeZone("client.time_zone", "").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ErrorDetail d = DetailOf(s);
  EXPECT_EQ(d.reason, "INVALID_FIELD");
  ASSERT_EQ(d.fields.size(), 1u);
  EXPECT_EQ(d.fields[0].field, "client.time_zone");
  EXPECT_THAT(d.fields[0].description, HasSubstr("Europe/Warsaw"));
}

TEST(LoadIanaTimeZoneTest, RefusesOffsetsThatAbseilDoesNotKnow) {
  for (const char* name : {"UTC+1", "GMT+1", "UTC+01:00", "+01:00", "CEST", "Europe/Atlantis",
                           "Europe", "europe/warsaw", "EUROPE/WARSAW"}) {
    EXPECT_FALSE(LoadIanaTimeZone("tz", name).ok()) << name;
  }
}

TEST(LoadIanaTimeZoneTest, RefusesNamesAbseilWouldLoadButAreNoIanaZones) {
  // Each of these loads with absl::LoadTimeZone; none is a client's zone.
  for (const char* name : {"localtime", "Fixed/UTC+01:00:00", "/usr/share/zoneinfo/Europe/Warsaw",
                           "../zoneinfo/Europe/Warsaw", "Europe/../Europe/Warsaw",
                           "posix/Europe/Warsaw", "posixrules", "Factory"}) {
    absl::TimeZone ignored;
    EXPECT_TRUE(absl::LoadTimeZone(name, &ignored)) << "abseil no longer loads " << name;
    EXPECT_FALSE(LoadIanaTimeZone("tz", name).ok()) << name;
  }
}

TEST(LoadIanaTimeZoneTest, RefusesMalformedNames) {
  for (const char* name :
       {"Europe/Warsaw ", " Europe/Warsaw", "Europe//Warsaw", "Europe/", "/Europe/Warsaw",
        "Europe/Warsaw\n", "Europe\\Warsaw", "Etc/.UTC", "1Europe/Warsaw"}) {
    EXPECT_FALSE(LoadIanaTimeZone("tz", name).ok()) << name;
  }
  EXPECT_FALSE(LoadIanaTimeZone("tz", std::string(65, 'A')).ok());
  EXPECT_FALSE(LoadIanaTimeZone("tz", std::string("Europe/Warsaw\0", 14)).ok());
}

TEST(LoadIanaTimeZoneTest, ValidateTimeZoneAgrees) {
  EXPECT_TRUE(ValidateTimeZone("tz", "Europe/Warsaw").ok());
  EXPECT_FALSE(ValidateTimeZone("tz", "localtime").ok());
}

TEST(MonthOfTest, SpecExampleWarsawMidnightIsAlreadyApril) {
  // R2: 2026-04-01 00:30 in Warsaw (CEST, UTC+2) is 2026-03-31 22:30 UTC.
  const absl::Time t = Utc(2026, 3, 31, 22, 30);
  EXPECT_EQ(MonthOf(t, Zone("Europe/Warsaw")), absl::CivilMonth(2026, 4));
  EXPECT_EQ(MonthOf(t, absl::UTCTimeZone()), absl::CivilMonth(2026, 3));
}

TEST(MonthOfTest, LastInstantOfAMonthInWinter) {
  // Warsaw is UTC+1 in January.
  const absl::TimeZone warsaw = Zone("Europe/Warsaw");
  EXPECT_EQ(MonthOf(Utc(2026, 1, 31, 22, 59, 59), warsaw), absl::CivilMonth(2026, 1));
  EXPECT_EQ(MonthOf(Utc(2026, 1, 31, 23, 0, 0), warsaw), absl::CivilMonth(2026, 2));
}

TEST(MonthOfTest, ZonesWestOfUtcLagBehind) {
  EXPECT_EQ(MonthOf(Utc(2026, 5, 1, 3, 0), Zone("America/New_York")), absl::CivilMonth(2026, 4));
}

TEST(MonthBoundsTest, AprilInWarsaw) {
  const TimeRange april = MonthBounds(absl::CivilMonth(2026, 4), Zone("Europe/Warsaw"));
  EXPECT_EQ(april.start, Utc(2026, 3, 31, 22, 0));
  EXPECT_EQ(april.end, Utc(2026, 4, 30, 22, 0));
  EXPECT_TRUE(april.Contains(Utc(2026, 3, 31, 22, 30)));
  EXPECT_FALSE(april.Contains(april.end));
  EXPECT_TRUE(april.Contains(april.start));
}

TEST(MonthBoundsTest, MarchIsAnHourShorterInWarsaw) {
  const TimeRange march = MonthBounds(absl::CivilMonth(2026, 3), Zone("Europe/Warsaw"));
  EXPECT_EQ(march.start, Utc(2026, 2, 28, 23, 0));
  EXPECT_EQ(march.end, Utc(2026, 3, 31, 22, 0));
  EXPECT_EQ(march.end - march.start, absl::Hours(31 * 24 - 1));
  const TimeRange october = MonthBounds(absl::CivilMonth(2026, 10), Zone("Europe/Warsaw"));
  EXPECT_EQ(october.end - october.start, absl::Hours(31 * 24 + 1));
}

TEST(MonthBoundsTest, ConsecutiveMonthsShareTheirBoundaryAcrossAYear) {
  const absl::TimeZone tz = Zone("Pacific/Auckland");
  for (absl::CivilMonth m(2025, 1); m < absl::CivilMonth(2027, 1); ++m) {
    const TimeRange r = MonthBounds(m, tz);
    EXPECT_EQ(r.end, MonthBounds(m + 1, tz).start) << m;
    EXPECT_EQ(MonthOf(r.start, tz), m);
    EXPECT_EQ(MonthOf(r.end - absl::Nanoseconds(1), tz), m);
  }
}

TEST(MonthBoundsTest, SkippedMidnightStartsTheMonthAtTheTransition) {
  // Paraguay moved clocks from 2017-10-01 00:00 (UTC-4) to 01:00 (UTC-3):
  // local midnight of 1 October never happened.
  const absl::TimeZone tz = Zone("America/Asuncion");
  const TimeRange october = MonthBounds(absl::CivilMonth(2017, 10), tz);
  EXPECT_EQ(october.start, Utc(2017, 10, 1, 4, 0));
  EXPECT_EQ(MonthBounds(absl::CivilMonth(2017, 9), tz).end, october.start);
  EXPECT_EQ(MonthOf(october.start - absl::Seconds(1), tz), absl::CivilMonth(2017, 9));
  EXPECT_EQ(MonthOf(october.start, tz), absl::CivilMonth(2017, 10));
}

TEST(MonthEndedByTest, AMonthEndsAtTheClientsMidnight) {
  const absl::TimeZone warsaw = Zone("Europe/Warsaw");
  const absl::CivilMonth march(2026, 3);
  // March ends in Warsaw at 2026-03-31 22:00 UTC (midnight CEST).
  EXPECT_FALSE(MonthEndedBy(march, warsaw, Utc(2026, 3, 31, 21, 59, 59)));
  EXPECT_TRUE(MonthEndedBy(march, warsaw, Utc(2026, 3, 31, 22, 0)));
  EXPECT_FALSE(MonthEndedBy(march, absl::UTCTimeZone(), Utc(2026, 3, 31, 22, 0)));
  EXPECT_FALSE(MonthEndedBy(absl::CivilMonth(2026, 4), warsaw, Utc(2026, 4, 15, 0, 0)));
}

TEST(StartOfLocalTest, RepeatedTimeTakesTheFirstOccurrence) {
  // Warsaw's clocks go from 03:00 CEST back to 02:00 CET on 2026-10-25.
  EXPECT_EQ(StartOfLocal(absl::CivilSecond(2026, 10, 25, 2, 30, 0), Zone("Europe/Warsaw")),
            Utc(2026, 10, 25, 0, 30));
}

TEST(StartOfLocalTest, SkippedTimeIsTheInstantOfTheJump) {
  // 2026-03-29 02:30 does not exist in Warsaw: 02:00 CET jumps to 03:00 CEST.
  EXPECT_EQ(StartOfLocal(absl::CivilSecond(2026, 3, 29, 2, 30, 0), Zone("Europe/Warsaw")),
            Utc(2026, 3, 29, 1, 0));
}

TEST(PeriodKeyTest, FormatsYearAndMonth) {
  EXPECT_EQ(PeriodKey(absl::CivilMonth(2026, 4)), "2026-04");
  EXPECT_EQ(PeriodKey(absl::CivilMonth(2026, 12)), "2026-12");
  EXPECT_EQ(PeriodKey(absl::CivilMonth(987, 1)), "0987-01");
}

TEST(PeriodKeyTest, ParsesWhatItFormats) {
  for (absl::CivilMonth m(1999, 1); m < absl::CivilMonth(2031, 1); ++m) {
    absl::StatusOr<absl::CivilMonth> parsed = ParsePeriodKey("period", PeriodKey(m));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, m);
  }
}

TEST(PeriodKeyTest, RefusesAnythingElse) {
  for (const char* key : {"", "2026-4", "2026-13", "2026-00", "26-04", "2026/04", "2026-04-01",
                          " 2026-04", "2026-04 ", "0000-01", "+026-04", "2026-0a", "２026-04"}) {
    absl::Status s = ParsePeriodKey("period", key).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(DetailOf(s).fields.at(0).field, "period");
  }
}

}  // namespace
}  // namespace supportbytime::domain
