#include "server/domain/postpayment.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {
namespace {

std::optional<DayRange> Overlap(const DayRange& a, absl::CivilDay from, absl::CivilDay to) {
  const absl::CivilDay first = std::max(a.first, from);
  const absl::CivilDay last = std::min(a.last, to);
  if (first > last) return std::nullopt;
  return DayRange{first, last};
}

}  // namespace

absl::CivilDay PostpaymentWindowStart(absl::CivilDay today) {
  return absl::CivilDay(absl::CivilMonth(today) - 2);
}

std::optional<DayRange> OverdueDays(const InvoiceFacts& invoice, absl::CivilDay today) {
  const absl::CivilDay first = invoice.due_date + 1;
  absl::CivilDay last = today;
  // A settled invoice (paid or cancelled) stopped being owed on that day.
  const std::optional<absl::CivilDay>& settled =
      invoice.status == InvoiceStatus::kPaid        ? invoice.paid_on
      : invoice.status == InvoiceStatus::kCancelled ? invoice.cancelled_on
                                                    : std::nullopt;
  if (invoice.status != InvoiceStatus::kUnpaid) {
    if (!settled.has_value()) return std::nullopt;
    last = std::min(*settled, today);
  }
  if (first > last) return std::nullopt;
  return DayRange{first, last};
}

PostpaymentDecision DecidePostpayment(const std::vector<SubscriptionFacts>& subscriptions,
                                      const std::vector<InvoiceFacts>& invoices, absl::Time now,
                                      absl::TimeZone client_zone) {
  PostpaymentDecision out;
  out.today = absl::CivilDay(client_zone.At(now).cs);
  out.window_start = PostpaymentWindowStart(out.today);

  const SubscriptionFacts* paid = nullptr;
  for (const SubscriptionFacts& s : subscriptions) {
    if (s.status == SubscriptionStatus::kActive && s.period_price.minor > 0) {
      paid = &s;
      break;
    }
  }
  if (paid != nullptr) {
    absl::StatusOr<std::string> price = FormatMoney(paid->period_price);
    out.reasons.push_back(
        {std::string(kPostpaymentActivePaidSubscription), paid->subscription_id,
         absl::StrCat("Subscription ", paid->subscription_id, " is active and paid (",
                      price.ok() ? *price : "a price above zero", " per period).")});
  } else {
    out.reasons.push_back({std::string(kPostpaymentNoActivePaidSubscription), "",
                           "The client has no active subscription with a price above zero."});
  }

  bool overdue = false;
  for (const InvoiceFacts& invoice : invoices) {
    std::optional<DayRange> days = OverdueDays(invoice, out.today);
    if (!days.has_value() || !Overlap(*days, out.window_start, out.today).has_value()) continue;
    overdue = true;
    const bool still_unpaid = invoice.status == InvoiceStatus::kUnpaid;
    out.reasons.push_back(
        {std::string(kPostpaymentOverdueInvoice), invoice.invoice_id,
         absl::StrCat("Invoice ", invoice.invoice_id, " (due ", FormatDay(invoice.due_date), ") ",
                      still_unpaid ? "is unpaid past its due date."
                      : invoice.status == InvoiceStatus::kCancelled
                          ? absl::StrCat("was unpaid past its due date until it was cancelled on ",
                                         FormatDay(days->last), ".")
                          : absl::StrCat("was paid late, on ", FormatDay(days->last), "."))});
  }
  if (!overdue) {
    out.reasons.push_back({std::string(kPostpaymentNoOverdueInvoice), "",
                           absl::StrCat("No invoice was unpaid past its due date since ",
                                        FormatDay(out.window_start), ".")});
  }
  out.eligible = paid != nullptr && !overdue;
  return out;
}

bool MissedPaymentSince(const InvoiceFacts& invoice, absl::CivilDay since, absl::CivilDay today) {
  std::optional<DayRange> days = OverdueDays(invoice, today);
  return days.has_value() && Overlap(*days, since, today).has_value();
}

Money GoodwillAfter(const Money& current, const Money& reset_to,
                    const std::vector<InvoiceFacts>& invoices, absl::CivilDay since,
                    absl::CivilDay today) {
  for (const InvoiceFacts& invoice : invoices) {
    if (MissedPaymentSince(invoice, since, today)) return reset_to;
  }
  return current;
}

}  // namespace supportbytime::domain
