// Packages and their immutable terms (SPEC section 2, R3).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/error.h"
#include "server/domain/lifecycle.h"
#include "server/domain/rounding.h"

namespace supportbytime::domain {

enum class ResponsePriority { kStandard, kStandardPlus, kPriority };
enum class InvoiceAction { kDoNotInvoice, kInvoiceOnNextRun, kAddToNextInvoice };

// Price of one period and overage rate of one hour, in one currency.
struct CurrencyPrice {
  std::string currency;
  int64_t period_price_minor = 0;
  int64_t overage_hourly_rate_minor = 0;

  friend bool operator==(const CurrencyPrice&, const CurrencyPrice&) = default;
};

// The terms of one package version; a period copies them on first touch.
struct PackageTerms {
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  int included_minutes = 0;
  int billing_increment_minutes = 1;
  RoundingScope rounding_scope = RoundingScope::kEntry;
  RoundingDirection rounding_direction = RoundingDirection::kUp;
  std::vector<CurrencyPrice> prices;
  ResponsePriority response_priority = ResponsePriority::kStandard;
  InvoiceAction invoice_action = InvoiceAction::kInvoiceOnNextRun;
  std::string item_name = "Support";
  bool show_work_log_to_client = false;
  std::vector<int> notify_thresholds_percent = {80, 100};
  bool require_overage_approval = true;

  // The price in `currency`, or null when the package has none (R6).
  const CurrencyPrice* PriceFor(absl::string_view currency) const;

  friend bool operator==(const PackageTerms&, const PackageTerms&) = default;
};

// Upper bounds that keep every derived figure far from overflow.
inline constexpr int kMaxIncludedMinutes = 1'000'000;          // ~16 700 hours
inline constexpr int64_t kMaxAmountMinor = 1'000'000'000'000;  // 10^12 minor units
inline constexpr int kMaxNameLength = 200;
inline constexpr int kMaxDescriptionLength = 2000;
inline constexpr int kMaxItemNameLength = 100;

// Adds one violation per problem, with field paths under `prefix` (e.g.
// "terms."): ranges, one price per valid currency, thresholds, item name.
void ValidateTerms(const PackageTerms& terms, absl::string_view prefix, Violations& v);

// CURRENCY_NOT_PRICED (FAILED_PRECONDITION) unless the terms price `currency`;
// metadata `currency_code` and `package` = `package_name` ("packages/{id}").
absl::Status RequirePrice(const PackageTerms& terms, absl::string_view currency,
                          absl::string_view package_name);

struct Package {
  std::string id;
  std::string display_name;
  std::string description;
  int current_version = 1;
  std::optional<absl::Time> archive_time;
  PackageTerms terms;  // of current_version
  absl::Time create_time;
  absl::Time update_time;
};

struct PackageVersion {
  std::string package_id;
  int version = 1;
  PackageTerms terms;
  absl::Time create_time;
};

absl::string_view PriorityName(ResponsePriority p);  // "STANDARD", "STANDARD_PLUS", "PRIORITY"
absl::string_view InvoiceActionName(InvoiceAction a);
absl::string_view BillingCycleName(BillingCycle c);  // "ONE_TIME", "MONTHLY"
bool ParsePriority(absl::string_view name, ResponsePriority* out);
bool ParseInvoiceAction(absl::string_view name, InvoiceAction* out);
bool ParseBillingCycle(absl::string_view name, BillingCycle* out);
bool ParseScope(absl::string_view name, RoundingScope* out);
bool ParseDirection(absl::string_view name, RoundingDirection* out);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_H_
