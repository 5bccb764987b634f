// What the postpayment decision (R19) and the goodwill credit (R22) read
// about a client.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_CREDIT_FACTS_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_CREDIT_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "server/domain/account.h"
#include "server/domain/lifecycle.h"
#include "server/domain/money.h"
#include "server/domain/postpayment.h"

namespace supportbytime::domain {

// A subscription of the client with the price of its package's current
// version in the client's currency (nullopt when that currency is not priced).
struct SubscriptionPriceFact {
  std::string id;
  SubscriptionStatus status = SubscriptionStatus::kPending;
  std::optional<int64_t> period_price_minor;
};

// A billable item that carries an invoice (not CANCELLED); dates are days in
// the client's zone.
struct InvoicedItemFact {
  std::string id;
  std::string invoice_ref;
  InvoiceStatus status = InvoiceStatus::kUnpaid;
  std::optional<absl::CivilDay> due_date;
  std::optional<absl::CivilDay> paid_on;
  std::optional<absl::CivilDay> cancelled_on;
};

// A recorded MISSED_PAYMENT event.
struct MissedPaymentFact {
  std::string invoice_ref;
  absl::CivilDay due_date;
};

struct EligibilityFacts {
  Client client;
  std::vector<SubscriptionPriceFact> subscriptions;
  std::vector<InvoicedItemFact> invoiced_items;
  std::vector<MissedPaymentFact> missed_payments;
};

// One criterion of the eligibility answer, explained.
struct PostpaymentCheck {
  bool passed = false;
  std::string description;
  std::vector<std::string> evidence;  // resource names and invoice references
};

// GetPostpaymentEligibility's answer (R19, R22).
struct PostpaymentEligibility {
  Client client;
  PostpaymentDecision decision;
  bool eligible = false;
  PostpaymentCheck paid_subscription;  // R19's first criterion
  PostpaymentCheck no_missed_payment;  // R19's second criterion
  PostpaymentCheck goodwill;           // R22: informs, never decides
  std::optional<Money> base_deposit;   // the goodwill base of the client's currency
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_CREDIT_FACTS_H_
