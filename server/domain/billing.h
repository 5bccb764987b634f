// Turning a period's overage into money and billable items (R6, R10, R16).
//
// Each ticket with overage in a period is one line: its overage minutes x the
// hourly rate, rounded half-up once per line. The period total is the sum of
// its lines, so lines always add up to the total on the invoice.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_BILLING_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_BILLING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/money.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

// A package has no price or rate in the client's currency (R6).
inline constexpr absl::string_view kReasonCurrencyNotPriced = "CURRENCY_NOT_PRICED";

inline constexpr absl::string_view kDefaultItemName = "Support";

// The entry of `prices` (a package version's prices or rates, one per
// currency) in `currency`. A missing one is FAILED_PRECONDITION
// CURRENCY_NOT_PRICED naming `what` ("overage rate") and the currency
// (metadata `currency_code`), never a zero price.
absl::StatusOr<Money> PriceIn(const std::vector<Money>& prices, absl::string_view currency,
                              absl::string_view what);

// FAILED_PRECONDITION CURRENCY_NOT_PRICED: `package` ("packages/{id}") has
// no price in `currency`, the client's, so no period can snapshot its terms.
// Metadata `package`, `currency_code`.
absl::Status CurrencyNotPriced(absl::string_view package, absl::string_view currency);

// One ticket line's cost: OverageCost(minutes, rate), rounded once.
absl::StatusOr<Money> LineCost(int64_t overage_minutes, const Money& hourly_rate);

// Minutes as hours with two decimals, half-up: 30 -> "0.50", 7 -> "0.12",
// 20 -> "0.33", 90 -> "1.50". Integer arithmetic only; minutes < 0 count as 0.
std::string FormatHours(int64_t minutes);

// "<item_name> #<ticket number> <YYYY-MM> <hours> Hour(s) (<currency> <rate>/Hour)",
// e.g. "Support #1042 2026-04 0.50 Hour(s) (EUR 40.00/Hour)". An empty item
// name is "Support". Fails only for a rate in an unknown currency.
absl::StatusOr<std::string> BillableItemDescription(absl::string_view item_name,
                                                    int64_t ticket_number, absl::CivilMonth month,
                                                    int64_t overage_minutes,
                                                    const Money& hourly_rate);

struct BillableLine {
  std::string ticket_id;
  int64_t ticket_number = 0;
  int64_t overage_minutes = 0;
  Money amount;
  std::string description;

  friend bool operator==(const BillableLine&, const BillableLine&) = default;
};

struct PeriodBill {
  std::vector<BillableLine> lines;  // tickets with overage, by ticket number
  Money total;                      // the sum of the lines' amounts
};

// The billable items of a closed MONTHLY period: one line per ticket with
// overage > 0. `ticket_numbers` maps ticket id -> its number; a ticket with
// overage but no number is INVALID_ARGUMENT (storage passed incomplete data).
absl::StatusOr<PeriodBill> BillPeriod(
    const PoolAllocation& allocation,
    const absl::flat_hash_map<std::string, int64_t>& ticket_numbers, absl::string_view item_name,
    absl::CivilMonth month, const Money& hourly_rate);

// The overage cost so far of an open period: the sum of its per-ticket line
// costs, exactly what BillPeriod would total.
absl::StatusOr<Money> OverageTotal(const PoolAllocation& allocation, const Money& hourly_rate);

// R16: what a ticket shows for one period.
enum class TicketBadge { kOpen, kCovered, kBilled, kUnpaid, kPaid, kCancelled };

// OPEN while the period is open; once closed, COVERED without a billable
// item (no overage), BILLED with an item not yet on an invoice, and the
// invoice's status (UNPAID, PAID, CANCELLED) once it is.
TicketBadge BadgeOf(PeriodState period_state, bool has_billable_item,
                    std::optional<InvoiceStatus> invoice_status);

absl::string_view TicketBadgeName(TicketBadge badge);  // "OPEN", "COVERED", ...

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_BILLING_H_
