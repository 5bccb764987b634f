#include "server/domain/goodwill.h"

#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/domain/checked_arithmetic.h"
#include "server/domain/currency.h"

namespace supportbytime::domain {
namespace {

constexpr absl::string_view kSyntax =
    "CURRENCY:AMOUNT entries separated by commas, e.g. EUR:30.00,USD:25.00";

// A malformed entry of the flag (a startup error, not an API refusal).
absl::Status BadEntry(absl::string_view entry, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("\"", entry, "\": ", problem));
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "30.00" in a currency of `digits` minor digits -> 3000. Exact or refused:
// a base is money, so nothing is rounded.
absl::StatusOr<int64_t> ParseAmount(absl::string_view entry, absl::string_view currency, int digits,
                                    absl::string_view amount) {
  if (absl::StartsWith(amount, "-")) return BadEntry(entry, "a base must not be negative");
  std::vector<absl::string_view> parts = absl::StrSplit(amount, absl::MaxSplits('.', 1));
  const absl::string_view whole = parts[0];
  const absl::string_view fraction = parts.size() > 1 ? parts[1] : absl::string_view();
  if (!AllDigits(whole) || (parts.size() > 1 && !AllDigits(fraction))) {
    return BadEntry(entry, "the amount must be a plain decimal number such as 30.00");
  }
  if (static_cast<int>(fraction.size()) > digits) {
    return BadEntry(entry, digits == 0
                             ? absl::StrCat(currency, " has no minor unit: give whole ", currency)
                             : absl::StrCat(currency, " has ", digits,
                                            " decimals: the amount is too precise"));
  }
  int64_t units = 0;
  int64_t minor_part = 0;
  std::optional<int64_t> minor;
  if (whole.size() <= 18 && absl::SimpleAtoi(whole, &units) &&
      (fraction.empty() || absl::SimpleAtoi(fraction, &minor_part))) {
    const int missing_digits = digits - static_cast<int>(fraction.size());
    minor = CheckedMul(units, Pow10(digits));
    if (minor) minor = CheckedAdd(*minor, minor_part * Pow10(missing_digits));
  }
  if (!minor) return BadEntry(entry, "the amount is too large");
  return *minor;
}

}  // namespace

absl::StatusOr<GoodwillBases> GoodwillBases::Parse(absl::string_view spec) {
  if (absl::StripAsciiWhitespace(spec).empty()) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", kSyntax, "; got nothing"));
  }
  GoodwillBases out;
  for (absl::string_view raw : absl::StrSplit(spec, ',')) {
    const absl::string_view entry = absl::StripAsciiWhitespace(raw);
    if (entry.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("an entry is empty in \"", spec, "\"; expected ", kSyntax));
    }
    std::vector<absl::string_view> parts = absl::StrSplit(entry, ':');
    if (parts.size() != 2) return BadEntry(entry, absl::StrCat("expected ", kSyntax));
    const absl::string_view currency = parts[0];
    const std::optional<int> digits = MinorDigits(currency);
    if (!digits) {
      return BadEntry(entry, absl::StrCat("\"", currency,
                                        "\" is not an active ISO 4217 currency code of three "
                                        "upper-case letters, e.g. EUR"));
    }
    absl::StatusOr<int64_t> minor = ParseAmount(entry, currency, *digits, parts[1]);
    if (!minor.ok()) return minor.status();
    if (!out.minor_.emplace(std::string(currency), *minor).second) {
      return BadEntry(entry, absl::StrCat(currency, " is given more than once"));
    }
  }
  return out;
}

std::optional<Money> GoodwillBases::Base(absl::string_view currency) const {
  auto it = minor_.find(currency);
  if (it == minor_.end()) return std::nullopt;
  return Money{it->second, it->first};
}

int64_t GoodwillBases::ResetMinor(absl::string_view currency) const {
  auto it = minor_.find(currency);
  return it == minor_.end() ? 0 : it->second;
}

std::string GoodwillBases::ToString() const {
  std::vector<std::string> entries;
  for (const auto& [currency, minor] : minor_) {
    entries.push_back(absl::StrCat(currency, ":", FormatMinor(minor, *MinorDigits(currency))));
  }
  return absl::StrJoin(entries, ",");
}

}  // namespace supportbytime::domain
