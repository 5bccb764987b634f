#include "server/domain/time_zone.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

// The longest IANA name today is 32 characters; leave room for new ones.
constexpr size_t kMaxZoneNameLength = 64;

constexpr absl::string_view kZoneHint = "use an IANA time zone name such as Europe/Warsaw";

bool IsZoneSegment(absl::string_view segment) {
  if (segment.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(segment[0]))) {
    return false;
  }
  for (char c : segment) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
      return false;
    }
  }
  return true;
}

// Names abseil would load but that are not zones a client can live in.
bool IsReservedName(absl::string_view name, absl::string_view first_segment) {
  return name == "localtime" || name == "posixrules" || name == "Factory" ||
         first_segment == "posix" || first_segment == "right" || first_segment == "Fixed";
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadIanaTimeZone(absl::string_view field, absl::string_view name) {
  if (name.empty()) return InvalidField(field, absl::StrCat("must not be empty; ", kZoneHint));
  const std::string shown = absl::CHexEscape(name.substr(0, kMaxZoneNameLength));
  if (name.size() > kMaxZoneNameLength) {
    return InvalidField(
        field, absl::StrCat("is longer than ", kMaxZoneNameLength, " characters; ", kZoneHint));
  }
  std::vector<absl::string_view> segments = absl::StrSplit(name, '/');
  for (absl::string_view segment : segments) {
    if (!IsZoneSegment(segment)) {
      return InvalidField(
          field, absl::StrCat("\"", shown, "\" is not an IANA time zone name; ", kZoneHint));
    }
  }
  if (IsReservedName(name, segments.front())) {
    return InvalidField(field,
                        absl::StrCat("\"", shown, "\" is not an IANA time zone name; ", kZoneHint));
  }
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(name, &tz)) {
    return InvalidField(
        field, absl::StrCat("\"", shown, "\" is not a time zone of the tz database; ", kZoneHint));
  }
  return tz;
}

absl::Time StartOfLocal(absl::CivilSecond local, absl::TimeZone tz) {
  const absl::TimeZone::TimeInfo info = tz.At(local);
  // For a skipped local time, `trans` is the instant the clocks jumped, the
  // first instant that reads later than `local`. For UNIQUE and REPEATED,
  // `pre` is the (first) instant that reads exactly `local`.
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

TimeRange MonthBounds(absl::CivilMonth month, absl::TimeZone tz) {
  return TimeRange{StartOfLocal(absl::CivilSecond(month), tz),
                   StartOfLocal(absl::CivilSecond(month + 1), tz)};
}

std::string PeriodKey(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilMonth> ParsePeriodKey(absl::string_view field, absl::string_view key) {
  auto digit = [&](size_t i) { return absl::ascii_isdigit(static_cast<unsigned char>(key[i])); };
  const bool shape_ok = key.size() == 7 && digit(0) && digit(1) && digit(2) && digit(3) &&
                        key[4] == '-' && digit(5) && digit(6);
  if (shape_ok) {
    const int year =
        (key[0] - '0') * 1000 + (key[1] - '0') * 100 + (key[2] - '0') * 10 + (key[3] - '0');
    const int month = (key[5] - '0') * 10 + (key[6] - '0');
    if (year >= 1 && month >= 1 && month <= 12) return absl::CivilMonth(year, month);
  }
  return InvalidField(field, absl::StrCat("must be a month written YYYY-MM, e.g. 2026-04; got \"",
                                          absl::CHexEscape(key.substr(0, 16)), "\""));
}

}  // namespace supportbytime::domain
