#include "sdk/cli/date_flag.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace supportbytime::cli {
namespace {

// absl accepts "2026-4" and normalises "2026-13"; a flag must say exactly
// what it means, so the text has to round-trip.
template <class Civil>
bool ParseExact(const std::string& text, Civil* out) {
  return absl::ParseCivilTime(text, out) && absl::FormatCivilTime(*out) == text;
}

}  // namespace

absl::Status ParseMonthFlag(const Invocation& in, const std::string& flag, google::type::Date* out,
                            std::string* key) {
  absl::CivilMonth m;
  if (!ParseExact(in.Flag(flag), &m)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " must be a month, e.g. 2026-04"));
  }
  out->set_year(static_cast<int32_t>(m.year()));
  out->set_month(m.month());
  out->set_day(0);
  if (key != nullptr) *key = absl::FormatCivilTime(m);
  return absl::OkStatus();
}

absl::Status ParseDateFlag(const Invocation& in, const std::string& flag, google::type::Date* out) {
  absl::CivilDay d;
  if (!ParseExact(in.Flag(flag), &d)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " must be a date, e.g. 2026-05-10"));
  }
  out->set_year(static_cast<int32_t>(d.year()));
  out->set_month(d.month());
  out->set_day(d.day());
  return absl::OkStatus();
}

absl::Status ParseTimeFlag(const Invocation& in, const std::string& flag,
                           google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, in.Flag(flag), &t, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be RFC 3339, e.g. 2026-04-01T09:30:00+02:00"));
  }
  out->set_seconds(absl::ToUnixSeconds(t));
  return absl::OkStatus();
}

}  // namespace supportbytime::cli
