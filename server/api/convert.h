// Conversions between wire types and domain types shared by every service.
#ifndef SUPPORTBYTIME_SERVER_API_CONVERT_H_
#define SUPPORTBYTIME_SERVER_API_CONVERT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "google/type/money.pb.h"
#include "server/domain/money.h"

namespace supportbytime::api {

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out);
// Sets an optional timestamp field only when the instant is known, so that
// the field stays unset (has_…() false) otherwise:
//   SetTimestamp(s.activate_time, out, &v1::Subscription::mutable_activate_time);
template <class Message>
void SetTimestamp(const std::optional<absl::Time>& t, Message* out,
                  google::protobuf::Timestamp* (Message::*field)()) {
  if (t) ToTimestamp(*t, (out->*field)());
}

// INVALID_FIELD naming `field` for seconds/nanos outside the Timestamp range.
absl::StatusOr<absl::Time> FromTimestamp(const google::protobuf::Timestamp& ts,
                                         absl::string_view field);

// Minor units of `currency` as google.type.Money.
void ToMoney(int64_t minor, absl::string_view currency, google::type::Money* out);

// An exact amount in `currency` (the Money's own currency_code when it is
// set must match), refusing fractions finer than the minor unit.
absl::StatusOr<domain::Money> FromMoney(const google::type::Money& money, absl::string_view field);

// A calendar month as google.type.Date with day 0 (AIP-142 year-month).
void ToMonthDate(absl::CivilMonth month, google::type::Date* out);
// A full date.
void ToDate(absl::CivilDay day, google::type::Date* out);
// A full date (year, month and day all set and valid); INVALID_FIELD naming
// `field` otherwise.
absl::StatusOr<absl::CivilDay> FromDate(const google::type::Date& date, absl::string_view field);

// Resource names.
std::string PackageName(absl::string_view id);
std::string PackageVersionName(absl::string_view package_id, int version);
std::string ClientName(absl::string_view id);
std::string SubscriptionName(absl::string_view client_id, absl::string_view id);
std::string ApiKeyName(absl::string_view id);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_CONVERT_H_
