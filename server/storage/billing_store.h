// Usage, cost estimates, closing periods into billable items (R10) and the
// invoices recorded on those items: the storage of usecases::Billing, and the
// reads of the current period the usage and estimate answers need.
//
// A period is closed under its row lock, the lock every entry write takes
// first; the billed tickets' rows are locked next (period -> ticket ->
// subscription, the order of every writer), so a ticket cannot be reopened
// half-way through its billing. Items are unique per (period, ticket).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/billable_item.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"
#include "server/domain/period_close.h"
#include "server/domain/pool.h"
#include "server/domain/time_entry_rules.h"
#include "server/storage/database.h"
#include "server/storage/page.h"
#include "server/storage/period_rows.h"
#include "server/usecases/billing_repository.h"

namespace supportbytime::storage {

using domain::BillableItemFilter;
using domain::BillableItemRecord;
using domain::CloseSummary;
using domain::InvoiceRecord;
using domain::ItemBadge;

// The period a subscription is in at some instant: the stored one, or, before
// anything was logged in it, what it will be (the terms it will snapshot,
// nothing used; `id` empty).
struct CurrentPeriod {
  PeriodRecord period;
  bool exists = false;
};

struct TicketFacts {
  std::string subscription_id;
  domain::OverageGrant overage;  // the approval of the period asked about (R8)
};

class BillingStore final : public usecases::BillingRepository {
 public:
  explicit BillingStore(Database& db) : db_(db) {}

  // The period of the subscription that contains `at` (MONTHLY: the month in
  // the client's zone; ONE_TIME: the bucket). NOT_FOUND for the
  // subscription; CURRENCY_NOT_PRICED when an untouched period's package has
  // no price in the client's currency.
  absl::StatusOr<CurrentPeriod> GetCurrentPeriod(const std::string& client_id,
                                                 const std::string& subscription_id, absl::Time at);
  // The ticket lines of a period, as running totals (empty id: none).
  absl::StatusOr<std::vector<domain::TicketTotals>> Lines(const std::string& period_id);
  // A ticket of `client_id` as the estimate needs it, with its approval for
  // the period of `month` (nullopt: the bucket); NOT_FOUND when missing.
  absl::StatusOr<TicketFacts> GetTicketFacts(const std::string& client_id,
                                             const std::string& ticket_id,
                                             const std::optional<absl::CivilMonth>& month);

  absl::StatusOr<BillableItemRecord> GetItem(const std::string& client_id, const std::string& id);
  // Newest first. NOT_FOUND for a filter's missing client.
  absl::StatusOr<Page<BillableItemRecord>> ListItems(const BillableItemFilter& filter,
                                                     const PageRequest& page);

  // usecases::BillingRepository
  absl::StatusOr<std::vector<std::string>> DuePeriods(usecases::Tx& tx, absl::Time as_of) override;
  absl::StatusOr<std::vector<std::string>> UsedUpBuckets(usecases::Tx& tx) override;
  absl::StatusOr<std::optional<domain::PeriodToClose>> LockPeriodToClose(
      usecases::Tx& tx, const std::string& id) override;
  absl::StatusOr<std::optional<std::string>> InsertBillableItem(
      usecases::Tx& tx, const usecases::NewBillableItem& item, absl::Time now) override;
  absl::Status MarkPeriodClosed(usecases::Tx& tx, const std::string& period_id,
                                absl::Time now) override;
  absl::StatusOr<std::optional<usecases::UsedUpBucket>> LockUsedUpBucket(
      usecases::Tx& tx, const std::string& period_id) override;
  absl::Status MarkSubscriptionDepleted(usecases::Tx& tx, const std::string& subscription_id,
                                        absl::Time now) override;
  absl::Status LockWatermark(usecases::Tx& tx) override;
  absl::Status RecordRun(usecases::Tx& tx, const domain::CloseSummary& summary,
                         const std::string& actor_display_name, absl::Time now) override;
  absl::Status RunSerialized(const std::string& key,
                             const std::function<absl::Status()>& body) override;
  absl::StatusOr<std::optional<domain::BillableItemRecord>> FindItem(usecases::Tx& tx,
                                                                     const std::string& client_id,
                                                                     const std::string& id,
                                                                     bool for_update) override;
  absl::Status SetInvoice(usecases::Tx& tx, const std::string& id,
                          const domain::InvoiceRecord& inv, absl::Time now) override;
  absl::Status Audit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                     const usecases::AuditRecord& entry) override;

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
