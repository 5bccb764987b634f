// ISO 4217 currencies and the size of their minor unit.
//
// Amounts are stored as integers of the currency's minor unit (cents for EUR,
// yen for JPY, fils for KWD), so the number of minor digits decides how an
// amount converts to and from google.type.Money and how it is printed.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_CURRENCY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_CURRENCY_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace supportbytime::domain {

struct CurrencyInfo {
  absl::string_view code;  // e.g. "EUR"
  int minor_digits;        // 0 (JPY), 2 (EUR), 3 (KWD) or 4 (CLF)
};

// The active codes of ISO 4217 list one (as amended in 2025: HRK, SLL and
// ZWL withdrawn; ZWG and XCG added; ANG kept until its withdrawal), sorted by
// code. Codes without a minor unit (precious metals XAU/XAG/XPD/XPT, XDR,
// XSU, XUA, the bond units XBA-XBD, the test code XTS and XXX) are left out:
// nothing can be priced in them.
absl::Span<const CurrencyInfo> ActiveCurrencies();

// The minor digits of an active code; nullopt for anything else. Codes are
// matched exactly: "eur" is not a currency code.
std::optional<int> MinorDigits(absl::string_view code);

inline bool IsCurrency(absl::string_view code) { return MinorDigits(code).has_value(); }

// OK for an active code; otherwise INVALID_ARGUMENT/INVALID_FIELD naming
// `field` and saying what is accepted.
absl::Status ValidateCurrency(absl::string_view field, absl::string_view code);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_CURRENCY_H_
