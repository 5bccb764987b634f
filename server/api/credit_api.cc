// BillingService: postpayment eligibility and the goodwill credit (R19, R22).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

void CheckToProto(v1::PostpaymentCriterion criterion, const domain::PostpaymentCheck& check,
                  v1::PostpaymentCheck* out) {
  out->set_criterion(criterion);
  out->set_passed(check.passed);
  out->set_description(check.description);
  for (const std::string& e : check.evidence) out->add_evidence(e);
}

void EligibilityToProto(const std::string& name, const domain::PostpaymentEligibility& e,
                        absl::Time now, v1::PostpaymentEligibility* resp) {
  const domain::Client& client = e.client;
  resp->set_name(name);
  CheckToProto(v1::POSTPAYMENT_CRITERION_ACTIVE_PAID_SUBSCRIPTION, e.paid_subscription,
               resp->add_checks());
  CheckToProto(v1::POSTPAYMENT_CRITERION_NO_MISSED_PAYMENT, e.no_missed_payment,
               resp->add_checks());
  resp->set_eligible(e.eligible);
  ToMoney(client.goodwill_credit_minor, client.currency, resp->mutable_goodwill_credit());
  ToMoney(e.base_deposit ? e.base_deposit->minor : 0, client.currency,
          resp->mutable_base_deposit());
  CheckToProto(v1::POSTPAYMENT_CRITERION_GOODWILL_CONFIGURED, e.goodwill,
               resp->mutable_goodwill_check());
  ToDate(e.decision.window_start, resp->mutable_window_start_date());
  ToTimestamp(now, resp->mutable_evaluate_time());
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
        auto eligibility = credit_.Eligibility(client_id, call.now);
        if (!eligibility.ok()) return eligibility.status();
        EligibilityToProto(req->name(), *eligibility, call.now, resp);
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
