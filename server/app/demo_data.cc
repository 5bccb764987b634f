#include "server/app/demo_data.h"

namespace supportbytime::app {
namespace {

DemoPackage Monthly(std::string name, std::string description, int included_hours,
                    int increment, int64_t price_eur, domain::ResponsePriority priority) {
  domain::PackageTerms t;
  t.billing_cycle = domain::BillingCycle::kMonthly;
  t.included_minutes = included_hours * 60;
  t.billing_increment_minutes = increment;
  t.prices = {{"EUR", price_eur * 100, 40 * 100}};  // overage EUR 40 / h
  t.response_priority = priority;
  t.invoice_action = domain::InvoiceAction::kAddToNextInvoice;
  t.show_work_log_to_client = true;
  return {std::move(name), std::move(description), t};
}

}  // namespace

std::vector<DemoPackage> ReferencePackages() {
  using P = domain::ResponsePriority;
  return {
      Monthly("Extra Support", "1 hour a month, billed per 15 minutes, standard response.", 1, 15,
              30, P::kStandard),
      Monthly("Professional Support", "4 hours a month, billed per 30 minutes, Standard+ response.",
              4, 30, 100, P::kStandardPlus),
      Monthly("Development Support", "30 hours a month, billed per hour, priority response.", 30,
              60, 1000, P::kPriority),
  };
}

}  // namespace supportbytime::app
