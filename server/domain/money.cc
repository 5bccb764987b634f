#include "server/domain/money.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/checked_arithmetic.h"
#include "server/domain/currency.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

constexpr int32_t kMaxNanos = 999'999'999;
constexpr int kNanoDigits = 9;

absl::Status OutOfRange(absl::string_view what) {
  return Error(absl::StatusCode::kOutOfRange, kReasonAmountOutOfRange,
               absl::StrCat(what, " does not fit in a 64-bit count of minor units."));
}

absl::StatusOr<int> DigitsOf(absl::string_view currency) {
  std::optional<int> digits = MinorDigits(currency);
  if (!digits.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", currency, "\" is not an active ISO 4217 currency code."));
  }
  return *digits;
}

}  // namespace

absl::StatusOr<Money> MoneyFromUnitsNanos(absl::string_view field, absl::string_view currency,
                                          int64_t units, int32_t nanos) {
  if (absl::Status s = ValidateCurrency(absl::StrCat(field, ".currency_code"), currency); !s.ok()) {
    return s;
  }
  const std::string nanos_field = absl::StrCat(field, ".nanos");
  if (nanos < -kMaxNanos || nanos > kMaxNanos) {
    return InvalidField(nanos_field, "must be between -999,999,999 and +999,999,999");
  }
  if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0)) {
    return InvalidField(nanos_field, "must have the same sign as units");
  }
  const int digits = *MinorDigits(currency);
  const int64_t nanos_per_minor = Pow10(kNanoDigits - digits);
  if (nanos % nanos_per_minor != 0) {
    return InvalidField(
        nanos_field,
        digits == 0 ? absl::StrCat(currency, " amounts have no fractional part")
                    : absl::StrCat(currency, " amounts have at most ", digits, " decimal places"));
  }
  std::optional<int64_t> scaled = CheckedMul(units, Pow10(digits));
  std::optional<int64_t> minor =
      scaled.has_value() ? CheckedAdd(*scaled, nanos / nanos_per_minor) : std::nullopt;
  if (!minor.has_value()) {
    return InvalidField(absl::StrCat(field, ".units"), "is too large");
  }
  return Money{*minor, std::string(currency)};
}

absl::StatusOr<UnitsNanos> ToUnitsNanos(const Money& money) {
  absl::StatusOr<int> digits = DigitsOf(money.currency);
  if (!digits.ok()) return digits.status();
  const int64_t scale = Pow10(*digits);
  // Truncating division keeps units and nanos of the same sign.
  return UnitsNanos{money.minor / scale,
                    static_cast<int32_t>((money.minor % scale) * Pow10(kNanoDigits - *digits))};
}

absl::Status ValidatePrice(absl::string_view field, const Money& money) {
  if (absl::Status s = ValidateCurrency(absl::StrCat(field, ".currency_code"), money.currency);
      !s.ok()) {
    return s;
  }
  if (money.minor < 0) return InvalidField(field, "must not be negative");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> OverageCost(int64_t minutes, int64_t hourly_rate_minor) {
  if (minutes < 0) return absl::InvalidArgumentError("Overage minutes must not be negative.");
  if (hourly_rate_minor < 0) return absl::InvalidArgumentError("A rate must not be negative.");
  std::optional<int64_t> product = CheckedMul(minutes, hourly_rate_minor);
  if (!product.has_value()) {
    return OutOfRange(absl::StrCat("The cost of ", minutes, " minutes at ", hourly_rate_minor,
                                   " minor units per hour"));
  }
  return DivideHalfUp(*product, 60);
}

absl::StatusOr<Money> OverageCost(int64_t minutes, const Money& hourly_rate) {
  if (absl::StatusOr<int> digits = DigitsOf(hourly_rate.currency); !digits.ok()) {
    return digits.status();
  }
  absl::StatusOr<int64_t> minor = OverageCost(minutes, hourly_rate.minor);
  if (!minor.ok()) return minor.status();
  return Money{*minor, hourly_rate.currency};
}

absl::StatusOr<Money> AddMoney(const Money& a, const Money& b) {
  if (a.currency != b.currency) {
    return absl::InvalidArgumentError(
        absl::StrCat("Cannot add ", a.currency, " and ", b.currency, " amounts."));
  }
  std::optional<int64_t> sum = CheckedAdd(a.minor, b.minor);
  if (!sum.has_value()) return OutOfRange(absl::StrCat("A sum of ", a.currency, " amounts"));
  return Money{*sum, a.currency};
}

std::string FormatMinor(int64_t minor, int minor_digits) {
  // The magnitude as unsigned: -INT64_MIN does not fit in int64.
  const uint64_t magnitude =
      minor < 0 ? uint64_t{0} - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  const char* sign = minor < 0 ? "-" : "";
  if (minor_digits <= 0) return absl::StrFormat("%s%d", sign, magnitude);
  const uint64_t scale = static_cast<uint64_t>(Pow10(minor_digits));
  return absl::StrFormat("%s%d.%0*d", sign, magnitude / scale, minor_digits, magnitude % scale);
}

absl::StatusOr<std::string> FormatMoney(const Money& money) {
  absl::StatusOr<int> digits = DigitsOf(money.currency);
  if (!digits.ok()) return digits.status();
  return absl::StrCat(money.currency, " ", FormatMinor(money.minor, *digits));
}

}  // namespace supportbytime::domain
