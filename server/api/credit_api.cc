#include "server/api/billing_api.h"

namespace supportbytime::api {

grpc::Status BillingApi::GetPostpaymentEligibility(grpc::ServerContext* ctx,
                                                   const v1::GetPostpaymentEligibilityRequest* req,
                                                   v1::PostpaymentEligibility* /*resp*/) {
  return run_(ctx, "BillingService/GetPostpaymentEligibility", *req, [&](const Call&) {
    return NotYetImplemented("BillingService/GetPostpaymentEligibility");
  });
}

grpc::Status BillingApi::SetGoodwillCredit(grpc::ServerContext* ctx,
                                           const v1::SetGoodwillCreditRequest* req,
                                           v1::Client* /*resp*/) {
  return run_(ctx, "BillingService/SetGoodwillCredit", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/SetGoodwillCredit"); });
}

grpc::Status BillingApi::RecordMissedPayment(grpc::ServerContext* ctx,
                                             const v1::RecordMissedPaymentRequest* req,
                                             v1::Client* /*resp*/) {
  return run_(ctx, "BillingService/RecordMissedPayment", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/RecordMissedPayment"); });
}

}  // namespace supportbytime::api
