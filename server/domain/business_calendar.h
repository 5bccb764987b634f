// The provider's business hours (R13): weekly opening hours in local time, an
// IANA zone and holidays; business time is counted only while open.
//
// Hours are wall-clock hours of the zone: "09:00-18:00" opens at 09:00 local
// time whether the zone is on winter or summer time, so a span across the
// last Sunday of March or October counts the same business hours as any other
// week. Business time is the real (absl::Duration) time elapsed inside open
// intervals; only an interval that itself contains a DST change (say a
// 24-hour desk on the night of the change) is an hour shorter or longer.
//
// Configuration syntax (Parse/ToString), clauses separated by ';':
//
//   Mon-Fri 09:00-18:00; Sat 10:00-14:00; tz=Europe/Warsaw; holidays=2026-12-24,12-25
//
//   <days> <hours>     days: Mon Tue Wed Thu Fri Sat Sun (any case), single
//                      days and ranges joined by ',' ("Mon,Wed,Fri",
//                      "Mon-Thu,Sat"); a range may wrap ("Sun-Thu").
//                      hours: HH:MM-HH:MM intervals joined by ',', each
//                      [open, close) with 00:00 <= open < close <= 24:00.
//                      Hours never cross midnight: a night shift is
//                      "Mon 22:00-24:00; Tue 00:00-06:00". Several clauses
//                      may name the same day as long as its intervals do
//                      not overlap; touching intervals are merged.
//   tz=<IANA zone>     at most once; default Europe/Warsaw.
//   holidays=<dates>   ',' separated; YYYY-MM-DD for one day, MM-DD for the
//                      same day every year. May repeat. A holiday closes
//                      the whole local day.
//
// Whitespace around separators is ignored; empty clauses are ignored. At
// least one open interval per week is required, so every search for the
// next business instant ends.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_BUSINESS_CALENDAR_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_BUSINESS_CALENDAR_H_

#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {

// The configuration of SPEC section 1.
inline constexpr absl::string_view kDefaultBusinessCalendar =
    "Mon-Fri 09:00-18:00; tz=Europe/Warsaw";

// [open, close) in minutes after local midnight, 0 <= open < close <= 1440.
struct OpeningInterval {
  int open_minute = 0;
  int close_minute = 0;

  friend bool operator==(const OpeningInterval&, const OpeningInterval&) = default;
};

// Index 0 is Monday, 6 is Sunday (the order of absl::Weekday).
using WeeklyHours = std::array<std::vector<OpeningInterval>, 7>;

class BusinessCalendar final {
 public:
  // Validates and normalises (sorts, merges touching intervals). Errors are
  // INVALID_FIELD naming `field`.
  static absl::StatusOr<BusinessCalendar> Create(
      const WeeklyHours& hours, absl::string_view time_zone,
      const std::vector<absl::CivilDay>& holidays,
      const std::vector<std::pair<int, int>>& annual_holidays = {},  // (month, day)
      absl::string_view field = "business_calendar");

  // Parses the syntax above. Errors are INVALID_FIELD naming `field`, with
  // the clause at fault and what is accepted.
  static absl::StatusOr<BusinessCalendar> Parse(absl::string_view config,
                                                absl::string_view field = "business_calendar");

  // Mon-Fri 09:00-18:00 in Europe/Warsaw. Fails only when the host has no
  // tz database.
  static absl::StatusOr<BusinessCalendar> Default();

  const WeeklyHours& hours() const { return hours_; }
  absl::TimeZone time_zone() const { return tz_; }
  const std::string& time_zone_name() const { return tz_name_; }
  bool IsHoliday(absl::CivilDay day) const;

  // True when `t` lies inside an open interval.
  bool IsOpen(absl::Time t) const;

  // The earliest instant t' >= t at which the calendar is open.
  absl::Time NextOpening(absl::Time t) const;

  // The earliest instant at which `duration` of business time has passed
  // since `start`. Business time left over at a closing instant is carried to
  // the next opening: 2 h from Fri 16:00 is Fri 18:00, 4 h is Mon 11:00. A
  // zero or negative duration returns `start` unchanged; an infinite one,
  // or one that needs more than 100 years of calendar, InfiniteFuture.
  absl::Time AddBusinessTime(absl::Time start, absl::Duration duration) const;

  // Business time inside [a, b); zero when b <= a. Infinite when either end
  // is infinite and the span is open-ended.
  absl::Duration BusinessTimeBetween(absl::Time a, absl::Time b) const;

  // The canonical configuration: Parse(ToString()) gives an equal calendar.
  std::string ToString() const;

  friend bool operator==(const BusinessCalendar& a, const BusinessCalendar& b) {
    return a.hours_ == b.hours_ && a.tz_name_ == b.tz_name_ && a.holidays_ == b.holidays_ &&
           a.annual_holidays_ == b.annual_holidays_;
  }

 private:
  BusinessCalendar() = default;

  // The open intervals of one local day as instants, in order; empty on a
  // closed weekday or a holiday.
  std::vector<TimeRange> DayIntervals(absl::CivilDay day) const;

  WeeklyHours hours_;
  absl::TimeZone tz_;
  std::string tz_name_;
  std::set<absl::CivilDay> holidays_;
  std::set<std::pair<int, int>> annual_holidays_;  // (month, day)
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_BUSINESS_CALENDAR_H_
