// Usage, cost estimates, closing periods into billable items (R10) and the
// invoices recorded on those items.
//
// ClosePeriods closes each due period in its own transaction under the
// period's row lock, the lock every entry write takes first: an entry either
// commits before the close (and is billed) or finds the period CLOSED. The
// billed tickets' rows are locked next (period -> ticket -> subscription, the
// order of every writer), so a ticket cannot be reopened half-way through
// its billing. Items are unique per (period, ticket), so replicas racing on
// one period create each item once.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"
#include "server/domain/pool.h"
#include "server/domain/time_entry_rules.h"
#include "server/storage/credit_store.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/page.h"
#include "server/storage/period_rows.h"

namespace supportbytime::storage {

// The period a subscription is in at some instant: the stored one, or, before
// anything was logged in it, what it will be (the terms it will snapshot,
// nothing used; `id` empty).
struct CurrentPeriod {
  PeriodRecord period;
  bool exists = false;
};

// One ticket's running totals in a period.
struct TicketLine {
  std::string ticket_id;
  int64_t entry_count = 0;
  int64_t raw_minutes = 0;
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
  int64_t non_billable_minutes = 0;  // part of raw_minutes (R21)
};

struct TicketFacts {
  std::string subscription_id;
  domain::OverageGrant overage;  // the approval of the period asked about (R8)
};

struct InvoiceRecord {
  std::string reference;
  std::string url;
  domain::InvoiceStatus status = domain::InvoiceStatus::kUnpaid;
  std::optional<absl::CivilDay> due_date;
  std::optional<absl::CivilDay> paid_date;  // in the client's time zone
};

struct BillableItemRecord {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  std::string period_key;  // "YYYY-MM"
  std::string ticket_id;
  int64_t ticket_number = 0;
  int64_t overage_minutes = 0;
  int64_t rate_minor = 0;  // the period snapshot's hourly rate
  int64_t amount_minor = 0;
  std::string currency;
  std::string description;
  domain::InvoiceAction invoice_action = domain::InvoiceAction::kInvoiceOnNextRun;
  std::optional<InvoiceRecord> invoice;
  absl::Time create_time;
  absl::Time update_time;
};

enum class ItemBadge { kAny, kBilled, kUnpaid, kPaid, kCancelled };

struct BillableItemFilter {
  std::string client_id;        // empty: every client
  std::string subscription_id;  // empty: every subscription
  std::string period_key;       // with subscription_id; empty: every period
  std::string ticket_id;        // empty: every ticket
  ItemBadge badge = ItemBadge::kAny;
};

struct CloseSummary {
  absl::Time as_of;
  int periods_closed = 0;
  int billable_items_created = 0;
  int subscriptions_depleted = 0;
  int missed_payments_recorded = 0;
};

class BillingStore final {
 public:
  explicit BillingStore(Database& db) : db_(db) {}

  // The period of the subscription that contains `at` (MONTHLY: the month in
  // the client's zone; ONE_TIME: the bucket). NOT_FOUND for the
  // subscription; CURRENCY_NOT_PRICED when an untouched period's package has
  // no price in the client's currency.
  absl::StatusOr<CurrentPeriod> GetCurrentPeriod(const std::string& client_id,
                                                 const std::string& subscription_id, absl::Time at);
  // The ticket lines of a period (empty id: none).
  absl::StatusOr<std::vector<TicketLine>> Lines(const std::string& period_id);
  // A ticket of `client_id` as the estimate needs it, with its approval for
  // the period of `month` (nullopt: the bucket); NOT_FOUND when missing.
  absl::StatusOr<TicketFacts> GetTicketFacts(const std::string& client_id,
                                             const std::string& ticket_id,
                                             const std::optional<absl::CivilMonth>& month);

  // R10: closes every OPEN MONTHLY period that ended at or before `as_of`,
  // each in its own transaction, then marks used-up ONE_TIME subscriptions
  // DEPLETED, records overdue invoices as missed payments through `credit`
  // (R19), and records the run (its as_of becomes the watermark of passed
  // months). Counts only what this run did. A retry with the key of a
  // completed run replays its answer.
  absl::StatusOr<std::string> ClosePeriods(const auth::Actor& actor, const IdempotencyKey& key,
                                           absl::Time as_of, CreditStore& credit,
                                           const Encoder<CloseSummary>& encode);

  absl::StatusOr<BillableItemRecord> GetItem(const std::string& client_id, const std::string& id);
  // Newest first. NOT_FOUND for a filter's missing client.
  absl::StatusOr<Page<BillableItemRecord>> ListItems(const BillableItemFilter& filter,
                                                     const PageRequest& page);
  // Records the invoice `merge` computes from the item as stored (under its
  // row lock), audited. `merge` validates; its refusal changes nothing.
  using InvoiceMerge =
      std::function<absl::StatusOr<InvoiceRecord>(const BillableItemRecord& current)>;
  absl::StatusOr<std::string> UpdateInvoice(const auth::Actor& actor, const IdempotencyKey& key,
                                            const std::string& client_id, const std::string& id,
                                            const InvoiceMerge& merge,
                                            const Encoder<BillableItemRecord>& encode);

 private:
  // ClosePeriods' work, once its request_id is settled.
  absl::StatusOr<std::string> RunClose(const auth::Actor& actor, const IdempotencyKey& key,
                                       absl::Time as_of, CreditStore& credit,
                                       const Encoder<CloseSummary>& encode);

  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_BILLING_STORE_H_
