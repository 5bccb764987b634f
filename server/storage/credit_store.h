// Postpayment eligibility facts, the goodwill credit and missed payments (R19,
// R22): the storage of usecases::Credit.
//
// A missed payment is a MISSED_PAYMENT row of client_credit_events, unique per
// (client, invoice reference): the partial unique index is the arbiter when
// several recorders race.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/account.h"
#include "server/domain/credit_facts.h"
#include "server/storage/database.h"
#include "server/usecases/credit_repository.h"

namespace supportbytime::storage {

using domain::EligibilityFacts;
using domain::InvoicedItemFact;
using domain::MissedPaymentFact;
using domain::SubscriptionPriceFact;

class CreditStore final : public usecases::CreditRepository {
 public:
  explicit CreditStore(Database& db) : db_(db) {}

  absl::StatusOr<std::optional<domain::Client>> FindClient(usecases::Tx& tx, const std::string& id,
                                                           bool for_update) override;
  absl::StatusOr<std::optional<domain::EligibilityFacts>> ReadEligibilityFacts(
      usecases::Tx& tx, const std::string& client_id) override;
  absl::Status SetGoodwillCredit(usecases::Tx& tx, const std::string& client_id, int64_t minor,
                                 absl::Time now) override;
  absl::Status InsertAdjustment(usecases::Tx& tx, const usecases::CreditEvent& event,
                                absl::Time now) override;
  absl::StatusOr<bool> InsertMissedPayment(usecases::Tx& tx, const usecases::CreditEvent& event,
                                           absl::Time now) override;
  absl::StatusOr<std::vector<usecases::OverdueInvoice>> OverdueInvoices(usecases::Tx& tx,
                                                                        absl::Time as_of) override;
  absl::StatusOr<std::optional<absl::CivilDay>> EarliestOverdueDueDate(
      usecases::Tx& tx, const std::string& client_id, const std::string& invoice_ref,
      absl::Time as_of) override;
  absl::Status Audit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                     const usecases::AuditRecord& entry) override;

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_CREDIT_STORE_H_
