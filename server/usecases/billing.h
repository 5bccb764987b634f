// Billing (R10, R16): closing ended periods into billable items and the
// invoices recorded on those items.
//
// ClosePeriods closes each due period in its own transaction under the
// period's row lock, the lock every entry write takes first: an entry either
// commits before the close (and is billed) or finds the period CLOSED. Items
// are unique per (period, ticket), so replicas racing on one period create
// each item once.
#ifndef SUPPORTBYTIME_SERVER_USECASES_BILLING_H_
#define SUPPORTBYTIME_SERVER_USECASES_BILLING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/billable_item.h"
#include "server/domain/clock.h"
#include "server/domain/period_close.h"
#include "server/domain/who.h"
#include "server/usecases/billing_repository.h"
#include "server/usecases/credit.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class Billing final {
 public:
  Billing(Transactions& transactions, Idempotency& idempotency, BillingRepository& repo,
          Credit& credit, const domain::Clock& clock)
      : transactions_(transactions),
        idempotency_(idempotency),
        repo_(repo),
        credit_(credit),
        clock_(clock) {}

  // R10: closes every OPEN MONTHLY period that ended at or before `as_of`,
  // each in its own transaction, then marks used-up ONE_TIME subscriptions
  // DEPLETED, records overdue invoices as missed payments (R19), and records
  // the run (its as_of becomes the watermark of passed months). Counts only
  // what this run did. The request_id is claimed before any work; a retry of
  // a completed run replays its answer without closing what became due since.
  absl::StatusOr<std::string> ClosePeriods(const domain::Who& who, const IdempotencyKey& key,
                                           absl::Time as_of,
                                           const Encoder<domain::CloseSummary>& encode);

  // Records the invoice `change` makes of the item's stored one (under its
  // row lock), audited. A refused change changes nothing.
  absl::StatusOr<std::string> UpdateInvoice(const domain::Who& who, const IdempotencyKey& key,
                                            const std::string& client_id, const std::string& id,
                                            const domain::InvoiceChange& change,
                                            const Encoder<domain::BillableItemRecord>& encode);

 private:
  absl::StatusOr<std::string> RunClose(const domain::Who& who, const IdempotencyKey& key,
                                       absl::Time as_of,
                                       const Encoder<domain::CloseSummary>& encode);

  Transactions& transactions_;
  Idempotency& idempotency_;
  BillingRepository& repo_;
  Credit& credit_;
  const domain::Clock& clock_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_BILLING_H_
