// The goodwill credit's base deposit, configured per currency (R22).
//
// A client's goodwill credit starts at the base of its currency and returns
// to it when a payment is missed. The provider configures a base only for
// the currencies it grants goodwill in (reference policy: EUR 30.00); a
// currency without one has no goodwill credit: zero, and no credit can be
// set for it. The base is an amount of the currency itself, never one
// amount scaled by minor digits: JPY 3000 and KWD 10.000 are different
// decisions than EUR 30.00.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_GOODWILL_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_GOODWILL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/money.h"

namespace supportbytime::domain {

// The reference policy: EUR 30.00, no other currency.
inline constexpr absl::string_view kDefaultGoodwillBases = "EUR:30.00";

class GoodwillBases final {
 public:
  // No base in any currency.
  GoodwillBases() = default;

  // Parses "EUR:30.00,USD:25.00": comma-separated CURRENCY:AMOUNT entries
  // (spaces around them ignored). The currency is an active ISO 4217 code;
  // the amount is a plain decimal, zero or more, with no more decimals than
  // the currency's minor unit has ("KWD:10.000" is 10000 fils, "JPY:3000"
  // 3000 yen, "EUR:30" 3000 cents). An empty list, a repeated currency, a
  // negative, too precise or too large amount is INVALID_ARGUMENT saying
  // which entry is wrong and what is accepted.
  static absl::StatusOr<GoodwillBases> Parse(absl::string_view spec);

  // The base of `currency`; nullopt when none is configured.
  std::optional<Money> Base(absl::string_view currency) const;

  // The credit a client of `currency` starts at and is reset to when it
  // misses a payment: the base, or zero without one.
  int64_t ResetMinor(absl::string_view currency) const;

  // The canonical form, sorted by currency: Parse(ToString()) is equal.
  std::string ToString() const;

  friend bool operator==(const GoodwillBases&, const GoodwillBases&) = default;

 private:
  std::map<std::string, int64_t, std::less<>> minor_;  // currency -> base in minor units
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_GOODWILL_H_
