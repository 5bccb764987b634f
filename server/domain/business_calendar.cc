#include "server/domain/business_calendar.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
// Searches stop after this many local days: a calendar with one open hour a
// week still finds years of business time well within it.
constexpr int kMaxSearchDays = 366 * 100;

constexpr std::array<absl::string_view, 7> kDayNames = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
constexpr absl::string_view kDayHint = "use Mon, Tue, Wed, Thu, Fri, Sat or Sun";

int WeekdayIndex(absl::CivilDay day) { return static_cast<int>(absl::GetWeekday(day)); }

std::string FormatMinute(int minute) {
  return absl::StrFormat("%02d:%02d", minute / 60, minute % 60);
}

std::string FormatInterval(const OpeningInterval& i) {
  return absl::StrCat(FormatMinute(i.open_minute), "-", FormatMinute(i.close_minute));
}

int DaysInMonth(int64_t year, int month) {
  const absl::CivilDay first(year, month, 1);
  return static_cast<int>(absl::CivilDay(absl::CivilMonth(first) + 1) - first);
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

int ToInt(absl::string_view digits) {
  int out = 0;
  for (char c : digits) out = out * 10 + (c - '0');
  return out;
}

std::string RemoveSpaces(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

// Collects what Parse() reads before Create() validates it.
struct Draft {
  WeeklyHours hours;
  std::string tz_name;
  bool tz_seen = false;
  std::vector<absl::CivilDay> holidays;
  std::vector<std::pair<int, int>> annual;
};

class Parser final {
 public:
  Parser(absl::string_view field, Draft& draft) : field_(field), draft_(draft) {}

  absl::Status Clause(int number, absl::string_view clause) {
    number_ = number;
    clause_ = clause;
    if (size_t eq = clause.find('='); eq != absl::string_view::npos) {
      const std::string key =
          absl::AsciiStrToLower(absl::StripAsciiWhitespace(clause.substr(0, eq)));
      const absl::string_view value = absl::StripAsciiWhitespace(clause.substr(eq + 1));
      if (key == "tz") return TimeZone(value);
      if (key == "holidays") return Holidays(value);
      return Fail(absl::StrCat("unknown setting \"", absl::CHexEscape(key.substr(0, 20)),
                               "\"; settings are tz= and holidays="));
    }
    return Hours(clause);
  }

 private:
  absl::Status Fail(absl::string_view what) const {
    std::string shown(clause_.substr(0, 60));
    return InvalidField(
        field_, absl::StrCat("clause ", number_, " (\"", absl::CHexEscape(shown), "\"): ", what));
  }

  absl::Status TimeZone(absl::string_view value) {
    if (draft_.tz_seen) return Fail("tz= is given more than once");
    absl::Status s = ValidateTimeZone("tz", value);
    if (!s.ok()) return Fail(absl::StrCat("tz= ", DetailOf(s).fields.at(0).description));
    draft_.tz_seen = true;
    draft_.tz_name = std::string(value);
    return absl::OkStatus();
  }

  absl::Status Holidays(absl::string_view value) {
    const std::string compact = RemoveSpaces(value);
    if (compact.empty()) return Fail("holidays= lists no dates");
    for (absl::string_view date : absl::StrSplit(compact, ',')) {
      std::vector<absl::string_view> parts = absl::StrSplit(date, '-');
      const bool dated = parts.size() == 3 && parts[0].size() == 4 && AllDigits(parts[0]);
      const bool annual = parts.size() == 2;
      const size_t m = dated ? 1 : 0;
      if ((!dated && !annual) || parts[m].size() != 2 || parts[m + 1].size() != 2 ||
          !AllDigits(parts[m]) || !AllDigits(parts[m + 1])) {
        return Fail(absl::StrCat("\"", absl::CHexEscape(date.substr(0, 20)),
                                 "\" is not a date; write YYYY-MM-DD for one day or MM-DD for "
                                 "every year"));
      }
      const int year = dated ? ToInt(parts[0]) : 2000;  // a leap year accepts 02-29
      const int month = ToInt(parts[m]);
      const int day = ToInt(parts[m + 1]);
      if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
        return Fail(absl::StrCat("\"", date, "\" is not a day of the calendar"));
      }
      if (dated) {
        draft_.holidays.push_back(absl::CivilDay(year, month, day));
      } else {
        draft_.annual.emplace_back(month, day);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Hours(absl::string_view clause) {
    const size_t first_digit = clause.find_first_of("0123456789");
    const std::string days = RemoveSpaces(clause.substr(0, first_digit));
    if (days.empty()) return Fail(absl::StrCat("names no days; ", kDayHint));
    if (first_digit == absl::string_view::npos) {
      return Fail("gives no hours; write e.g. Mon-Fri 09:00-18:00");
    }
    const std::string ranges = RemoveSpaces(clause.substr(first_digit));

    std::vector<int> day_indexes;
    for (absl::string_view item : absl::StrSplit(days, ',')) {
      std::vector<absl::string_view> ends = absl::StrSplit(item, '-');
      if (ends.size() > 2) return Fail(absl::StrCat("\"", item, "\" is not a day or a day range"));
      int from = 0;
      int to = 0;
      if (absl::Status s = Day(ends.front(), &from); !s.ok()) return s;
      if (absl::Status s = Day(ends.back(), &to); !s.ok()) return s;
      for (int d = from;; d = (d + 1) % 7) {
        day_indexes.push_back(d);
        if (d == to) break;
      }
    }

    std::vector<OpeningInterval> intervals;
    for (absl::string_view range : absl::StrSplit(ranges, ',')) {
      std::vector<absl::string_view> ends = absl::StrSplit(range, '-');
      int open = 0;
      int close = 0;
      if (ends.size() != 2 || !Minute(ends[0], &open) || !Minute(ends[1], &close)) {
        return Fail(absl::StrCat("\"", absl::CHexEscape(range.substr(0, 20)),
                                 "\" is not an interval HH:MM-HH:MM between 00:00 and 24:00"));
      }
      if (open >= close) {
        return Fail(absl::StrCat("opening ", FormatMinute(open), " is not before closing ",
                                 FormatMinute(close),
                                 "; hours cannot pass midnight, write e.g. \"Mon 22:00-24:00; "
                                 "Tue 00:00-06:00\""));
      }
      intervals.push_back({open, close});
    }
    for (int d : day_indexes) {
      draft_.hours[d].insert(draft_.hours[d].end(), intervals.begin(), intervals.end());
    }
    return absl::OkStatus();
  }

  absl::Status Day(absl::string_view name, int* index) const {
    for (int i = 0; i < 7; ++i) {
      if (absl::EqualsIgnoreCase(name, kDayNames[i])) {
        *index = i;
        return absl::OkStatus();
      }
    }
    return Fail(
        absl::StrCat("unknown day \"", absl::CHexEscape(name.substr(0, 20)), "\"; ", kDayHint));
  }

  // "HH:MM" with 00 <= HH <= 24 and 00 <= MM <= 59; 24:00 only.
  static bool Minute(absl::string_view text, int* minute) {
    if (text.size() != 5 || text[2] != ':' || !AllDigits(text.substr(0, 2)) ||
        !AllDigits(text.substr(3, 2))) {
      return false;
    }
    const int h = ToInt(text.substr(0, 2));
    const int m = ToInt(text.substr(3, 2));
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
    *minute = h * 60 + m;
    return true;
  }

  absl::string_view field_;
  Draft& draft_;
  int number_ = 0;
  absl::string_view clause_;
};

}  // namespace

absl::StatusOr<BusinessCalendar> BusinessCalendar::Create(
    const WeeklyHours& hours, absl::string_view time_zone,
    const std::vector<absl::CivilDay>& holidays,
    const std::vector<std::pair<int, int>>& annual_holidays, absl::string_view field) {
  BusinessCalendar calendar;
  absl::StatusOr<absl::TimeZone> tz = LoadIanaTimeZone("tz", time_zone);
  if (!tz.ok()) {
    return InvalidField(field,
                        absl::StrCat("tz: ", DetailOf(tz.status()).fields.at(0).description));
  }
  calendar.tz_ = *tz;
  calendar.tz_name_ = std::string(time_zone);

  bool any_open = false;
  for (int d = 0; d < 7; ++d) {
    std::vector<OpeningInterval> day = hours[d];
    std::sort(day.begin(), day.end(), [](const OpeningInterval& a, const OpeningInterval& b) {
      return a.open_minute < b.open_minute;
    });
    std::vector<OpeningInterval> merged;
    for (const OpeningInterval& i : day) {
      if (i.open_minute < 0 || i.close_minute > kMinutesPerDay || i.open_minute >= i.close_minute) {
        return InvalidField(field,
                            absl::StrCat(kDayNames[d], ": [", i.open_minute, ", ", i.close_minute,
                                         ") is not an interval within one day"));
      }
      if (!merged.empty() && i.open_minute < merged.back().close_minute) {
        return InvalidField(field, absl::StrCat(kDayNames[d], ": ", FormatInterval(merged.back()),
                                                " overlaps ", FormatInterval(i)));
      }
      if (!merged.empty() && i.open_minute == merged.back().close_minute) {
        merged.back().close_minute = i.close_minute;
      } else {
        merged.push_back(i);
      }
    }
    any_open = any_open || !merged.empty();
    calendar.hours_[d] = std::move(merged);
  }
  if (!any_open) {
    return InvalidField(field,
                        "has no business hours; give at least one, e.g. Mon-Fri 09:00-18:00");
  }
  calendar.holidays_.insert(holidays.begin(), holidays.end());
  for (const auto& [month, day] : annual_holidays) {
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(2000, month)) {
      return InvalidField(field, absl::StrFormat("%02d-%02d is not a day of the year", month, day));
    }
    calendar.annual_holidays_.emplace(month, day);
  }
  return calendar;
}

absl::StatusOr<BusinessCalendar> BusinessCalendar::Parse(absl::string_view config,
                                                         absl::string_view field) {
  Draft draft;
  Parser parser(field, draft);
  int number = 0;
  for (absl::string_view clause : absl::StrSplit(config, ';')) {
    clause = absl::StripAsciiWhitespace(clause);
    if (clause.empty()) continue;
    if (absl::Status s = parser.Clause(++number, clause); !s.ok()) return s;
  }
  if (number == 0) {
    return InvalidField(field,
                        absl::StrCat("is empty; write e.g. \"", kDefaultBusinessCalendar, "\""));
  }
  return Create(draft.hours, draft.tz_seen ? draft.tz_name : std::string(kDefaultTimeZoneName),
                draft.holidays, draft.annual, field);
}

absl::StatusOr<BusinessCalendar> BusinessCalendar::Default() {
  return Parse(kDefaultBusinessCalendar);
}

bool BusinessCalendar::IsHoliday(absl::CivilDay day) const {
  return holidays_.contains(day) || annual_holidays_.contains({day.month(), day.day()});
}

std::vector<TimeRange> BusinessCalendar::DayIntervals(absl::CivilDay day) const {
  std::vector<TimeRange> out;
  if (IsHoliday(day)) return out;
  const absl::CivilSecond midnight(day);
  for (const OpeningInterval& i : hours_[WeekdayIndex(day)]) {
    const absl::Time start = StartOfLocal(midnight + int64_t{i.open_minute} * 60, tz_);
    const absl::Time end = StartOfLocal(midnight + int64_t{i.close_minute} * 60, tz_);
    // An interval inside a skipped hour (02:00-03:00 on the spring change)
    // does not exist.
    if (start < end) out.push_back({start, end});
  }
  return out;
}

bool BusinessCalendar::IsOpen(absl::Time t) const {
  if (t == absl::InfinitePast() || t == absl::InfiniteFuture()) return false;
  for (const TimeRange& r : DayIntervals(absl::CivilDay(tz_.At(t).cs))) {
    if (r.Contains(t)) return true;
  }
  return false;
}

absl::Time BusinessCalendar::NextOpening(absl::Time t) const {
  if (t == absl::InfinitePast() || t == absl::InfiniteFuture()) return t;
  absl::CivilDay day(tz_.At(t).cs);
  for (int i = 0; i < kMaxSearchDays; ++i, ++day) {
    for (const TimeRange& r : DayIntervals(day)) {
      if (r.end > t) return std::max(r.start, t);
    }
  }
  return absl::InfiniteFuture();
}

absl::Time BusinessCalendar::AddBusinessTime(absl::Time start, absl::Duration duration) const {
  if (duration <= absl::ZeroDuration()) return start;
  if (start == absl::InfinitePast() || start == absl::InfiniteFuture()) return start;
  if (duration == absl::InfiniteDuration()) return absl::InfiniteFuture();
  absl::Duration remaining = duration;
  absl::CivilDay day(tz_.At(start).cs);
  for (int i = 0; i < kMaxSearchDays; ++i, ++day) {
    for (const TimeRange& r : DayIntervals(day)) {
      const absl::Time from = std::max(r.start, start);
      if (from >= r.end) continue;
      const absl::Duration available = r.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
  }
  return absl::InfiniteFuture();
}

absl::Duration BusinessCalendar::BusinessTimeBetween(absl::Time a, absl::Time b) const {
  if (b <= a) return absl::ZeroDuration();
  if (a == absl::InfinitePast() || b == absl::InfiniteFuture()) return absl::InfiniteDuration();
  absl::Duration total = absl::ZeroDuration();
  const absl::CivilDay last(tz_.At(b).cs);
  for (absl::CivilDay day(tz_.At(a).cs); day <= last; ++day) {
    for (const TimeRange& r : DayIntervals(day)) {
      const absl::Time from = std::max(r.start, a);
      const absl::Time to = std::min(r.end, b);
      if (from < to) total += to - from;
    }
  }
  return total;
}

std::string BusinessCalendar::ToString() const {
  std::vector<std::string> clauses;
  // Days with identical hours share a clause, in the order of their first day.
  std::vector<bool> done(7, false);
  for (int d = 0; d < 7; ++d) {
    if (done[d] || hours_[d].empty()) continue;
    std::vector<int> same;
    for (int e = d; e < 7; ++e) {
      if (hours_[e] == hours_[d]) {
        same.push_back(e);
        done[e] = true;
      }
    }
    std::vector<std::string> runs;
    for (size_t i = 0; i < same.size();) {
      size_t j = i;
      while (j + 1 < same.size() && same[j + 1] == same[j] + 1) ++j;
      runs.push_back(j == i ? std::string(kDayNames[same[i]])
                            : absl::StrCat(kDayNames[same[i]], "-", kDayNames[same[j]]));
      i = j + 1;
    }
    std::vector<std::string> intervals;
    for (const OpeningInterval& i : hours_[d]) intervals.push_back(FormatInterval(i));
    clauses.push_back(absl::StrCat(absl::StrJoin(runs, ","), " ", absl::StrJoin(intervals, ",")));
  }
  clauses.push_back(absl::StrCat("tz=", tz_name_));
  std::vector<std::string> days;
  for (const absl::CivilDay& d : holidays_) {
    days.push_back(FormatDay(d));
  }
  for (const auto& [month, day] : annual_holidays_) {
    days.push_back(absl::StrFormat("%02d-%02d", month, day));
  }
  if (!days.empty()) clauses.push_back(absl::StrCat("holidays=", absl::StrJoin(days, ",")));
  return absl::StrJoin(clauses, "; ");
}

}  // namespace supportbytime::domain
