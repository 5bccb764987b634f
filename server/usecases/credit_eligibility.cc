// Credit::Eligibility: R19's checks explained, and R22's goodwill base.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/error.h"
#include "server/domain/postpayment.h"
#include "server/domain/time_zone.h"
#include "server/usecases/credit.h"
#include "server/domain/resource_names.h"

namespace supportbytime::usecases {
namespace {

using domain::EligibilityFacts;
using domain::PostpaymentCheck;
using domain::PostpaymentDecision;

// Evidence in first-seen order, without repeats (several items may share one
// invoice, and an overdue item may also have its missed payment recorded).
class Evidence final {
 public:
  void Add(const std::string& e) {
    if (seen_.insert(e).second) list_.push_back(e);
  }
  std::vector<std::string> list() const { return list_; }

 private:
  std::set<std::string> seen_;
  std::vector<std::string> list_;
};

PostpaymentCheck SubscriptionCheck(const EligibilityFacts& facts,
                                   const PostpaymentDecision& decision) {
  PostpaymentCheck out;
  const domain::PostpaymentReason& reason = decision.reasons.front();
  if (reason.code == domain::kPostpaymentActivePaidSubscription) {
    return PostpaymentCheck{true, reason.message, {reason.subject}};
  }
  // Name what is there, so that the person knows what to change.
  for (const domain::SubscriptionPriceFact& s : facts.subscriptions) {
    if (s.status == domain::SubscriptionStatus::kActive) {
      out.evidence.push_back(domain::SubscriptionResource(facts.client.id, s.id));
    }
  }
  if (out.evidence.empty()) {
    out.description =
        "The client has no ACTIVE subscription; activate a subscription with a price above zero "
        "to allow postpayment.";
    return out;
  }
  out.description = absl::StrCat(
      "The client's active subscriptions have no price above zero in ", facts.client.currency,
      " (", absl::StrJoin(out.evidence, ", "),
      "); postpayment needs an active paid subscription.");
  return out;
}

// The sentence explaining one invoice found overdue by the decision.
std::string OverdueSentence(const domain::InvoicedItemFact& item) {
  const std::string due = domain::FormatDay(*item.due_date);
  if (item.status == domain::InvoiceStatus::kPaid && item.paid_on) {
    return absl::StrCat("Invoice ", item.invoice_ref, " was due on ", due,
                        " and was paid late, on ", domain::FormatDay(*item.paid_on), ".");
  }
  if (item.status == domain::InvoiceStatus::kCancelled && item.cancelled_on) {
    return absl::StrCat("Invoice ", item.invoice_ref, " was due on ", due,
                        " and stayed unpaid until it was cancelled on ",
                        domain::FormatDay(*item.cancelled_on), ".");
  }
  return absl::StrCat("Invoice ", item.invoice_ref, " was due on ", due, " and is still unpaid.");
}

// A missed payment recorded for one of our own invoices (a closing run does
// that when it finds one UNPAID past its due date) no longer counts once
// the invoice is booked as paid or cancelled in time: the payment was late
// only in the books.
bool SettledInTime(const EligibilityFacts& facts, const PostpaymentDecision& decision,
                   const std::string& ref) {
  bool any = false;
  for (const domain::InvoicedItemFact& item : facts.invoiced_items) {
    if (item.invoice_ref != ref || !item.due_date) continue;
    any = true;
    if (item.status == domain::InvoiceStatus::kUnpaid) return false;
    const domain::InvoiceFacts f{item.id, item.status, *item.due_date, item.paid_on,
                                 item.cancelled_on};
    if (domain::OverdueDays(f, decision.today).has_value()) return false;
  }
  return any;
}

// The sentences and evidence of R19's second criterion: billable items
// whose invoice was unpaid past its due date on some day of the window,
// and missed payments recorded with a due date inside the window.
std::vector<std::string> MissedPaymentFindings(const EligibilityFacts& facts,
                                               const PostpaymentDecision& decision,
                                               Evidence& evidence) {
  std::vector<std::string> sentences;
  std::set<std::string> described;  // invoice references already explained
  for (const domain::PostpaymentReason& reason : decision.reasons) {
    if (reason.code != domain::kPostpaymentOverdueInvoice) continue;
    for (const domain::InvoicedItemFact& item : facts.invoiced_items) {
      if (item.id != reason.subject || !item.due_date) continue;
      evidence.Add(absl::StrCat(domain::ClientResource(facts.client.id), "/billableItems/", item.id));
      evidence.Add(item.invoice_ref);
      if (described.insert(item.invoice_ref).second) sentences.push_back(OverdueSentence(item));
    }
  }
  for (const domain::MissedPaymentFact& m : facts.missed_payments) {
    if (m.due_date < decision.window_start || m.due_date > decision.today) continue;
    if (SettledInTime(facts, decision, m.invoice_ref)) continue;
    evidence.Add(m.invoice_ref);
    if (!described.insert(m.invoice_ref).second) continue;
    sentences.push_back(absl::StrCat("A missed payment of invoice ", m.invoice_ref, " (due ",
                                     domain::FormatDay(m.due_date), ") was recorded."));
  }
  return sentences;
}

PostpaymentCheck MissedPaymentCheck(const EligibilityFacts& facts,
                                    const PostpaymentDecision& decision) {
  Evidence evidence;
  std::vector<std::string> sentences = MissedPaymentFindings(facts, decision, evidence);
  PostpaymentCheck out;
  out.passed = sentences.empty();
  if (out.passed) {
    out.description = absl::StrCat("No invoice was unpaid past its due date since ",
                                   domain::FormatDay(decision.window_start), ".");
  } else {
    sentences.push_back(absl::StrCat(
        "Postpayment is possible again once no invoice was overdue since the first day of the "
        "month two months back (now ",
        domain::FormatDay(decision.window_start), ")."));
    out.description = absl::StrJoin(sentences, " ");
  }
  out.evidence = evidence.list();
  return out;
}

// R22: whether the client's currency has a goodwill base.
PostpaymentCheck GoodwillCheck(const domain::Client& client,
                               const std::optional<domain::Money>& base) {
  if (!base) {
    return PostpaymentCheck{false,
                            absl::StrCat("No goodwill base deposit is configured for ",
                                         client.currency,
                                         ": the client has no goodwill credit (zero)."),
                            {}};
  }
  absl::StatusOr<std::string> amount = domain::FormatMoney(*base);
  return PostpaymentCheck{
      true,
      absl::StrCat("The goodwill base deposit for ", client.currency, " is ",
                   amount.ok() ? *amount : client.currency,
                   ": the credit starts there and is reset to it when a payment is missed."),
      {}};
}

PostpaymentDecision Decide(const EligibilityFacts& facts, absl::Time now, absl::TimeZone tz) {
  std::vector<domain::SubscriptionFacts> subscriptions;
  for (const domain::SubscriptionPriceFact& s : facts.subscriptions) {
    // An unpriced currency counts as no price: never as eligible.
    subscriptions.push_back(
        {domain::SubscriptionResource(facts.client.id, s.id), s.status,
         domain::Money{s.period_price_minor.value_or(0), facts.client.currency}});
  }
  std::vector<domain::InvoiceFacts> invoices;
  for (const domain::InvoicedItemFact& item : facts.invoiced_items) {
    if (!item.due_date) continue;
    invoices.push_back({item.id, item.status, *item.due_date, item.paid_on, item.cancelled_on});
  }
  return domain::DecidePostpayment(subscriptions, invoices, now, tz);
}

}  // namespace

absl::StatusOr<domain::PostpaymentEligibility> Credit::Eligibility(const std::string& client_id,
                                                                   absl::Time now) {
  absl::StatusOr<EligibilityFacts> facts = ReadEligibilityFacts(client_id);
  if (!facts.ok()) return facts.status();
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(facts->client.time_zone, &tz)) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone cannot be loaded.");
  }
  domain::PostpaymentEligibility out;
  out.client = facts->client;
  out.decision = Decide(*facts, now, tz);
  out.paid_subscription = SubscriptionCheck(*facts, out.decision);
  out.no_missed_payment = MissedPaymentCheck(*facts, out.decision);
  out.eligible = out.paid_subscription.passed && out.no_missed_payment.passed;
  out.base_deposit = goodwill_.Base(facts->client.currency);
  out.goodwill = GoodwillCheck(facts->client, out.base_deposit);
  return out;
}

}  // namespace supportbytime::usecases
