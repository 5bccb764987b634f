// The goodwill credit and missed payments (R19, R22).
//
// A missed payment is recorded once per (client, invoice reference): the
// first record resets the goodwill credit to the base deposit of the
// client's currency (zero without one), whoever records it (an admin, or a
// closing run finding an invoice UNPAID past its due date, on any number of
// replicas at once).
#ifndef SUPPORTBYTIME_SERVER_USECASES_CREDIT_H_
#define SUPPORTBYTIME_SERVER_USECASES_CREDIT_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/clock.h"
#include "server/domain/credit_facts.h"
#include "server/domain/goodwill.h"
#include "server/domain/money.h"
#include "server/domain/who.h"
#include "server/usecases/credit_repository.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class Credit final {
 public:
  Credit(Transactions& transactions, Idempotency& idempotency, CreditRepository& repo,
         const domain::Clock& clock, domain::GoodwillBases goodwill)
      : transactions_(transactions),
        idempotency_(idempotency),
        repo_(repo),
        clock_(clock),
        goodwill_(std::move(goodwill)) {}

  const domain::GoodwillBases& goodwill() const { return goodwill_; }

  // Everything the postpayment decision reads. NOT_FOUND for the client.
  absl::StatusOr<domain::EligibilityFacts> ReadEligibilityFacts(const std::string& client_id);

  // GetPostpaymentEligibility at `now`: R19's two criteria explained, and
  // the goodwill base (R22). NOT_FOUND for the client.
  absl::StatusOr<domain::PostpaymentEligibility> Eligibility(const std::string& client_id,
                                                             absl::Time now);

  // Sets the goodwill credit (`credit` >= 0, checked by the caller).
  // FAILED_PRECONDITION GOODWILL_NOT_CONFIGURED when the client's currency
  // has no base (R22); another currency than the client's is INVALID_FIELD
  // goodwill_credit.currency_code. Writes an ADJUSTMENT event; audited.
  absl::StatusOr<std::string> SetGoodwillCredit(const domain::Who& who, const IdempotencyKey& key,
                                                const std::string& client_id,
                                                const domain::Money& credit,
                                                const std::string& reason,
                                                const Encoder<domain::Client>& encode);

  // Records that the client missed the payment of `invoice_ref`, due on
  // `due_date` (INVALID_FIELD due_date when after today in the client's
  // zone). Recording the same invoice again changes nothing.
  absl::StatusOr<std::string> RecordMissedPayment(const domain::Who& who,
                                                  const IdempotencyKey& key,
                                                  const std::string& client_id,
                                                  const std::string& invoice_ref,
                                                  absl::CivilDay due_date,
                                                  const std::string& reason,
                                                  const Encoder<domain::Client>& encode);

  // For closing runs: records a missed payment for every invoice still
  // UNPAID whose due date is before `as_of`'s day in the client's zone, each
  // in its own transaction. Returns how many this call recorded.
  absl::StatusOr<int> RecordOverdueInvoices(const domain::Who& who, absl::Time as_of);

 private:
  // Inserts the missed payment and, only when this call inserted it, resets
  // the credit and audits it. Whether it did.
  absl::StatusOr<bool> RecordMissed(Tx& tx, const domain::Who& who, const std::string& request_id,
                                    const domain::Client& client, const std::string& invoice_ref,
                                    absl::CivilDay due_date, const std::string& note);
  absl::StatusOr<domain::Client> LockClient(Tx& tx, const std::string& client_id);

  Transactions& transactions_;
  Idempotency& idempotency_;
  CreditRepository& repo_;
  const domain::Clock& clock_;
  domain::GoodwillBases goodwill_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_CREDIT_H_
