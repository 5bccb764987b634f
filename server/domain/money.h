// Money as integer minor units of an ISO 4217 currency.
//
// Billing must be exact and reproducible, so amounts never pass through
// float or double: an amount is an int64 count of the currency's minor unit
// (EUR 40.00 is {4000, "EUR"}, JPY 4000 is {4000, "JPY"}, KWD 1.500 is
// {1500, "KWD"}). Every product or sum is overflow-checked and rounding
// happens at exactly one point per billed line (OverageCost).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_MONEY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

// Refusal reason for an amount that does not fit in int64 minor units.
inline constexpr absl::string_view kReasonAmountOutOfRange = "AMOUNT_OUT_OF_RANGE";

struct Money {
  int64_t minor = 0;
  std::string currency;  // active ISO 4217 code, see currency.h

  friend bool operator==(const Money&, const Money&) = default;
};

// The two integer fields of google.type.Money (currency apart): whole units
// and billionths of a unit, with the same sign.
struct UnitsNanos {
  int64_t units = 0;
  int32_t nanos = 0;

  friend bool operator==(const UnitsNanos&, const UnitsNanos&) = default;
};

// Converts a google.type.Money. Refuses (INVALID_FIELD, naming
// `field`.currency_code / .nanos / .units) an unknown currency, nanos outside
// +-999,999,999 or of the other sign than units, a fraction finer than the
// currency's minor unit (EUR 0.005, JPY 0.5) and an amount beyond int64
// minor units. Nothing is rounded: an amount is either exact or refused.
absl::StatusOr<Money> MoneyFromUnitsNanos(absl::string_view field, absl::string_view currency,
                                          int64_t units, int32_t nanos);

// The google.type.Money form of an amount; fails only for an unknown
// currency. Never overflows: units = minor / 10^digits.
absl::StatusOr<UnitsNanos> ToUnitsNanos(const Money& money);

// OK when the currency is active and the amount is not negative: prices and
// rates are never negative. Errors name `field`.
absl::Status ValidatePrice(absl::string_view field, const Money& money);

// The cost of `minutes` at an hourly rate, in the rate's minor units:
// minutes x rate / 60, rounded half-up once (R6: 30 min at 4000/h -> 2000,
// 7 min -> 467). Integer-only. Refuses negative inputs (INVALID_ARGUMENT) and
// a product beyond int64 (OUT_OF_RANGE, AMOUNT_OUT_OF_RANGE).
absl::StatusOr<int64_t> OverageCost(int64_t minutes, int64_t hourly_rate_minor);

// The same for a Money rate; the result has the rate's currency.
absl::StatusOr<Money> OverageCost(int64_t minutes, const Money& hourly_rate);

// a + b of one currency; refuses a currency mismatch (INVALID_ARGUMENT) and
// overflow (OUT_OF_RANGE, AMOUNT_OUT_OF_RANGE).
absl::StatusOr<Money> AddMoney(const Money& a, const Money& b);

// The amount alone with `minor_digits` decimals: "40.00", "-0.05", "4000",
// "1.500". Exact for every int64, including the most negative one.
std::string FormatMinor(int64_t minor, int minor_digits);

// "EUR 40.00", "JPY 4000", "KWD 1.500". Fails only for an unknown currency.
absl::StatusOr<std::string> FormatMoney(const Money& money);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_MONEY_H_
