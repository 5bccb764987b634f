#include "server/domain/period_close.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

absl::Status Disagreement(absl::string_view period, absl::string_view what) {
  return Error(
      absl::StatusCode::kInternal, kReasonInternal,
      absl::StrCat(period, " was not closed: its running totals disagree with its entries (", what,
                   "). Nothing was billed for it; its figures need checking."),
      {{"period", std::string(period)}});
}

// The ticket lines as stored must be the bill's, line by line.
absl::Status CheckLines(const PeriodToClose& p, const PeriodBill& bill,
                        absl::string_view period_name) {
  int64_t stored_with_overage = 0;
  for (const auto& [ticket, line] : p.stored_lines) stored_with_overage += line.overage_minutes > 0;
  if (stored_with_overage != static_cast<int64_t>(bill.lines.size())) {
    return Disagreement(period_name, "tickets with overage");
  }
  for (const BillableLine& line : bill.lines) {
    auto it = p.stored_lines.find(line.ticket_id);
    const StoredTicketLine stored = it == p.stored_lines.end() ? StoredTicketLine{} : it->second;
    if (stored.overage_minutes != line.overage_minutes || stored.cost_minor != line.amount.minor) {
      return Disagreement(period_name, absl::StrCat("ticket #", line.ticket_number));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PeriodBill> BillToClose(const PeriodToClose& p, absl::string_view period_name) {
  absl::StatusOr<PoolAllocation> allocation = Allocate(p.pool_terms, p.entries);
  if (!allocation.ok()) return Disagreement(period_name, allocation.status().message());
  absl::StatusOr<PeriodBill> bill =
      BillPeriod(*allocation, p.ticket_numbers, p.item_name, p.month, p.hourly_rate);
  if (!bill.ok()) return Disagreement(period_name, bill.status().message());
  if (allocation->used_minutes != p.used_minutes ||
      allocation->overage_minutes != p.overage_minutes ||
      bill->total.minor != p.overage_cost_minor) {
    return Disagreement(period_name, absl::StrCat("used ", p.used_minutes, " vs ",
                                                  allocation->used_minutes, " minutes"));
  }
  if (absl::Status st = CheckLines(p, *bill, period_name); !st.ok()) return st;
  return bill;
}

}  // namespace supportbytime::domain
