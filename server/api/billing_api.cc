#include "server/api/billing_api.h"

namespace supportbytime::api {

grpc::Status BillingApi::GetCurrentUsage(grpc::ServerContext* ctx,
                                         const v1::GetCurrentUsageRequest* req,
                                         v1::Usage* /*resp*/) {
  return run_(ctx, "BillingService/GetCurrentUsage", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/GetCurrentUsage"); });
}

grpc::Status BillingApi::EstimateCost(grpc::ServerContext* ctx, const v1::EstimateCostRequest* req,
                                      v1::EstimateCostResponse* /*resp*/) {
  return run_(ctx, "BillingService/EstimateCost", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/EstimateCost"); });
}

grpc::Status BillingApi::ClosePeriods(grpc::ServerContext* ctx, const v1::ClosePeriodsRequest* req,
                                      v1::ClosePeriodsResponse* /*resp*/) {
  return run_(ctx, "BillingService/ClosePeriods", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/ClosePeriods"); });
}

grpc::Status BillingApi::GetBillableItem(grpc::ServerContext* ctx,
                                         const v1::GetBillableItemRequest* req,
                                         v1::BillableItem* /*resp*/) {
  return run_(ctx, "BillingService/GetBillableItem", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/GetBillableItem"); });
}

grpc::Status BillingApi::ListBillableItems(grpc::ServerContext* ctx,
                                           const v1::ListBillableItemsRequest* req,
                                           v1::ListBillableItemsResponse* /*resp*/) {
  return run_(ctx, "BillingService/ListBillableItems", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/ListBillableItems"); });
}

grpc::Status BillingApi::UpdateBillableItem(grpc::ServerContext* ctx,
                                            const v1::UpdateBillableItemRequest* req,
                                            v1::BillableItem* /*resp*/) {
  return run_(ctx, "BillingService/UpdateBillableItem", *req,
              [&](const Call&) { return NotYetImplemented("BillingService/UpdateBillableItem"); });
}

}  // namespace supportbytime::api
