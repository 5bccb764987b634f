// History of MONTHLY subscriptions and the operator report.
//
// Everything but the expanded entries and the operator report reads the
// periods' snapshots and running totals (docs/schema.md), never the entries.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/storage/database.h"
#include "server/storage/page.h"
#include "server/storage/period_rows.h"

namespace supportbytime::storage {

// What the history needs to know of a subscription before reading periods.
struct HistorySubscription {
  std::string client_id;
  std::string id;
  domain::BillingCycle cycle = domain::BillingCycle::kMonthly;  // of its current version
  std::string time_zone;                                        // the client's
  absl::Time start;              // activated_at, or created_at while never activated
  int64_t included_minutes = 0;  // of its current version
  std::vector<int> thresholds;   // of its current version
  // What its next new period will snapshot (R3): the latest version of the
  // package it moves to next, or of its own (what GetCurrentUsage shows
  // before anything is logged in the month).
  int64_t upcoming_included_minutes = 0;
  std::vector<int> upcoming_thresholds;
};

// A month's period with what its summary adds to the snapshot.
struct MonthRecord {
  PeriodRecord period;
  std::string package_display_name;  // the package's name now
  int64_t ticket_count = 0;          // lines with live entries
};

struct MonthEntryRecord {
  std::string id;
  absl::Time worked_at;
  int64_t minutes = 0;
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;
  bool billable = true;
  std::string operator_display_name;
  std::string note;
};

// One ticket's line in a period, with its billable item if any.
struct MonthTicketRecord {
  std::string client_id;
  std::string ticket_id;
  int64_t number = 0;
  std::string title;
  int64_t entry_count = 0;
  int64_t raw_minutes = 0;
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
  int64_t non_billable_minutes = 0;  // part of raw_minutes (R21)
  absl::Time last_worked_at;
  std::optional<std::string> billable_item_id;
  std::optional<domain::InvoiceStatus> invoice_status;
  std::string invoice_ref;
  std::string invoice_url;
  std::vector<MonthEntryRecord> entries;  // only when asked for, in logged order
};

struct OperatorTotals {
  int64_t entry_count = 0;  // billable or not
  int64_t raw_minutes = 0;  // billable or not
  int64_t billed_minutes = 0;
  int64_t non_billable_minutes = 0;  // part of raw_minutes (R21)
};

struct OperatorReportRow {
  std::string operator_id;  // api key id
  std::string display_name;
  OperatorTotals this_month;
  OperatorTotals last_month;
};

class HistoryStore final {
 public:
  explicit HistoryStore(Database& db) : db_(db) {}

  // NOT_FOUND when the subscription is not the client's.
  absl::StatusOr<HistorySubscription> GetSubscription(const std::string& client_id,
                                                      const std::string& subscription_id);

  // The subscription's MONTHLY periods, newest month first; the cursor's
  // created_us holds the month's day number (days since 1970-01-01).
  absl::StatusOr<Page<PeriodRecord>> ListMonths(const std::string& subscription_id,
                                                const PageRequest& page);

  // The periods from `first` to `last`, plus the nearest one before `first`
  // (whose snapshot applies to the chart's first months without a period).
  // Months of its life in that range without a period come as empty
  // periods on the terms in force (R3; their id is empty).
  absl::StatusOr<std::vector<PeriodRecord>> ChartPeriods(const std::string& client_id,
                                                         const std::string& subscription_id,
                                                         absl::CivilMonth first,
                                                         absl::CivilMonth last, absl::Time now);

  // The period of `month` (nullopt: the ONE_TIME bucket). A month within the
  // subscription's life that has no period yet is an empty month on the
  // terms in force (§4; its period id is empty); NOT_FOUND outside its life
  // (before the activation's month, after the termination's or `now`'s).
  absl::StatusOr<MonthRecord> GetMonth(const std::string& client_id,
                                       const std::string& subscription_id,
                                       std::optional<absl::CivilMonth> month, absl::Time now);

  // The period's ticket lines with live entries, most recent work first
  // (last_worked_at desc, ticket id); the cursor holds the line's
  // last_worked_at in microseconds and the ticket id.
  absl::StatusOr<Page<MonthTicketRecord>> ListMonthTickets(const std::string& period_id,
                                                           bool include_entries,
                                                           const PageRequest& page);

  // Live entries of every client whose worked_at falls in `month` or the
  // month before, in the month of their period (MONTHLY) or of worked_at in
  // the client's zone (ONE_TIME), per operator, by display name.
  absl::StatusOr<std::vector<OperatorReportRow>> OperatorReport(absl::CivilMonth month);

 private:
  Database& db_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_HISTORY_STORE_H_
