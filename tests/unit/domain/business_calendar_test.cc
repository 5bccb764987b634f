#include "server/domain/business_calendar.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return tz;
}

// A local time in Warsaw.
absl::Time W(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), Warsaw());
}

absl::Time Utc(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::UTCTimeZone());
}

BusinessCalendar Cal(absl::string_view config) {
  absl::StatusOr<BusinessCalendar> c = BusinessCalendar::Parse(config);
  EXPECT_TRUE(c.ok()) << config << ": " << c.status();
  return c.ok() ? *c : *BusinessCalendar::Default();
}

BusinessCalendar Default() { return *BusinessCalendar::Default(); }

std::string ParseError(absl::string_view config) {
  absl::StatusOr<BusinessCalendar> c = BusinessCalendar::Parse(config, "provider.calendar");
  if (c.ok()) return "parsed";
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  ErrorDetail d = DetailOf(c.status());
  EXPECT_EQ(d.reason, "INVALID_FIELD");
  EXPECT_EQ(d.fields.at(0).field, "provider.calendar");
  return d.fields.at(0).description;
}

TEST(CalendarDatesTest, WeekdaysUsedBelow) {
  // Guards the dates the tests rely on.
  EXPECT_EQ(absl::GetWeekday(absl::CivilDay(2026, 4, 3)), absl::Weekday::friday);
  EXPECT_EQ(absl::GetWeekday(absl::CivilDay(2026, 3, 29)), absl::Weekday::sunday);
  EXPECT_EQ(absl::GetWeekday(absl::CivilDay(2026, 10, 25)), absl::Weekday::sunday);
  // ... and the last Sundays of their months, when the clocks change.
  EXPECT_EQ((absl::CivilDay(2026, 3, 29) + 7).month(), 4);
  EXPECT_EQ((absl::CivilDay(2026, 10, 25) + 7).month(), 11);
}

// --- the default calendar ---

TEST(BusinessCalendarTest, DefaultIsMondayToFridayNineToSixInWarsaw) {
  BusinessCalendar c = Default();
  EXPECT_EQ(c.time_zone_name(), "Europe/Warsaw");
  for (int d = 0; d < 5; ++d) EXPECT_THAT(c.hours()[d], ElementsAre(OpeningInterval{540, 1080}));
  EXPECT_TRUE(c.hours()[5].empty());
  EXPECT_TRUE(c.hours()[6].empty());
  EXPECT_EQ(c.ToString(), "Mon-Fri 09:00-18:00; tz=Europe/Warsaw");
}

TEST(BusinessCalendarTest, IsOpenDuringHoursOnly) {
  BusinessCalendar c = Default();
  EXPECT_TRUE(c.IsOpen(W(2026, 4, 3, 9)));
  EXPECT_TRUE(c.IsOpen(W(2026, 4, 3, 17, 59)));
  EXPECT_FALSE(c.IsOpen(W(2026, 4, 3, 18)));
  EXPECT_FALSE(c.IsOpen(W(2026, 4, 3, 8, 59)));
  EXPECT_FALSE(c.IsOpen(W(2026, 4, 4, 12)));  // Saturday
  EXPECT_FALSE(c.IsOpen(absl::InfiniteFuture()));
}

TEST(BusinessCalendarTest, NextOpening) {
  BusinessCalendar c = Default();
  EXPECT_EQ(c.NextOpening(W(2026, 4, 4, 10)), W(2026, 4, 6, 9));  // Saturday -> Monday
  EXPECT_EQ(c.NextOpening(W(2026, 4, 3, 18)), W(2026, 4, 6, 9));  // Friday closing
  EXPECT_EQ(c.NextOpening(W(2026, 4, 6, 7)), W(2026, 4, 6, 9));
  EXPECT_EQ(c.NextOpening(W(2026, 4, 6, 10)), W(2026, 4, 6, 10));  // already open
}

// --- adding business time (R13 examples) ---

TEST(AddBusinessTimeTest, SpecFridayAfternoonCarriesToMonday) {
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 3, 16), absl::Hours(4)), W(2026, 4, 6, 11));
}

TEST(AddBusinessTimeTest, SpecSaturdayStartsOnMondayMorning) {
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 4, 10), absl::Hours(4)), W(2026, 4, 6, 13));
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 4, 10), absl::Minutes(1)), W(2026, 4, 6, 9, 1));
}

TEST(AddBusinessTimeTest, SpecDstInMarchCountsWallClockHours) {
  // Friday 27 March 16:00 CET (15:00 UTC); clocks go forward on Sunday 29th.
  const absl::Time friday = W(2026, 3, 27, 16);
  EXPECT_EQ(friday, Utc(2026, 3, 27, 15));
  const absl::Time due = Default().AddBusinessTime(friday, absl::Hours(4));
  EXPECT_EQ(due, W(2026, 3, 30, 11));
  EXPECT_EQ(due, Utc(2026, 3, 30, 9));  // 11:00 CEST
  EXPECT_EQ(Default().BusinessTimeBetween(friday, due), absl::Hours(4));
}

TEST(AddBusinessTimeTest, SpecDstInOctoberCountsWallClockHours) {
  const absl::Time friday = W(2026, 10, 23, 16);
  EXPECT_EQ(friday, Utc(2026, 10, 23, 14));  // CEST
  const absl::Time due = Default().AddBusinessTime(friday, absl::Hours(4));
  EXPECT_EQ(due, W(2026, 10, 26, 11));
  EXPECT_EQ(due, Utc(2026, 10, 26, 10));  // CET
}

TEST(AddBusinessTimeTest, WithinOneDay) {
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 6, 10), absl::Hours(4)), W(2026, 4, 6, 14));
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 6, 9), absl::Hours(9)), W(2026, 4, 6, 18));
}

TEST(AddBusinessTimeTest, EndingExactlyAtClosingStaysOnThatDay) {
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 3, 14), absl::Hours(4)), W(2026, 4, 3, 18));
}

TEST(AddBusinessTimeTest, OutsideHoursOnAWeekday) {
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 7, 20), absl::Hours(4)), W(2026, 4, 8, 13));
  EXPECT_EQ(Default().AddBusinessTime(W(2026, 4, 7, 6), absl::Hours(4)), W(2026, 4, 7, 13));
}

TEST(AddBusinessTimeTest, HolidaysAreSkipped) {
  // Easter Monday 2026 is 6 April.
  BusinessCalendar c = Cal("Mon-Fri 09:00-18:00; tz=Europe/Warsaw; holidays=2026-04-06");
  EXPECT_EQ(c.AddBusinessTime(W(2026, 4, 3, 16), absl::Hours(4)), W(2026, 4, 7, 11));
  EXPECT_FALSE(c.IsOpen(W(2026, 4, 6, 12)));
}

TEST(AddBusinessTimeTest, AnnualHolidaysRecurEveryYear) {
  BusinessCalendar c = Cal("Mon-Fri 09:00-18:00; holidays=12-24,12-25,12-26");
  // Wednesday 23 December 2026, 16:00 -> 2 h that day, Thu-Sat closed, Sun closed, Mon 28th.
  EXPECT_EQ(c.AddBusinessTime(W(2026, 12, 23, 16), absl::Hours(4)), W(2026, 12, 28, 11));
  EXPECT_TRUE(c.IsHoliday(absl::CivilDay(2031, 12, 25)));
  EXPECT_FALSE(c.IsHoliday(absl::CivilDay(2031, 12, 27)));
}

TEST(AddBusinessTimeTest, SplitDayAndWeekendHours) {
  BusinessCalendar c = Cal("Mon-Fri 09:00-12:00,13:00-17:00; Sat 10:00-12:00");
  EXPECT_EQ(c.AddBusinessTime(W(2026, 4, 6, 11), absl::Hours(2)), W(2026, 4, 6, 14));
  EXPECT_EQ(c.AddBusinessTime(W(2026, 4, 3, 16), absl::Hours(2)), W(2026, 4, 4, 11));
  EXPECT_EQ(c.AddBusinessTime(W(2026, 4, 6, 12, 30), absl::Minutes(1)), W(2026, 4, 6, 13, 1));
}

TEST(AddBusinessTimeTest, OtherTimeZones) {
  BusinessCalendar c = Cal("Mon-Fri 09:00-17:00; tz=America/New_York");
  absl::TimeZone ny;
  ASSERT_TRUE(absl::LoadTimeZone("America/New_York", &ny));
  const absl::Time friday = absl::FromCivil(absl::CivilSecond(2026, 4, 3, 15, 0, 0), ny);
  EXPECT_EQ(c.AddBusinessTime(friday, absl::Hours(4)),
            absl::FromCivil(absl::CivilSecond(2026, 4, 6, 11, 0, 0), ny));
}

TEST(AddBusinessTimeTest, DegenerateDurations) {
  BusinessCalendar c = Default();
  const absl::Time saturday = W(2026, 4, 4, 10);
  EXPECT_EQ(c.AddBusinessTime(saturday, absl::ZeroDuration()), saturday);
  EXPECT_EQ(c.AddBusinessTime(saturday, absl::Hours(-1)), saturday);
  EXPECT_EQ(c.AddBusinessTime(saturday, absl::InfiniteDuration()), absl::InfiniteFuture());
  EXPECT_EQ(c.AddBusinessTime(absl::InfiniteFuture(), absl::Hours(1)), absl::InfiniteFuture());
  // A million business hours is centuries of calendar: reported as never.
  EXPECT_EQ(c.AddBusinessTime(saturday, absl::Hours(1'000'000)), absl::InfiniteFuture());
  EXPECT_LT(c.AddBusinessTime(saturday, absl::Hours(45 * 52 * 10)), absl::InfiniteFuture());
}

TEST(AddBusinessTimeTest, AroundTheClockCalendarCountsRealTimeAcrossDst) {
  // A 24-hour desk: the spring-forward Sunday has 23 real hours, documented
  // as the one case where business time differs from wall-clock hours.
  BusinessCalendar c = Cal("Mon-Sun 00:00-24:00");
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 3, 29, 0), W(2026, 3, 30, 0)), absl::Hours(23));
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 10, 25, 0), W(2026, 10, 26, 0)), absl::Hours(25));
  EXPECT_EQ(c.AddBusinessTime(W(2026, 3, 29, 0), absl::Hours(23)), W(2026, 3, 30, 0));
  EXPECT_TRUE(c.IsOpen(W(2026, 3, 29, 12)));
}

TEST(AddBusinessTimeTest, HoursInsideASkippedHourDoNotExist) {
  BusinessCalendar c = Cal("Sun 02:00-03:00; Mon 09:00-10:00");
  // On 29 March 2026 02:00-03:00 does not exist in Warsaw.
  EXPECT_EQ(c.AddBusinessTime(W(2026, 3, 28, 12), absl::Minutes(30)), W(2026, 3, 30, 9, 30));
  EXPECT_EQ(c.AddBusinessTime(W(2026, 3, 21, 12), absl::Minutes(30)),
            Utc(2026, 3, 22, 1, 30));  // a week earlier it does
}

// --- measuring business time ---

TEST(BusinessTimeBetweenTest, CountsOnlyOpenHours) {
  BusinessCalendar c = Default();
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 8), W(2026, 4, 6, 20)), absl::Hours(9));
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 0), W(2026, 4, 13, 0)), absl::Hours(45));
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 3, 16), W(2026, 4, 6, 11)), absl::Hours(4));
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 4, 0), W(2026, 4, 5, 23)), absl::ZeroDuration());
}

TEST(BusinessTimeBetweenTest, EmptyOrReversedSpansAreZero) {
  BusinessCalendar c = Default();
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 10), W(2026, 4, 6, 10)), absl::ZeroDuration());
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 12), W(2026, 4, 6, 10)), absl::ZeroDuration());
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 12), absl::InfiniteFuture()),
            absl::InfiniteDuration());
}

TEST(BusinessTimeBetweenTest, HolidaysCountNothing) {
  BusinessCalendar c = Cal("Mon-Fri 09:00-18:00; holidays=2026-04-06");
  EXPECT_EQ(c.BusinessTimeBetween(W(2026, 4, 6, 0), W(2026, 4, 13, 0)), absl::Hours(36));
}

TEST(BusinessTimeBetweenTest, IsTheInverseOfAdding) {
  BusinessCalendar c =
      Cal("Mon-Fri 08:00-12:00,12:30-16:30; Sat 10:00-13:00; holidays=2026-04-06,05-01");
  std::mt19937 rng(13);
  const absl::Time base = W(2026, 1, 1, 0);
  for (int i = 0; i < 500; ++i) {
    const absl::Time start = base + absl::Minutes(rng() % (366 * 24 * 60));
    const absl::Duration d = absl::Minutes(1 + rng() % (60 * 60));
    const absl::Time end = c.AddBusinessTime(start, d);
    ASSERT_EQ(c.BusinessTimeBetween(start, end), d) << absl::FormatTime(start);
    // The earliest such instant: one minute less of the span is not enough.
    ASSERT_LT(c.BusinessTimeBetween(start, end - absl::Minutes(1)), d);
  }
}

// --- configuration ---

TEST(ParseTest, FullSyntaxAndCanonicalForm) {
  BusinessCalendar c =
      Cal("mon-fri 09:00-12:00, 13:00-18:00 ; SAT 10:00-14:00; tz = Europe/London; "
          "holidays=2026-12-24, 12-25;");
  EXPECT_EQ(c.time_zone_name(), "Europe/London");
  EXPECT_THAT(c.hours()[0], ElementsAre(OpeningInterval{540, 720}, OpeningInterval{780, 1080}));
  EXPECT_THAT(c.hours()[5], ElementsAre(OpeningInterval{600, 840}));
  EXPECT_TRUE(c.hours()[6].empty());
  EXPECT_TRUE(c.IsHoliday(absl::CivilDay(2026, 12, 24)));
  EXPECT_FALSE(c.IsHoliday(absl::CivilDay(2027, 12, 24)));
  EXPECT_TRUE(c.IsHoliday(absl::CivilDay(2027, 12, 25)));
  EXPECT_EQ(c.ToString(),
            "Mon-Fri 09:00-12:00,13:00-18:00; Sat 10:00-14:00; tz=Europe/London; "
            "holidays=2026-12-24,12-25");
  EXPECT_EQ(Cal(c.ToString()), c);
}

TEST(ParseTest, DayListsAndWrappingRanges) {
  BusinessCalendar c = Cal("Sun-Thu 08:00-16:00");
  EXPECT_EQ(c.ToString(), "Mon-Thu,Sun 08:00-16:00; tz=Europe/Warsaw");
  EXPECT_TRUE(c.hours()[4].empty());
  EXPECT_EQ(Cal("Mon,Wed,Fri 09:00-10:00").ToString(), "Mon,Wed,Fri 09:00-10:00; tz=Europe/Warsaw");
  EXPECT_EQ(Cal("Mon-Tue,Thu 09:00-10:00; Wed 11:00-12:00").ToString(),
            "Mon-Tue,Thu 09:00-10:00; Wed 11:00-12:00; tz=Europe/Warsaw");
}

TEST(ParseTest, TouchingIntervalsMergeAndDaysMayRepeat) {
  EXPECT_EQ(Cal("Mon 09:00-12:00; Mon 12:00-18:00").ToString(),
            "Mon 09:00-18:00; tz=Europe/Warsaw");
  EXPECT_EQ(Cal("Mon 13:00-18:00, 09:00-12:00").ToString(),
            "Mon 09:00-12:00,13:00-18:00; tz=Europe/Warsaw");
}

TEST(ParseTest, WholeDaysAndNightShifts) {
  BusinessCalendar c = Cal("Mon-Sun 00:00-24:00");
  EXPECT_THAT(c.hours()[6], ElementsAre(OpeningInterval{0, 1440}));
  BusinessCalendar night = Cal("Mon 22:00-24:00; Tue 00:00-06:00");
  EXPECT_EQ(night.BusinessTimeBetween(W(2026, 4, 6, 0), W(2026, 4, 8, 0)), absl::Hours(8));
  EXPECT_EQ(night.AddBusinessTime(W(2026, 4, 6, 23), absl::Hours(2)), W(2026, 4, 7, 1));
}

TEST(ParseTest, LeapDayHolidays) {
  BusinessCalendar c = Cal("Mon-Fri 09:00-18:00; holidays=02-29,2028-02-29");
  EXPECT_TRUE(c.IsHoliday(absl::CivilDay(2032, 2, 29)));
  EXPECT_FALSE(c.IsHoliday(absl::CivilDay(2027, 3, 1)));
}

TEST(ParseTest, PreciseErrors) {
  EXPECT_THAT(ParseError(""), HasSubstr("is empty"));
  EXPECT_THAT(ParseError(" ; ; "), HasSubstr("is empty"));
  EXPECT_THAT(ParseError("Mon-Fry 09:00-18:00"), HasSubstr("clause 1"));
  EXPECT_THAT(ParseError("Mon-Fry 09:00-18:00"), HasSubstr("unknown day \"Fry\""));
  EXPECT_THAT(ParseError("tz=Europe/Warsaw; Monday 09:00-18:00"), HasSubstr("clause 2"));
  EXPECT_THAT(ParseError("Mon-Fri 9:00-18:00"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon-Fri 09:00"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon-Fri 09:00-18:00-19:00"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon 25:00-26:00"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon 09:60-10:00"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon 09:00-24:30"), HasSubstr("HH:MM-HH:MM"));
  EXPECT_THAT(ParseError("Mon-Fri 18:00-09:00"), HasSubstr("cannot pass midnight"));
  EXPECT_THAT(ParseError("Mon 09:00-09:00"), HasSubstr("not before closing"));
  EXPECT_THAT(ParseError("Mon 09:00-12:00; Mon-Tue 11:00-13:00"),
              HasSubstr("Mon: 09:00-12:00 overlaps 11:00-13:00"));
  EXPECT_THAT(ParseError("Mon-Fri"), HasSubstr("gives no hours"));
  EXPECT_THAT(ParseError("09:00-18:00"), HasSubstr("names no days"));
  EXPECT_THAT(ParseError("Mon-Wed-Fri 09:00-10:00"), HasSubstr("not a day or a day range"));
  EXPECT_THAT(ParseError("tz=Europe/Warsaw"), HasSubstr("no business hours"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; tz=Mars/Olympus"), HasSubstr("tz="));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; tz=UTC+1"), HasSubstr("IANA"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; tz=UTC; tz=UTC"), HasSubstr("more than once"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; holidays=2026-02-30"), HasSubstr("not a day of"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; holidays=02-30"), HasSubstr("not a day of"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; holidays=2026-2-3"), HasSubstr("not a date"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; holidays=24.12.2026"), HasSubstr("not a date"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; holidays="), HasSubstr("no dates"));
  EXPECT_THAT(ParseError("Mon 09:00-10:00; timezone=UTC"), HasSubstr("unknown setting"));
}

TEST(CreateTest, ValidatesProgrammaticInput) {
  WeeklyHours hours;
  hours[0] = {{540, 1080}};
  EXPECT_TRUE(BusinessCalendar::Create(hours, "Europe/Warsaw", {}).ok());
  EXPECT_FALSE(BusinessCalendar::Create(WeeklyHours{}, "Europe/Warsaw", {}).ok());
  EXPECT_FALSE(BusinessCalendar::Create(hours, "localtime", {}).ok());
  WeeklyHours bad;
  bad[2] = {{600, 1500}};
  EXPECT_FALSE(BusinessCalendar::Create(bad, "UTC", {}).ok());
  bad[2] = {{-10, 60}};
  EXPECT_FALSE(BusinessCalendar::Create(bad, "UTC", {}).ok());
  EXPECT_FALSE(BusinessCalendar::Create(hours, "UTC", {}, {{2, 30}}).ok());
  EXPECT_FALSE(BusinessCalendar::Create(hours, "UTC", {}, {{13, 1}}).ok());
}

}  // namespace
}  // namespace supportbytime::domain
