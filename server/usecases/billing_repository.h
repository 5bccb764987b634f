// What the billing use cases read and write (R10, R16): periods due for
// closing, billable items and the record of closing runs.
#ifndef SUPPORTBYTIME_SERVER_USECASES_BILLING_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_BILLING_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/audit_entry.h"
#include "server/domain/billable_item.h"
#include "server/domain/period_close.h"
#include "server/domain/usage_alert.h"
#include "server/domain/who.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

// One audit event, written in the transaction of the change it records.
using AuditRecord = domain::AuditEntry;

// A billable item a closing run creates.
struct NewBillableItem {
  std::string period_id;
  std::string ticket_id;
  std::string subscription_id;
  std::string client_id;
  int64_t overage_minutes = 0;
  domain::Money amount;
  std::string description;
  domain::InvoiceAction invoice_action = domain::InvoiceAction::kInvoiceOnNextRun;
};

// A ONE_TIME period whose bucket is used up while its subscription is ACTIVE.
struct UsedUpBucket {
  std::string client_id;
  std::string subscription_id;
  int64_t used_minutes = 0;
  int64_t included_minutes = 0;
};

class BillingRepository {
 public:
  virtual ~BillingRepository() = default;

  // --- closing (R10) ---
  // The OPEN MONTHLY periods that ended at or before `as_of`, oldest first.
  virtual absl::StatusOr<std::vector<std::string>> DuePeriods(Tx& tx, absl::Time as_of) = 0;
  // The ONE_TIME periods used up while their subscription is ACTIVE.
  virtual absl::StatusOr<std::vector<std::string>> UsedUpBuckets(Tx& tx) = 0;
  // Locks period `id`, then its billed tickets (the writers' order), and
  // loads what closing it needs; nullopt when it is not an OPEN MONTHLY period.
  virtual absl::StatusOr<std::optional<domain::PeriodToClose>> LockPeriodToClose(
      Tx& tx, const std::string& id) = 0;
  // Creates the item unless the (period, ticket) has one; its id, or nullopt.
  virtual absl::StatusOr<std::optional<std::string>> InsertBillableItem(
      Tx& tx, const NewBillableItem& item, absl::Time now) = 0;
  virtual absl::Status MarkPeriodClosed(Tx& tx, const std::string& period_id, absl::Time now) = 0;
  // Locks the bucket period and its subscription; nullopt unless it is used
  // up and the subscription still ACTIVE.
  virtual absl::StatusOr<std::optional<UsedUpBucket>> LockUsedUpBucket(
      Tx& tx, const std::string& period_id) = 0;
  virtual absl::Status MarkSubscriptionDepleted(Tx& tx, const std::string& subscription_id,
                                                absl::Time now) = 0;
  // The lock that creators of periods of ended months share: held while the
  // run's watermark is written.
  virtual absl::Status LockWatermark(Tx& tx) = 0;
  // Records a completed run: its as_of becomes the watermark of passed months.
  virtual absl::Status RecordRun(Tx& tx, const domain::CloseSummary& summary,
                                 const std::string& actor_display_name, absl::Time now) = 0;
  // Runs `body` while holding a lock named `key` across transactions (a
  // session lock: a crashed holder releases it with its connection).
  virtual absl::Status RunSerialized(const std::string& key,
                                     const std::function<absl::Status()>& body) = 0;

  // --- billable items (R16) ---
  virtual absl::StatusOr<std::optional<domain::BillableItemRecord>> FindItem(
      Tx& tx, const std::string& client_id, const std::string& id, bool for_update) = 0;
  virtual absl::Status SetInvoice(Tx& tx, const std::string& id, const domain::InvoiceRecord& inv,
                                  absl::Time now) = 0;

  virtual absl::Status Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                             const AuditRecord& entry) = 0;
};

// The usage alerts' side of billing (R14).
class UsageAlertRepository {
 public:
  virtual ~UsageAlertRepository() = default;

  // nullopt when the client has no such alert; `for_update` takes its row lock.
  virtual absl::StatusOr<std::optional<domain::UsageAlertRecord>> FindAlert(
      Tx& tx, const std::string& client_id, const std::string& id, bool for_update) = 0;
  // Records who acknowledged the alert, and when.
  virtual absl::Status MarkAcknowledged(Tx& tx, const std::string& id, const std::string& key_id,
                                        absl::Time now) = 0;
  virtual absl::Status Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                             const AuditRecord& entry) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_BILLING_REPOSITORY_H_
