// BillingService: current usage, the cost calculator, closing periods into
// billable items and their invoices (billing_api.cc); postpayment eligibility
// and the goodwill credit (credit_api.cc); usage alerts (usage_alert_api.cc).
#ifndef SUPPORTBYTIME_SERVER_API_BILLING_API_H_
#define SUPPORTBYTIME_SERVER_API_BILLING_API_H_

#include <utility>

#include "server/api/call.h"
#include "server/storage/billing_store.h"
#include "server/storage/usage_alert_store.h"
#include "server/usecases/billing.h"
#include "server/usecases/billing_usage_alerts.h"
#include "server/usecases/credit.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"

namespace supportbytime::api {

class BillingApi final : public v1::BillingService::Service {
 public:
  BillingApi(CallRunner& run, storage::BillingStore& billing, usecases::Billing& closing,
             usecases::Credit& credit, storage::UsageAlertStore& alerts,
             usecases::UsageAlerts& alert_cases)
      : run_(run),
        billing_(billing),
        closing_(closing),
        credit_(credit),
        alerts_(alerts),
        alert_cases_(alert_cases) {}

  // billing_api.cc
  grpc::Status GetCurrentUsage(grpc::ServerContext* ctx, const v1::GetCurrentUsageRequest* req,
                               v1::Usage* resp) override;
  grpc::Status EstimateCost(grpc::ServerContext* ctx, const v1::EstimateCostRequest* req,
                            v1::EstimateCostResponse* resp) override;
  grpc::Status ClosePeriods(grpc::ServerContext* ctx, const v1::ClosePeriodsRequest* req,
                            v1::ClosePeriodsResponse* resp) override;
  grpc::Status GetBillableItem(grpc::ServerContext* ctx, const v1::GetBillableItemRequest* req,
                               v1::BillableItem* resp) override;
  grpc::Status ListBillableItems(grpc::ServerContext* ctx,
                                 const v1::ListBillableItemsRequest* req,
                                 v1::ListBillableItemsResponse* resp) override;
  grpc::Status UpdateBillableItem(grpc::ServerContext* ctx,
                                  const v1::UpdateBillableItemRequest* req,
                                  v1::BillableItem* resp) override;

  // credit_api.cc
  grpc::Status GetPostpaymentEligibility(grpc::ServerContext* ctx,
                                         const v1::GetPostpaymentEligibilityRequest* req,
                                         v1::PostpaymentEligibility* resp) override;
  grpc::Status SetGoodwillCredit(grpc::ServerContext* ctx,
                                 const v1::SetGoodwillCreditRequest* req,
                                 v1::Client* resp) override;
  grpc::Status RecordMissedPayment(grpc::ServerContext* ctx,
                                   const v1::RecordMissedPaymentRequest* req,
                                   v1::Client* resp) override;

  // usage_alert_api.cc
  grpc::Status ListUsageAlerts(grpc::ServerContext* ctx, const v1::ListUsageAlertsRequest* req,
                               v1::ListUsageAlertsResponse* resp) override;
  grpc::Status AcknowledgeUsageAlert(grpc::ServerContext* ctx,
                                     const v1::AcknowledgeUsageAlertRequest* req,
                                     v1::UsageAlert* resp) override;

 private:
  CallRunner& run_;
  storage::BillingStore& billing_;
  usecases::Billing& closing_;
  usecases::Credit& credit_;
  storage::UsageAlertStore& alerts_;  // reads
  usecases::UsageAlerts& alert_cases_;
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_BILLING_API_H_
