// Postpayment eligibility facts, the goodwill credit and missed payments (R19,
// R22).
//
// A missed payment is a MISSED_PAYMENT row of client_credit_events, unique per
// (client, invoice reference): recording it resets the goodwill credit to the
// base deposit of the client's currency (zero without one) once, whoever
// records it (an admin with RecordMissedPayment,
// or RecordOverdueInvoices from ClosePeriods and the close-periods command,
// on any number of replicas at once).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/domain/account.h"
#include "server/domain/goodwill.h"
#include "server/domain/lifecycle.h"
#include "server/domain/money.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"

namespace supportbytime::storage {

// A subscription of the client with the price of its package's current
// version in the client's currency (nullopt when that currency is not priced).
struct SubscriptionPriceFact {
  std::string id;
  domain::SubscriptionStatus status = domain::SubscriptionStatus::kPending;
  std::optional<int64_t> period_price_minor;
};

// A billable item that carries an invoice (not CANCELLED); dates are days in
// the client's zone.
struct InvoicedItemFact {
  std::string id;
  std::string invoice_ref;
  domain::InvoiceStatus status = domain::InvoiceStatus::kUnpaid;
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
  domain::Client client;
  std::vector<SubscriptionPriceFact> subscriptions;
  std::vector<InvoicedItemFact> invoiced_items;
  std::vector<MissedPaymentFact> missed_payments;
};

class CreditStore final {
 public:
  CreditStore(Database& db, domain::GoodwillBases goodwill)
      : db_(db), goodwill_(std::move(goodwill)) {}

  // Everything GetPostpaymentEligibility decides on. NOT_FOUND for the
  // client. The window depends on the client's zone, so every invoiced item
  // and missed payment is returned and the caller picks.
  absl::StatusOr<EligibilityFacts> ReadEligibilityFacts(const std::string& client_id);

  // Sets the goodwill credit (`credit` is >= 0, checked by the caller).
  // FAILED_PRECONDITION GOODWILL_NOT_CONFIGURED when the client's currency
  // has no base (R22); a currency other than the client's is INVALID_FIELD
  // goodwill_credit.currency_code. Writes an ADJUSTMENT event with the
  // balance before and after; audited with the reason.
  absl::StatusOr<std::string> SetGoodwillCredit(const auth::Actor& actor, const IdempotencyKey& key,
                                                const std::string& client_id,
                                                const domain::Money& credit,
                                                const std::string& reason,
                                                const Encoder<domain::Client>& encode);

  // Records that the client missed the payment of `invoice_ref`, due on
  // `due_date` (INVALID_FIELD due_date when after `now`'s day in the
  // client's zone). The first record resets the credit to the base deposit
  // and is audited; recording the same invoice again changes nothing.
  absl::StatusOr<std::string> RecordMissedPayment(
      const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
      const std::string& invoice_ref, absl::CivilDay due_date, const std::string& reason,
      absl::Time now, const Encoder<domain::Client>& encode);

  // For ClosePeriods and the close-periods command: records a missed payment
  // once per (client, invoice reference) for every billable item still
  // UNPAID whose due date is before `as_of`'s day in the client's zone.
  // Returns how many this run recorded (0 when another run or replica got
  // there first).
  absl::StatusOr<int> RecordOverdueInvoices(const auth::Actor& actor, absl::Time as_of);

 private:
  Database& db_;
  domain::GoodwillBases goodwill_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
