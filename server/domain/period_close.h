// Closing a MONTHLY period (R10): what a closing run loads for one period,
// the bill it issues, and what one run did.
//
// The bill is computed again from the period's live entries and must equal
// its running totals to the minute and the cent: a wrong bill is worse than
// none, so a disagreement refuses the close.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_CLOSE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_CLOSE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/billing.h"
#include "server/domain/money.h"
#include "server/domain/package.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

// One ticket's running totals as the period stores them.
struct StoredTicketLine {
  int64_t overage_minutes = 0;
  int64_t cost_minor = 0;
};

// An OPEN MONTHLY period about to be closed, locked with its billed tickets.
struct PeriodToClose {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  std::string key;  // "YYYY-MM"
  absl::CivilMonth month;
  PoolTerms pool_terms;
  Money hourly_rate;  // the snapshot's; its currency is the items'
  std::string item_name;
  InvoiceAction invoice_action = InvoiceAction::kInvoiceOnNextRun;
  // The period's running totals.
  int64_t used_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
  std::vector<PoolEntry> entries;  // live, in logged order
  absl::flat_hash_map<std::string, int64_t> ticket_numbers;         // ticket id -> number
  absl::flat_hash_map<std::string, StoredTicketLine> stored_lines;  // ticket id -> totals
};

// The bill of `period`, recomputed from its entries. INTERNAL (naming
// `period_name`) when it disagrees with the stored running totals.
absl::StatusOr<PeriodBill> BillToClose(const PeriodToClose& period, absl::string_view period_name);

// What one closing run did; only what this run did is counted.
struct CloseSummary {
  absl::Time as_of;
  int periods_closed = 0;
  int billable_items_created = 0;
  int subscriptions_depleted = 0;
  int missed_payments_recorded = 0;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_CLOSE_H_
