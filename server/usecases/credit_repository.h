// What the credit use cases read and write (R19, R22): the goodwill credit,
// its events and the facts of postpayment eligibility.
#ifndef SUPPORTBYTIME_SERVER_USECASES_CREDIT_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_CREDIT_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/credit_facts.h"
#include "server/domain/who.h"
#include "server/usecases/billing_repository.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

// An UNPAID invoice of a client past its due date without a missed payment.
struct OverdueInvoice {
  std::string client_id;
  std::string invoice_ref;
};

// A credit event: MISSED_PAYMENT (with invoice_ref and due_date) or ADJUSTMENT.
struct CreditEvent {
  std::string client_id;
  std::string invoice_ref;
  std::optional<absl::CivilDay> due_date;
  std::string currency;
  int64_t credit_before_minor = 0;
  int64_t credit_after_minor = 0;
  std::string note;
};

class CreditRepository {
 public:
  virtual ~CreditRepository() = default;

  // nullopt when there is no such client; `for_update` takes its row lock.
  virtual absl::StatusOr<std::optional<domain::Client>> FindClient(Tx& tx, const std::string& id,
                                                                   bool for_update) = 0;
  // Every fact the eligibility decision reads; nullopt without the client.
  virtual absl::StatusOr<std::optional<domain::EligibilityFacts>> ReadEligibilityFacts(
      Tx& tx, const std::string& client_id) = 0;
  virtual absl::Status SetGoodwillCredit(Tx& tx, const std::string& client_id, int64_t minor,
                                         absl::Time now) = 0;
  virtual absl::Status InsertAdjustment(Tx& tx, const CreditEvent& event, absl::Time now) = 0;
  // Inserts the MISSED_PAYMENT event unless the (client, invoice) has one;
  // whether it did.
  virtual absl::StatusOr<bool> InsertMissedPayment(Tx& tx, const CreditEvent& event,
                                                   absl::Time now) = 0;
  // The invoices UNPAID past their due date (before `as_of`'s day in the
  // client's zone) with no missed payment recorded.
  virtual absl::StatusOr<std::vector<OverdueInvoice>> OverdueInvoices(Tx& tx,
                                                                      absl::Time as_of) = 0;
  // The earliest due date of the invoice's items still UNPAID past due at
  // `as_of`; nullopt when none is (paid in the meantime).
  virtual absl::StatusOr<std::optional<absl::CivilDay>> EarliestOverdueDueDate(
      Tx& tx, const std::string& client_id, const std::string& invoice_ref, absl::Time as_of) = 0;

  virtual absl::Status Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                             const AuditRecord& entry) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_CREDIT_REPOSITORY_H_
