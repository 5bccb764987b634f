#include "sdk/cli/money_flag.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace supportbytime::cli {

absl::Status ParseMoneyFlag(const Invocation& in, const std::string& flag,
                            const std::string& currency, google::type::Money* out) {
  std::string text;
  if (auto st = in.Require(flag, &text); !st.ok()) return st;
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be a decimal amount such as 40 or 40.50, got '", text, "'"));
  };
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  int64_t units = 0;
  if (whole.empty() || !absl::SimpleAtoi(whole, &units) || units < 0 || fraction.size() > 9) return bad();
  for (char c : fraction) {
    if (!absl::ascii_isdigit(c)) return bad();
  }
  fraction.append(9 - fraction.size(), '0');
  int32_t nanos = 0;
  if (!absl::SimpleAtoi(fraction, &nanos)) return bad();
  out->set_currency_code(currency);
  out->set_units(units);
  out->set_nanos(nanos);
  return absl::OkStatus();
}

}  // namespace supportbytime::cli
