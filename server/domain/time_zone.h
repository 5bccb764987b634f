// IANA time zones, calendar months and period keys.
//
// A MONTHLY period is a calendar month in the client's time zone (R2), so the
// instant an entry was worked at must be mapped to a local month, and a month
// back to the pair of instants that bound it. Local times that a DST change
// skips or repeats are resolved here once, for every caller.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TIME_ZONE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TIME_ZONE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace supportbytime::domain {

// The zone of clients and of the business calendar when nothing else is said.
inline constexpr absl::string_view kDefaultTimeZoneName = "Europe/Warsaw";

// Loads an IANA zone by name ("Europe/Warsaw", "America/Argentina/Buenos_Aires",
// "UTC", "Etc/GMT-1"; legacy aliases of the tz database such as "US/Pacific"
// or "Europe/Kiev" too). absl::LoadTimeZone alone is not a validator: it also
// accepts names that are not IANA zones and would make a client's months
// depend on the server's files or environment, so these are refused first:
//   - "" (abseil silently falls back to UTC for unknown names),
//   - "localtime" (the host's zone), absolute or relative paths
//     ("/usr/share/zoneinfo/...", "../zoneinfo/..."), any '.' at all,
//   - abseil's own fixed offsets ("Fixed/UTC+01:00:00"), the tzdata
//     sub-trees "posix/..." and "right/...", and "posixrules" and "Factory".
// Offsets written as "UTC+1" or "GMT+1" are refused by abseil itself (no such
// file); "Etc/GMT-1" is the IANA spelling of UTC+01:00 (sign inverted, as in
// POSIX). Names are case-sensitive. Errors are INVALID_FIELD naming `field`.
absl::StatusOr<absl::TimeZone> LoadIanaTimeZone(absl::string_view field, absl::string_view name);

inline absl::Status ValidateTimeZone(absl::string_view field, absl::string_view name) {
  return LoadIanaTimeZone(field, name).status();
}

// The calendar month that contains `t` in `tz` (R2): 2026-03-31 22:30 UTC is
// 2026-04-01 00:30 in Warsaw, hence April.
inline absl::CivilMonth MonthOf(absl::Time t, absl::TimeZone tz) {
  return absl::CivilMonth(tz.At(t).cs);
}

// The first instant whose local time in `tz` is at or after `local`. For a
// local time skipped by a DST change that is the instant of the change; for
// a repeated one, its first occurrence. Used for every local boundary (month,
// day, opening hours) so that boundaries are gap-free and never overlap.
absl::Time StartOfLocal(absl::CivilSecond local, absl::TimeZone tz);

// A half-open interval of instants [start, end).
struct TimeRange {
  absl::Time start;
  absl::Time end;

  bool Contains(absl::Time t) const { return start <= t && t < end; }
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// The instants of a local month: [first instant of the 1st, first instant of
// the next month's 1st). Consecutive months share their boundary.
TimeRange MonthBounds(absl::CivilMonth month, absl::TimeZone tz);

// R10: a MONTHLY period can be closed once its month has ended in the
// client's zone, i.e. at or after the first instant of the next month.
inline bool MonthEndedBy(absl::CivilMonth month, absl::TimeZone tz, absl::Time as_of) {
  return MonthBounds(month, tz).end <= as_of;
}

// "YYYY-MM", the key of a MONTHLY period (e.g. "2026-04"), used in resource
// names and billable item descriptions.
std::string PeriodKey(absl::CivilMonth month);

// "YYYY-MM-DD" with a four-digit year (ISO 8601; also what PostgreSQL reads
// as a date without guessing a century).
std::string FormatDay(absl::CivilDay day);

// Parses exactly "YYYY-MM" with a four-digit year 0001-9999 and month 01-12.
// Errors are INVALID_FIELD naming `field`.
absl::StatusOr<absl::CivilMonth> ParsePeriodKey(absl::string_view field, absl::string_view key);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TIME_ZONE_H_
