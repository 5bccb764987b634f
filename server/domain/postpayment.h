// Postpayment eligibility and the goodwill credit (R19, R22).
//
// A client may be served on postpayment when it has an ACTIVE subscription
// with a price > 0 and no invoice was unpaid past its due date at any time in
// the past 2 calendar months. "The past 2 calendar months" is read in the
// client's time zone as the two calendar months before the current one plus
// the current month so far: on 2026-04-15 the window is 2026-02-01 to
// 2026-04-15. An invoice is "unpaid past its due date" on every day after
// its due date up to and including the day it was paid (an invoice paid on
// its due date never is), or up to today while it is still unpaid. A
// CANCELLED invoice is not owed from the day it was cancelled: one cancelled
// after its due date was unpaid past it until then (a write-off after a
// missed payment still counts); one cancelled in time, or without a known
// cancellation day, never was. A PAID invoice without a payment date is taken
// as paid in time.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_POSTPAYMENT_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_POSTPAYMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/money.h"

namespace supportbytime::domain {

// Codes of the reasons an answer gives, for clients to branch on.
inline constexpr absl::string_view kPostpaymentActivePaidSubscription = "ACTIVE_PAID_SUBSCRIPTION";
inline constexpr absl::string_view kPostpaymentNoActivePaidSubscription =
    "NO_ACTIVE_PAID_SUBSCRIPTION";
inline constexpr absl::string_view kPostpaymentNoOverdueInvoice = "NO_OVERDUE_INVOICE";
inline constexpr absl::string_view kPostpaymentOverdueInvoice = "OVERDUE_INVOICE";

struct SubscriptionFacts {
  std::string subscription_id;
  SubscriptionStatus status = SubscriptionStatus::kPending;
  Money period_price;  // in the client's currency
};

struct InvoiceFacts {
  std::string invoice_id;
  InvoiceStatus status = InvoiceStatus::kUnpaid;
  absl::CivilDay due_date;
  std::optional<absl::CivilDay> paid_on;       // for PAID invoices
  std::optional<absl::CivilDay> cancelled_on;  // for CANCELLED invoices
};

struct PostpaymentReason {
  std::string code;     // one of the kPostpayment* codes
  std::string subject;  // the subscription or invoice it is about, if any
  std::string message;  // a sentence for a person

  friend bool operator==(const PostpaymentReason&, const PostpaymentReason&) = default;
};

struct PostpaymentDecision {
  bool eligible = false;
  // Why, either way: first the subscription condition, then the invoice
  // condition (one OVERDUE_INVOICE per invoice at fault).
  std::vector<PostpaymentReason> reasons;
  absl::CivilDay window_start;  // first day of the 2-month window
  absl::CivilDay today;         // `now` in the client's zone
};

// The first day of the window for `today`: the 1st of the month two months
// earlier.
absl::CivilDay PostpaymentWindowStart(absl::CivilDay today);

// The days [first, last] on which `invoice` was unpaid past its due date, up
// to `today`; nullopt when there were none (paid in time, not yet due, or
// cancelled).
struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;

  friend bool operator==(const DayRange&, const DayRange&) = default;
};
std::optional<DayRange> OverdueDays(const InvoiceFacts& invoice, absl::CivilDay today);

PostpaymentDecision DecidePostpayment(const std::vector<SubscriptionFacts>& subscriptions,
                                      const std::vector<InvoiceFacts>& invoices, absl::Time now,
                                      absl::TimeZone client_zone);

// True when `invoice` went unpaid past its due date on some day in
// [since, today]: a missed payment, which resets the goodwill credit.
bool MissedPaymentSince(const InvoiceFacts& invoice, absl::CivilDay since, absl::CivilDay today);

// The credit after checking for missed payments: `reset_to` (the base of the
// client's currency, zero without one; see goodwill.h) if any invoice was
// missed since `since` (typically the day the credit was last set), else the
// current credit unchanged.
Money GoodwillAfter(const Money& current, const Money& reset_to,
                    const std::vector<InvoiceFacts>& invoices, absl::CivilDay since,
                    absl::CivilDay today);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_POSTPAYMENT_H_
