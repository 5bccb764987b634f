#include "server/storage/terms_sql.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/storage/statements.h"
#include "server/util/json.h"

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

namespace {

// A package version (its prices follow).
constexpr Sql kInsertVersion{
    "terms.insert_version",
    "insert into package_versions (package_id, version, billing_cycle, included_minutes,"
    " billing_increment_minutes, rounding_scope, rounding_direction, response_priority,"
    " invoice_action, item_name, show_work_log_to_client, notify_thresholds_percent,"
    " require_overage_approval)"
    " values (cast(:p as uuid), :v, :c, :inc, :incr, :sc, :dir, :pri, :act, :item,"
    " :show <> 0, cast(:th as integer[]), :appr <> 0) returning id::text"};

// A version's price in one currency.
constexpr Sql kInsertPrice{
    "terms.insert_price",
    "insert into package_version_prices (package_version_id, currency, period_price_minor,"
    " overage_hourly_rate_minor) values (cast(:v as uuid), :c, :p, :r)"};

}  // namespace

std::string InsertVersion(soci::session& s, const std::string& package_id, int version,
                          const domain::PackageTerms& t) {
  const std::string cycle(domain::BillingCycleName(t.billing_cycle));
  const std::string scope(domain::ScopeName(t.rounding_scope));
  const std::string direction(domain::DirectionName(t.rounding_direction));
  const std::string priority(domain::PriorityName(t.response_priority));
  const std::string action(domain::InvoiceActionName(t.invoice_action));
  const std::string thresholds = absl::StrCat("{", absl::StrJoin(t.notify_thresholds_percent, ","), "}");
  const int show = t.show_work_log_to_client ? 1 : 0;
  const int approval = t.require_overage_approval ? 1 : 0;
  std::string id;
  Exec(s, kInsertVersion, soci::use(package_id, "p"), soci::use(version, "v"),
       soci::use(cycle, "c"), soci::use(t.included_minutes, "inc"),
       soci::use(t.billing_increment_minutes, "incr"), soci::use(scope, "sc"),
       soci::use(direction, "dir"), soci::use(priority, "pri"), soci::use(action, "act"),
       soci::use(t.item_name, "item"), soci::use(show, "show"), soci::use(thresholds, "th"),
       soci::use(approval, "appr"), soci::into(id));
  for (const domain::CurrencyPrice& p : t.prices) {
    const long long price = p.period_price_minor;
    const long long rate = p.overage_hourly_rate_minor;
    Exec(s, kInsertPrice, soci::use(id, "v"), soci::use(p.currency, "c"), soci::use(price, "p"),
         soci::use(rate, "r"));
  }
  return id;
}

std::string TermsJson(const domain::PackageTerms& t) {
  std::string prices = "[";
  for (const auto& p : t.prices) {
    if (prices.size() > 1) prices += ",";
    prices += util::JsonObject()
                  .Add("currency_code", p.currency)
                  .Add("period_price_minor", p.period_price_minor)
                  .Add("overage_hourly_rate_minor", p.overage_hourly_rate_minor)
                  .str();
  }
  prices += "]";
  return util::JsonObject()
      .Add("billing_cycle", domain::BillingCycleName(t.billing_cycle))
      .Add("included_minutes", t.included_minutes)
      .Add("billing_increment_minutes", t.billing_increment_minutes)
      .Add("rounding_scope", domain::ScopeName(t.rounding_scope))
      .Add("rounding_direction", domain::DirectionName(t.rounding_direction))
      .AddRaw("prices", prices)
      .Add("response_priority", domain::PriorityName(t.response_priority))
      .Add("invoice_action", domain::InvoiceActionName(t.invoice_action))
      .Add("item_name", t.item_name)
      .Add("show_work_log_to_client", t.show_work_log_to_client)
      .AddRaw("notify_thresholds_percent",
              absl::StrCat("[", absl::StrJoin(t.notify_thresholds_percent, ","), "]"))
      .Add("require_overage_approval", t.require_overage_approval)
      .str();
}

}  // namespace supportbytime::storage
