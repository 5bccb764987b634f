#include "server/api/date_convert.h"

#include "server/domain/error.h"

namespace supportbytime::api {

absl::StatusOr<absl::CivilDay> FromDate(const google::type::Date& date, absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises out-of-range fields (02-30 becomes 03-02), so a day
  // that does not read back the same did not exist.
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return domain::InvalidField(field,
                                "must be a full calendar date (year 1-9999, month and day set)");
  }
  return day;
}

void ToDate(absl::CivilDay day, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace supportbytime::api
