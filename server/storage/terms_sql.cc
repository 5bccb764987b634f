#include "server/storage/terms_sql.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supportbytime::storage {

std::string TermsColumns(const std::string& a) {
  return absl::StrCat(
      a, ".billing_cycle, ", a, ".included_minutes, ", a, ".billing_increment_minutes, ", a,
      ".rounding_scope, ", a, ".rounding_direction, ", a, ".response_priority, ", a,
      ".invoice_action, ", a, ".item_name, ", a, ".show_work_log_to_client::int, ", a,
      ".require_overage_approval::int, array_to_string(", a, ".notify_thresholds_percent, ','), ",
      "coalesce((select string_agg(pr.currency || ':' || pr.period_price_minor || ':' || "
      "pr.overage_hourly_rate_minor, ',' order by pr.currency) from package_version_prices pr "
      "where pr.package_version_id = ",
      a, ".id), '')");
}

void ParseThresholdsAndPrices(const std::string& thresholds, const std::string& prices,
                              domain::PackageTerms* t) {
  t->notify_thresholds_percent.clear();
  for (absl::string_view p : absl::StrSplit(thresholds, ',', absl::SkipEmpty())) {
    int pct = 0;
    if (absl::SimpleAtoi(p, &pct)) t->notify_thresholds_percent.push_back(pct);
  }
  for (absl::string_view p : absl::StrSplit(prices, ',', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(p, ':');
    domain::CurrencyPrice price;
    if (f.size() == 3 && absl::SimpleAtoi(f[1], &price.period_price_minor) &&
        absl::SimpleAtoi(f[2], &price.overage_hourly_rate_minor)) {
      price.currency = f[0];
      t->prices.push_back(price);
    }
  }
}

domain::PackageTerms TermsFromRow(const soci::row& r, std::size_t i) {
  domain::PackageTerms t;
  domain::ParseBillingCycle(r.get<std::string>(i), &t.billing_cycle);
  t.included_minutes = r.get<int>(i + 1);
  t.billing_increment_minutes = r.get<int>(i + 2);
  domain::ParseScope(r.get<std::string>(i + 3), &t.rounding_scope);
  domain::ParseDirection(r.get<std::string>(i + 4), &t.rounding_direction);
  domain::ParsePriority(r.get<std::string>(i + 5), &t.response_priority);
  domain::ParseInvoiceAction(r.get<std::string>(i + 6), &t.invoice_action);
  t.item_name = r.get<std::string>(i + 7);
  t.show_work_log_to_client = r.get<int>(i + 8) != 0;
  t.require_overage_approval = r.get<int>(i + 9) != 0;
  ParseThresholdsAndPrices(r.get<std::string>(i + 10), r.get<std::string>(i + 11), &t);
  return t;
}

}  // namespace supportbytime::storage
