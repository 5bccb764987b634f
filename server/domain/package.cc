#include "server/domain/package.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/domain/currency.h"
#include "server/domain/validation.h"

namespace supportbytime::domain {

const CurrencyPrice* PackageTerms::PriceFor(absl::string_view currency) const {
  for (const CurrencyPrice& p : prices) {
    if (p.currency == currency) return &p;
  }
  return nullptr;
}

void ValidateTerms(const PackageTerms& t, absl::string_view prefix, Violations& v) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, name); };
  if (t.included_minutes < 0 || t.included_minutes > kMaxIncludedMinutes) {
    v.Add(field("included_minutes"),
          absl::StrCat("must be from 0 to ", kMaxIncludedMinutes, " minutes"));
  }
  if (t.billing_increment_minutes < 1 || t.billing_increment_minutes > 1440) {
    v.Add(field("billing_increment_minutes"), "must be from 1 to 1440 minutes");
  }
  if (t.prices.empty()) {
    v.Add(field("prices"), "must price the package in at least one currency");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < t.prices.size(); ++i) {
    const CurrencyPrice& p = t.prices[i];
    const std::string at = field(absl::StrCat("prices[", i, "]"));
    if (!IsCurrency(p.currency)) {
      v.Add(absl::StrCat(at, ".currency_code"), "must be an active ISO 4217 code such as EUR");
    } else if (!seen.insert(p.currency).second) {
      v.Add(absl::StrCat(at, ".currency_code"), "each currency may be priced only once");
    }
    if (p.period_price_minor < 0 || p.period_price_minor > kMaxAmountMinor) {
      v.Add(absl::StrCat(at, ".period_price"), "must be zero or positive and at most 10^12 minor units");
    }
    if (p.overage_hourly_rate_minor < 0 || p.overage_hourly_rate_minor > kMaxAmountMinor) {
      v.Add(absl::StrCat(at, ".overage_hourly_rate"),
            "must be zero or positive and at most 10^12 minor units");
    }
  }
  if (t.notify_thresholds_percent.size() > 10) {
    v.Add(field("notify_thresholds_percent"), "at most 10 thresholds");
  }
  for (size_t i = 0; i < t.notify_thresholds_percent.size(); ++i) {
    int pct = t.notify_thresholds_percent[i];
    if (pct < 1 || pct > 1000) {
      v.Add(field(absl::StrCat("notify_thresholds_percent[", i, "]")), "must be from 1 to 1000");
    } else if (i > 0 && pct <= t.notify_thresholds_percent[i - 1]) {
      v.Add(field(absl::StrCat("notify_thresholds_percent[", i, "]")),
            "thresholds must be strictly increasing");
    }
  }
  v.Merge(ValidateText(field("item_name"), t.item_name, {1, kMaxItemNameLength}));
}

absl::Status RequirePrice(const PackageTerms& terms, absl::string_view currency,
                          absl::string_view package_name) {
  if (terms.PriceFor(currency) != nullptr) return absl::OkStatus();
  return Error(absl::StatusCode::kFailedPrecondition, "CURRENCY_NOT_PRICED",
               absl::StrCat(package_name, " has no price in ", currency,
                            "; add a price in that currency to the package first."),
               {{"currency_code", std::string(currency)}, {"package", std::string(package_name)}});
}

namespace {
template <class E, size_t N>
bool ParseEnum(absl::string_view name, const std::pair<E, absl::string_view> (&table)[N], E* out) {
  for (const auto& [e, n] : table) {
    if (n == name) {
      *out = e;
      return true;
    }
  }
  return false;
}
template <class E, size_t N>
absl::string_view EnumName(E e, const std::pair<E, absl::string_view> (&table)[N]) {
  for (const auto& [v, n] : table) {
    if (v == e) return n;
  }
  return "";
}
constexpr std::pair<ResponsePriority, absl::string_view> kPriorities[] = {
    {ResponsePriority::kStandard, "STANDARD"},
    {ResponsePriority::kStandardPlus, "STANDARD_PLUS"},
    {ResponsePriority::kPriority, "PRIORITY"}};
constexpr std::pair<InvoiceAction, absl::string_view> kInvoiceActions[] = {
    {InvoiceAction::kDoNotInvoice, "DO_NOT_INVOICE"},
    {InvoiceAction::kInvoiceOnNextRun, "INVOICE_ON_NEXT_RUN"},
    {InvoiceAction::kAddToNextInvoice, "ADD_TO_NEXT_INVOICE"}};
constexpr std::pair<BillingCycle, absl::string_view> kCycles[] = {
    {BillingCycle::kOneTime, "ONE_TIME"}, {BillingCycle::kMonthly, "MONTHLY"}};
constexpr std::pair<RoundingScope, absl::string_view> kScopes[] = {
    {RoundingScope::kEntry, "ENTRY"}, {RoundingScope::kTicket, "TICKET"}};
constexpr std::pair<RoundingDirection, absl::string_view> kDirections[] = {
    {RoundingDirection::kUp, "UP"},
    {RoundingDirection::kNearest, "NEAREST"},
    {RoundingDirection::kDown, "DOWN"}};
}  // namespace

absl::string_view PriorityName(ResponsePriority p) { return EnumName(p, kPriorities); }
absl::string_view InvoiceActionName(InvoiceAction a) { return EnumName(a, kInvoiceActions); }
absl::string_view BillingCycleName(BillingCycle c) { return EnumName(c, kCycles); }
bool ParsePriority(absl::string_view n, ResponsePriority* o) { return ParseEnum(n, kPriorities, o); }
bool ParseInvoiceAction(absl::string_view n, InvoiceAction* o) {
  return ParseEnum(n, kInvoiceActions, o);
}
bool ParseBillingCycle(absl::string_view n, BillingCycle* o) { return ParseEnum(n, kCycles, o); }
bool ParseScope(absl::string_view n, RoundingScope* o) { return ParseEnum(n, kScopes, o); }
bool ParseDirection(absl::string_view n, RoundingDirection* o) {
  return ParseEnum(n, kDirections, o);
}

}  // namespace supportbytime::domain
