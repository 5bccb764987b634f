#include "server/api/convert.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::api {

void ToTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t us = absl::ToUnixMicros(t);
  int64_t seconds = us / 1000000;
  int64_t micros = us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(micros * 1000));
}

absl::StatusOr<absl::Time> FromTimestamp(const google::protobuf::Timestamp& ts,
                                         absl::string_view field) {
  // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z, as google.protobuf.Timestamp defines.
  constexpr int64_t kMin = -62135596800;
  constexpr int64_t kMax = 253402300799;
  if (ts.seconds() < kMin || ts.seconds() > kMax || ts.nanos() < 0 || ts.nanos() > 999999999) {
    return domain::InvalidField(field, "must be a valid timestamp between years 1 and 9999");
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

void ToMoney(int64_t minor, absl::string_view currency, google::type::Money* out) {
  auto un = domain::ToUnitsNanos(domain::Money{minor, std::string(currency)});
  out->set_currency_code(std::string(currency));
  if (un.ok()) {
    out->set_units(un->units);
    out->set_nanos(un->nanos);
  }
}

absl::StatusOr<domain::Money> FromMoney(const google::type::Money& money, absl::string_view field) {
  return domain::MoneyFromUnitsNanos(field, money.currency_code(), money.units(), money.nanos());
}

void ToMonthDate(absl::CivilMonth month, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(month.year()));
  out->set_month(month.month());
  out->set_day(0);
}

void ToDate(absl::CivilDay day, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

absl::StatusOr<absl::CivilDay> FromDate(const google::type::Date& date, absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return domain::InvalidField(
        field, absl::StrCat("must be a full calendar date (year, month and day); got ", date.year(),
                            "-", date.month(), "-", date.day()));
  }
  return day;
}

std::string PackageName(absl::string_view id) { return absl::StrCat("packages/", id); }
std::string PackageVersionName(absl::string_view package_id, int version) {
  return absl::StrCat("packages/", package_id, "/versions/", version);
}
std::string ClientName(absl::string_view id) { return absl::StrCat("clients/", id); }
std::string SubscriptionName(absl::string_view client_id, absl::string_view id) {
  return absl::StrCat("clients/", client_id, "/subscriptions/", id);
}
std::string ApiKeyName(absl::string_view id) { return absl::StrCat("apiKeys/", id); }

}  // namespace supportbytime::api
