// BillingService: postpayment eligibility and the goodwill credit (R19, R22).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/api/billing_api.h"
#include "server/api/client_convert.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/reply.h"
#include "server/domain/money.h"
#include "server/domain/postpayment.h"
#include "server/domain/time_zone.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;

constexpr char kService[] = "supportbytime.v1.BillingService";
constexpr size_t kMaxReason = 500;
constexpr size_t kMaxInvoiceReference = 100;

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

absl::StatusOr<std::string> ClientId(const std::string& name, absl::string_view field) {
  auto ids = domain::ParseName("clients/{client}", name, field);
  if (!ids.ok()) return ids.status();
  return ids->at(0);
}

absl::Status ValidateReason(const std::string& reason) {
  return domain::ValidateText("reason", reason, {0, kMaxReason, /*multiline=*/true});
}

auto ClientEncoder() { return Encode<v1::Client, domain::Client>(ClientToProto); }

// Evidence in first-seen order, without repeats (several items may share one
// invoice, and an overdue item may also have its missed payment recorded).
class Evidence final {
 public:
  void Add(const std::string& e) {
    if (seen_.insert(e).second) list_.push_back(e);
  }
  void AddTo(v1::PostpaymentCheck* check) const {
    for (const std::string& e : list_) check->add_evidence(e);
  }
  bool empty() const { return list_.empty(); }

 private:
  std::set<std::string> seen_;
  std::vector<std::string> list_;
};

bool SubscriptionCheck(const domain::EligibilityFacts& facts,
                       const domain::PostpaymentDecision& decision, v1::PostpaymentCheck* out) {
  out->set_criterion(v1::POSTPAYMENT_CRITERION_ACTIVE_PAID_SUBSCRIPTION);
  const domain::PostpaymentReason& reason = decision.reasons.front();
  if (reason.code == domain::kPostpaymentActivePaidSubscription) {
    out->set_passed(true);
    out->set_description(reason.message);
    out->add_evidence(reason.subject);
    return true;
  }
  out->set_passed(false);
  // Name what is there, so that the person knows what to change.
  std::vector<std::string> free_active;
  for (const domain::SubscriptionPriceFact& s : facts.subscriptions) {
    if (s.status == domain::SubscriptionStatus::kActive) {
      free_active.push_back(SubscriptionName(facts.client.id, s.id));
    }
  }
  if (free_active.empty()) {
    out->set_description(
        "The client has no ACTIVE subscription; activate a subscription with a price above zero "
        "to allow postpayment.");
    return false;
  }
  out->set_description(absl::StrCat(
      "The client's active subscriptions have no price above zero in ", facts.client.currency, " (",
      absl::StrJoin(free_active, ", "), "); postpayment needs an active paid subscription."));
  for (const std::string& name : free_active) out->add_evidence(name);
  return false;
}

// R19's second criterion: billable items whose invoice was unpaid past its
// due date on some day of the window (decided by domain::DecidePostpayment),
// and missed payments recorded with a due date inside the window.
bool MissedPaymentCheck(const domain::EligibilityFacts& facts,
                        const domain::PostpaymentDecision& decision, v1::PostpaymentCheck* out) {
  out->set_criterion(v1::POSTPAYMENT_CRITERION_NO_MISSED_PAYMENT);
  std::vector<std::string> sentences;
  std::set<std::string> described;  // invoice references already explained
  Evidence evidence;
  for (const domain::PostpaymentReason& reason : decision.reasons) {
    if (reason.code != domain::kPostpaymentOverdueInvoice) continue;
    for (const domain::InvoicedItemFact& item : facts.invoiced_items) {
      if (item.id != reason.subject || !item.due_date) continue;
      evidence.Add(absl::StrCat(ClientName(facts.client.id), "/billableItems/", item.id));
      evidence.Add(item.invoice_ref);
      if (!described.insert(item.invoice_ref).second) continue;
      if (item.status == domain::InvoiceStatus::kPaid && item.paid_on) {
        sentences.push_back(absl::StrCat(
            "Invoice ", item.invoice_ref, " was due on ", domain::FormatDay(*item.due_date),
            " and was paid late, on ", domain::FormatDay(*item.paid_on), "."));
      } else if (item.status == domain::InvoiceStatus::kCancelled && item.cancelled_on) {
        sentences.push_back(absl::StrCat("Invoice ", item.invoice_ref, " was due on ",
                                         domain::FormatDay(*item.due_date),
                                         " and stayed unpaid until it was cancelled on ",
                                         domain::FormatDay(*item.cancelled_on), "."));
      } else {
        sentences.push_back(absl::StrCat("Invoice ", item.invoice_ref, " was due on ",
                                         domain::FormatDay(*item.due_date),
                                         " and is still unpaid."));
      }
    }
  }
  // A missed payment recorded for one of our own invoices (ClosePeriods does
  // that when it finds one UNPAID past its due date) no longer counts once
  // the invoice is booked as paid or cancelled in time: the payment was late
  // only in the books.
  auto settled_in_time = [&](const std::string& ref) {
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
  };
  for (const domain::MissedPaymentFact& m : facts.missed_payments) {
    if (m.due_date < decision.window_start || m.due_date > decision.today) continue;
    if (settled_in_time(m.invoice_ref)) continue;
    evidence.Add(m.invoice_ref);
    if (!described.insert(m.invoice_ref).second) continue;
    sentences.push_back(absl::StrCat("A missed payment of invoice ", m.invoice_ref, " (due ",
                                     domain::FormatDay(m.due_date), ") was recorded."));
  }
  const bool passed = sentences.empty();
  out->set_passed(passed);
  if (passed) {
    out->set_description(absl::StrCat("No invoice was unpaid past its due date since ",
                                      domain::FormatDay(decision.window_start), "."));
  } else {
    sentences.push_back(absl::StrCat(
        "Postpayment is possible again once no invoice was overdue since the first day of the "
        "month two months back (now ",
        domain::FormatDay(decision.window_start), ")."));
    out->set_description(absl::StrJoin(sentences, " "));
  }
  evidence.AddTo(out);
  return passed;
}

// R22: whether the client's currency has a goodwill base. It informs and
// never decides eligibility, so it is answered apart from R19's checks.
void GoodwillCheck(const domain::Client& client, const std::optional<domain::Money>& base,
                   v1::PostpaymentCheck* out) {
  out->set_criterion(v1::POSTPAYMENT_CRITERION_GOODWILL_CONFIGURED);
  out->set_passed(base.has_value());
  if (!base) {
    out->set_description(absl::StrCat("No goodwill base deposit is configured for ",
                                      client.currency,
                                      ": the client has no goodwill credit (zero)."));
    return;
  }
  absl::StatusOr<std::string> amount = domain::FormatMoney(*base);
  out->set_description(absl::StrCat("The goodwill base deposit for ", client.currency, " is ",
                                    amount.ok() ? *amount : client.currency,
                                    ": the credit starts there and is reset to it when a payment "
                                    "is missed."));
}

}  // namespace

grpc::Status BillingApi::GetPostpaymentEligibility(grpc::ServerContext* ctx,
                                                   const v1::GetPostpaymentEligibilityRequest* req,
                                                   v1::PostpaymentEligibility* resp) {
  return run_(
      ctx, "BillingService/GetPostpaymentEligibility", *req, [&](const Call& call) -> absl::Status {
        auto ids =
            domain::ParseName("clients/{client}/postpaymentEligibility", req->name(), "name");
        if (!ids.ok()) return ids.status();
        const std::string& client_id = ids->at(0);
        if (auto st = auth::CheckClientAccess(call.actor, client_id, req->name()); !st.ok()) {
          return st;
        }
        auto facts = credit_.ReadEligibilityFacts(client_id);
        if (!facts.ok()) return facts.status();
        const domain::Client& client = facts->client;
        absl::TimeZone tz;
        if (!absl::LoadTimeZone(client.time_zone, &tz)) {
          return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                               "The client's time zone cannot be loaded.");
        }

        std::vector<domain::SubscriptionFacts> subscriptions;
        for (const domain::SubscriptionPriceFact& s : facts->subscriptions) {
          // An unpriced currency counts as no price: never as eligible.
          subscriptions.push_back(
              {SubscriptionName(client.id, s.id), s.status,
               domain::Money{s.period_price_minor.value_or(0), client.currency}});
        }
        std::vector<domain::InvoiceFacts> invoices;
        for (const domain::InvoicedItemFact& item : facts->invoiced_items) {
          if (!item.due_date) continue;
          invoices.push_back(
              {item.id, item.status, *item.due_date, item.paid_on, item.cancelled_on});
        }
        const domain::PostpaymentDecision decision =
            domain::DecidePostpayment(subscriptions, invoices, call.now, tz);

        resp->set_name(req->name());
        const bool paid_subscription = SubscriptionCheck(*facts, decision, resp->add_checks());
        const bool no_missed = MissedPaymentCheck(*facts, decision, resp->add_checks());
        resp->set_eligible(paid_subscription && no_missed);
        ToMoney(client.goodwill_credit_minor, client.currency, resp->mutable_goodwill_credit());
        const std::optional<domain::Money> base = credit_.goodwill().Base(client.currency);
        ToMoney(base ? base->minor : 0, client.currency, resp->mutable_base_deposit());
        GoodwillCheck(client, base, resp->mutable_goodwill_check());
        ToDate(decision.window_start, resp->mutable_window_start_date());
        ToTimestamp(call.now, resp->mutable_evaluate_time());
        return absl::OkStatus();
      });
}

grpc::Status BillingApi::SetGoodwillCredit(grpc::ServerContext* ctx,
                                           const v1::SetGoodwillCreditRequest* req,
                                           v1::Client* resp) {
  return run_(ctx, "BillingService/SetGoodwillCredit", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto client_id = ClientId(req->name(), "name");
    v.Merge(client_id.status());
    absl::StatusOr<domain::Money> credit = absl::InvalidArgumentError("unset");
    if (!req->has_goodwill_credit()) {
      v.Add("goodwill_credit", "is required: an amount in the client's currency");
    } else {
      credit = FromMoney(req->goodwill_credit(), "goodwill_credit");
      v.Merge(credit.status());
      if (credit.ok() && credit->minor < 0) v.Add("goodwill_credit", "must be zero or more");
    }
    v.Merge(ValidateReason(req->reason()));
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("SetGoodwillCredit"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(credit_.SetGoodwillCredit(call.actor.Who(), *key, *client_id, *credit,
                                                req->reason(), ClientEncoder()),
                      resp);
  });
}

grpc::Status BillingApi::RecordMissedPayment(grpc::ServerContext* ctx,
                                             const v1::RecordMissedPaymentRequest* req,
                                             v1::Client* resp) {
  return run_(
      ctx, "BillingService/RecordMissedPayment", *req, [&](const Call& call) -> absl::Status {
        domain::Violations v;
        auto client_id = ClientId(req->name(), "name");
        v.Merge(client_id.status());
        v.Merge(domain::ValidateText("invoice_reference", req->invoice_reference(),
                                     {1, kMaxInvoiceReference}));
        absl::StatusOr<absl::CivilDay> due = absl::InvalidArgumentError("unset");
        if (!req->has_due_date()) {
          v.Add("due_date", "is required: the day the payment was due");
        } else {
          due = FromDate(req->due_date(), "due_date");
          v.Merge(due.status());
        }
        v.Merge(ValidateReason(req->reason()));
        if (!v.empty()) return v.ToStatus();
        auto key = IdempotencyKeyFor(call, Method("RecordMissedPayment"), *req);
        if (!key.ok()) return key.status();
        return ParseReply(
            credit_.RecordMissedPayment(call.actor.Who(), *key, *client_id,
                                        req->invoice_reference(), *due, req->reason(),
                                        ClientEncoder()),
            resp);
      });
}

}  // namespace supportbytime::api
