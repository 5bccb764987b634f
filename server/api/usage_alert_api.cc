#include "server/api/billing_api.h"

namespace supportbytime::api {

grpc::Status BillingApi::ListUsageAlerts(grpc::ServerContext* ctx,
                                         const v1::ListUsageAlertsRequest* req,
                                         v1::ListUsageAlertsResponse* /*resp*/) {
  return run_(ctx, "BillingService/ListUsageAlerts", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/ListUsageAlerts"); });
}

grpc::Status BillingApi::AcknowledgeUsageAlert(grpc::ServerContext* ctx,
                                               const v1::AcknowledgeUsageAlertRequest* req,
                                               v1::UsageAlert* /*resp*/) {
  return run_(ctx, "BillingService/AcknowledgeUsageAlert", *req, [&](const Call&) {
    return NotYetImplemented("BillingService/AcknowledgeUsageAlert");
  });
}

}  // namespace supportbytime::api
