#include "server/domain/billing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/checked_arithmetic.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {

absl::StatusOr<Money> PriceIn(const std::vector<Money>& prices, absl::string_view currency,
                              absl::string_view what) {
  for (const Money& price : prices) {
    if (price.currency == currency) return price;
  }
  std::string offered;
  for (const Money& price : prices) {
    absl::StrAppend(&offered, offered.empty() ? "" : ", ", price.currency);
  }
  return Error(absl::StatusCode::kFailedPrecondition, kReasonCurrencyNotPriced,
               absl::StrCat("The package has no ", what, " in ", currency,
                            offered.empty() ? "" : absl::StrCat(" (it has one in ", offered, ")"),
                            "; add one to the package before using it with this client."),
               {{"currency_code", std::string(currency)}});
}

absl::Status CurrencyNotPriced(absl::string_view package, absl::string_view currency) {
  return Error(absl::StatusCode::kFailedPrecondition, kReasonCurrencyNotPriced,
               absl::StrCat(package, " has no price in ", currency,
                            ", the client's currency: add one to the package first."),
               {{"package", std::string(package)}, {"currency_code", std::string(currency)}});
}

absl::StatusOr<Money> LineCost(int64_t overage_minutes, const Money& hourly_rate) {
  return OverageCost(overage_minutes, hourly_rate);
}

std::string FormatHours(int64_t minutes) {
  if (minutes < 0) minutes = 0;
  // Whole hours, then the rest (0-59 minutes) as rounded hundredths, at most
  // 98 (59 min = 0.983 h), so there is never a carry and no product of
  // `minutes` that could overflow.
  return absl::StrFormat("%d.%02d", minutes / 60, DivideHalfUp((minutes % 60) * 100, 60));
}

absl::StatusOr<std::string> BillableItemDescription(absl::string_view item_name,
                                                    int64_t ticket_number, absl::CivilMonth month,
                                                    int64_t overage_minutes,
                                                    const Money& hourly_rate) {
  absl::StatusOr<std::string> rate = FormatMoney(hourly_rate);
  if (!rate.ok()) return rate.status();
  return absl::StrCat(item_name.empty() ? kDefaultItemName : item_name, " #", ticket_number, " ",
                      PeriodKey(month), " ", FormatHours(overage_minutes), " Hour(s) (", *rate,
                      "/Hour)");
}

absl::StatusOr<PeriodBill> BillPeriod(
    const PoolAllocation& allocation,
    const absl::flat_hash_map<std::string, int64_t>& ticket_numbers, absl::string_view item_name,
    absl::CivilMonth month, const Money& hourly_rate) {
  if (absl::Status s = ValidatePrice("hourly_rate", hourly_rate); !s.ok()) return s;
  PeriodBill bill;
  bill.total = Money{0, hourly_rate.currency};
  for (const TicketTotals& ticket : allocation.tickets) {
    if (ticket.overage_minutes == 0) continue;
    auto number = ticket_numbers.find(ticket.ticket_id);
    if (number == ticket_numbers.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Ticket ", ticket.ticket_id, " has overage but no ticket number."));
    }
    absl::StatusOr<Money> amount = LineCost(ticket.overage_minutes, hourly_rate);
    if (!amount.ok()) return amount.status();
    absl::StatusOr<std::string> description = BillableItemDescription(
        item_name, number->second, month, ticket.overage_minutes, hourly_rate);
    if (!description.ok()) return description.status();
    absl::StatusOr<Money> total = AddMoney(bill.total, *amount);
    if (!total.ok()) return total.status();
    bill.total = *total;
    bill.lines.push_back(BillableLine{.ticket_id = ticket.ticket_id,
                                      .ticket_number = number->second,
                                      .overage_minutes = ticket.overage_minutes,
                                      .amount = *amount,
                                      .description = *description});
  }
  std::sort(bill.lines.begin(), bill.lines.end(), [](const BillableLine& a, const BillableLine& b) {
    return a.ticket_number < b.ticket_number;
  });
  return bill;
}

absl::StatusOr<Money> OverageTotal(const PoolAllocation& allocation, const Money& hourly_rate) {
  if (absl::Status s = ValidatePrice("hourly_rate", hourly_rate); !s.ok()) return s;
  Money total{0, hourly_rate.currency};
  for (const TicketTotals& ticket : allocation.tickets) {
    absl::StatusOr<Money> amount = LineCost(ticket.overage_minutes, hourly_rate);
    if (!amount.ok()) return amount.status();
    absl::StatusOr<Money> sum = AddMoney(total, *amount);
    if (!sum.ok()) return sum.status();
    total = *sum;
  }
  return total;
}

TicketBadge BadgeOf(PeriodState period_state, bool has_billable_item,
                    std::optional<InvoiceStatus> invoice_status) {
  if (period_state == PeriodState::kOpen) return TicketBadge::kOpen;
  if (!has_billable_item) return TicketBadge::kCovered;
  if (!invoice_status.has_value()) return TicketBadge::kBilled;
  switch (*invoice_status) {
    case InvoiceStatus::kUnpaid:
      return TicketBadge::kUnpaid;
    case InvoiceStatus::kPaid:
      return TicketBadge::kPaid;
    case InvoiceStatus::kCancelled:
      return TicketBadge::kCancelled;
  }
  return TicketBadge::kBilled;
}

absl::string_view TicketBadgeName(TicketBadge badge) {
  switch (badge) {
    case TicketBadge::kOpen:
      return "OPEN";
    case TicketBadge::kCovered:
      return "COVERED";
    case TicketBadge::kBilled:
      return "BILLED";
    case TicketBadge::kUnpaid:
      return "UNPAID";
    case TicketBadge::kPaid:
      return "PAID";
    case TicketBadge::kCancelled:
      return "CANCELLED";
  }
  return "OPEN";
}

}  // namespace supportbytime::domain
