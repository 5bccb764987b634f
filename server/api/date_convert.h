// google.type.Date as a calendar day (due dates, the postpayment window).
#ifndef SUPPORTBYTIME_SERVER_API_DATE_CONVERT_H_
#define SUPPORTBYTIME_SERVER_API_DATE_CONVERT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"

namespace supportbytime::api {

// A full date: year 1-9999, month 1-12 and a day that exists in that month.
// Partial dates (a zero year, month or day) and days such as 02-30 are
// refused with INVALID_FIELD naming `field`.
absl::StatusOr<absl::CivilDay> FromDate(const google::type::Date& date, absl::string_view field);

void ToDate(absl::CivilDay day, google::type::Date* out);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_DATE_CONVERT_H_
