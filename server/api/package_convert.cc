#include "server/api/package_convert.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/domain/currency.h"

namespace supportbytime::api {
namespace {

// Reads one price amount: present, exact in `currency`, same currency.
int64_t PriceFromProto(const google::type::Money& m, bool present, const std::string& currency,
                       const std::string& field, bool required, domain::Violations& v) {
  if (!present) {
    if (required) v.Add(field, "is required");
    return 0;
  }
  if (!m.currency_code().empty() && m.currency_code() != currency) {
    v.Add(absl::StrCat(field, ".currency_code"),
          absl::StrCat("must be empty or equal to the price's currency_code ", currency));
    return 0;
  }
  auto money = domain::MoneyFromUnitsNanos(field, currency, m.units(), m.nanos());
  if (!money.ok()) {
    v.Merge(money.status());
    return 0;
  }
  if (money->minor < 0) v.Add(field, "must not be negative");
  return money->minor;
}

// The prices of the terms; a MONTHLY package needs an overage rate.
std::vector<domain::CurrencyPrice> PricesFromProto(const v1::PackageTerms& p,
                                                   domain::BillingCycle cycle,
                                                   absl::string_view prefix,
                                                   domain::Violations& v) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, name); };
  std::vector<domain::CurrencyPrice> out;
  for (int i = 0; i < p.prices_size(); ++i) {
    const v1::CurrencyPrice& cp = p.prices(i);
    const std::string at = field(absl::StrCat("prices[", i, "]"));
    domain::CurrencyPrice price;
    price.currency = cp.currency_code();
    if (!domain::IsCurrency(price.currency)) {
      // Reported once, by ValidateTerms; amounts cannot be read without it.
      out.push_back(price);
      continue;
    }
    price.period_price_minor = PriceFromProto(cp.period_price(), cp.has_period_price(),
                                              price.currency, absl::StrCat(at, ".period_price"),
                                              true, v);
    price.overage_hourly_rate_minor = PriceFromProto(
        cp.overage_hourly_rate(), cp.has_overage_hourly_rate(), price.currency,
        absl::StrCat(at, ".overage_hourly_rate"),
        cycle == domain::BillingCycle::kMonthly, v);
    out.push_back(price);
  }
  return out;
}

// The response priority and invoice action of the terms.
void ServiceFromProto(const v1::PackageTerms& p, absl::string_view prefix, domain::PackageTerms& t,
                      domain::Violations& v) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, name); };
  switch (p.response_priority()) {
    case v1::RESPONSE_PRIORITY_UNSPECIFIED:
    case v1::RESPONSE_PRIORITY_STANDARD: t.response_priority = domain::ResponsePriority::kStandard; break;
    case v1::RESPONSE_PRIORITY_STANDARD_PLUS:
      t.response_priority = domain::ResponsePriority::kStandardPlus;
      break;
    case v1::RESPONSE_PRIORITY_PRIORITY: t.response_priority = domain::ResponsePriority::kPriority; break;
    default: v.Add(field("response_priority"), "is not a known ResponsePriority value");
  }
  switch (p.invoice_action()) {
    case v1::INVOICE_ACTION_UNSPECIFIED:
    case v1::INVOICE_ACTION_ADD_TO_NEXT_INVOICE:
      t.invoice_action = domain::InvoiceAction::kAddToNextInvoice;
      break;
    case v1::INVOICE_ACTION_DO_NOT_INVOICE: t.invoice_action = domain::InvoiceAction::kDoNotInvoice; break;
    case v1::INVOICE_ACTION_INVOICE_ON_NEXT_RUN:
      t.invoice_action = domain::InvoiceAction::kInvoiceOnNextRun;
      break;
    default: v.Add(field("invoice_action"), "is not a known InvoiceAction value");
  }
}

}  // namespace

domain::PackageTerms TermsFromProto(const v1::PackageTerms& p, absl::string_view prefix,
                                    domain::Violations& v) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, name); };
  domain::PackageTerms t;
  switch (p.billing_cycle()) {
    case v1::BILLING_CYCLE_ONE_TIME: t.billing_cycle = domain::BillingCycle::kOneTime; break;
    case v1::BILLING_CYCLE_MONTHLY: t.billing_cycle = domain::BillingCycle::kMonthly; break;
    case v1::BILLING_CYCLE_UNSPECIFIED:
      v.Add(field("billing_cycle"), "is required: BILLING_CYCLE_MONTHLY or BILLING_CYCLE_ONE_TIME");
      break;
    default: v.Add(field("billing_cycle"), "is not a known BillingCycle value");
  }
  t.included_minutes = p.included_minutes();
  if (t.billing_cycle == domain::BillingCycle::kOneTime && p.included_minutes() == 0 &&
      p.billing_cycle() == v1::BILLING_CYCLE_ONE_TIME) {
    v.Add(field("included_minutes"), "a ONE_TIME bucket needs at least 1 minute");
  }
  t.billing_increment_minutes = p.billing_increment_minutes();
  switch (p.rounding().scope()) {
    case v1::ROUNDING_SCOPE_UNSPECIFIED:
    case v1::ROUNDING_SCOPE_ENTRY: t.rounding_scope = domain::RoundingScope::kEntry; break;
    case v1::ROUNDING_SCOPE_TICKET: t.rounding_scope = domain::RoundingScope::kTicket; break;
    default: v.Add(field("rounding.scope"), "is not a known RoundingScope value");
  }
  switch (p.rounding().direction()) {
    case v1::ROUNDING_DIRECTION_UNSPECIFIED:
    case v1::ROUNDING_DIRECTION_UP: t.rounding_direction = domain::RoundingDirection::kUp; break;
    case v1::ROUNDING_DIRECTION_NEAREST:
      t.rounding_direction = domain::RoundingDirection::kNearest;
      break;
    case v1::ROUNDING_DIRECTION_DOWN: t.rounding_direction = domain::RoundingDirection::kDown; break;
    default: v.Add(field("rounding.direction"), "is not a known RoundingDirection value");
  }
  t.prices = PricesFromProto(p, t.billing_cycle, prefix, v);
  ServiceFromProto(p, prefix, t, v);
  t.item_name = p.item_name().empty() ? "Support" : p.item_name();
  t.show_work_log_to_client = p.show_work_log_to_client();
  if (p.notify_thresholds_percent_size() > 0) {
    t.notify_thresholds_percent.assign(p.notify_thresholds_percent().begin(),
                                       p.notify_thresholds_percent().end());
  }
  t.require_overage_approval = !p.has_require_overage_approval() || p.require_overage_approval();
  domain::ValidateTerms(t, prefix, v);
  return t;
}

v1::InvoiceAction InvoiceActionToProto(domain::InvoiceAction a) {
  switch (a) {
    case domain::InvoiceAction::kDoNotInvoice:
      return v1::INVOICE_ACTION_DO_NOT_INVOICE;
    case domain::InvoiceAction::kInvoiceOnNextRun:
      return v1::INVOICE_ACTION_INVOICE_ON_NEXT_RUN;
    case domain::InvoiceAction::kAddToNextInvoice:
      return v1::INVOICE_ACTION_ADD_TO_NEXT_INVOICE;
  }
  return v1::INVOICE_ACTION_UNSPECIFIED;
}

v1::BillingCycle BillingCycleToProto(domain::BillingCycle c) {
  return c == domain::BillingCycle::kOneTime ? v1::BILLING_CYCLE_ONE_TIME : v1::BILLING_CYCLE_MONTHLY;
}

void TermsToProto(const domain::PackageTerms& t, v1::PackageTerms* out) {
  out->set_billing_cycle(BillingCycleToProto(t.billing_cycle));
  out->set_included_minutes(t.included_minutes);
  out->set_billing_increment_minutes(t.billing_increment_minutes);
  out->mutable_rounding()->set_scope(t.rounding_scope == domain::RoundingScope::kEntry
                                         ? v1::ROUNDING_SCOPE_ENTRY
                                         : v1::ROUNDING_SCOPE_TICKET);
  switch (t.rounding_direction) {
    case domain::RoundingDirection::kUp: out->mutable_rounding()->set_direction(v1::ROUNDING_DIRECTION_UP); break;
    case domain::RoundingDirection::kNearest:
      out->mutable_rounding()->set_direction(v1::ROUNDING_DIRECTION_NEAREST);
      break;
    case domain::RoundingDirection::kDown: out->mutable_rounding()->set_direction(v1::ROUNDING_DIRECTION_DOWN); break;
  }
  for (const auto& p : t.prices) {
    v1::CurrencyPrice* cp = out->add_prices();
    cp->set_currency_code(p.currency);
    ToMoney(p.period_price_minor, p.currency, cp->mutable_period_price());
    ToMoney(p.overage_hourly_rate_minor, p.currency, cp->mutable_overage_hourly_rate());
  }
  switch (t.response_priority) {
    case domain::ResponsePriority::kStandard: out->set_response_priority(v1::RESPONSE_PRIORITY_STANDARD); break;
    case domain::ResponsePriority::kStandardPlus:
      out->set_response_priority(v1::RESPONSE_PRIORITY_STANDARD_PLUS);
      break;
    case domain::ResponsePriority::kPriority: out->set_response_priority(v1::RESPONSE_PRIORITY_PRIORITY); break;
  }
  out->set_invoice_action(InvoiceActionToProto(t.invoice_action));
  out->set_item_name(t.item_name);
  out->set_show_work_log_to_client(t.show_work_log_to_client);
  for (int pct : t.notify_thresholds_percent) out->add_notify_thresholds_percent(pct);
  out->set_require_overage_approval(t.require_overage_approval);
}

void PackageToProto(const domain::Package& p, v1::Package* out) {
  out->set_name(PackageName(p.id));
  out->set_display_name(p.display_name);
  out->set_description(p.description);
  TermsToProto(p.terms, out->mutable_terms());
  out->set_current_version(p.current_version);
  out->set_archived(p.archive_time.has_value());
  SetTimestamp(p.archive_time, out, &v1::Package::mutable_archive_time);
  ToTimestamp(p.create_time, out->mutable_create_time());
  ToTimestamp(p.update_time, out->mutable_update_time());
}

void PackageVersionToProto(const domain::PackageVersion& p, v1::PackageVersion* out) {
  out->set_name(PackageVersionName(p.package_id, p.version));
  out->set_version(p.version);
  TermsToProto(p.terms, out->mutable_terms());
  ToTimestamp(p.create_time, out->mutable_create_time());
}

}  // namespace supportbytime::api
