#include "supportbytime/billing_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcBillingClient final : public internal::GrpcClient<BillingClient, v1::BillingService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::Usage> GetCurrentUsage(const v1::GetCurrentUsageRequest& request) override { return Call(&Stub::GetCurrentUsage, request); }
  absl::StatusOr<v1::EstimateCostResponse> EstimateCost(const v1::EstimateCostRequest& request) override { return Call(&Stub::EstimateCost, request); }
  absl::StatusOr<v1::ClosePeriodsResponse> ClosePeriods(const v1::ClosePeriodsRequest& request) override { return Call(&Stub::ClosePeriods, request); }
  absl::StatusOr<v1::BillableItem> GetBillableItem(const v1::GetBillableItemRequest& request) override { return Call(&Stub::GetBillableItem, request); }
  absl::StatusOr<v1::ListBillableItemsResponse> ListBillableItems(const v1::ListBillableItemsRequest& request) override { return Call(&Stub::ListBillableItems, request); }
  absl::StatusOr<v1::BillableItem> UpdateBillableItem(const v1::UpdateBillableItemRequest& request) override { return Call(&Stub::UpdateBillableItem, request); }
  absl::StatusOr<v1::PostpaymentEligibility> GetPostpaymentEligibility(const v1::GetPostpaymentEligibilityRequest& request) override { return Call(&Stub::GetPostpaymentEligibility, request); }
  absl::StatusOr<v1::Client> SetGoodwillCredit(const v1::SetGoodwillCreditRequest& request) override { return Call(&Stub::SetGoodwillCredit, request); }
  absl::StatusOr<v1::Client> RecordMissedPayment(const v1::RecordMissedPaymentRequest& request) override { return Call(&Stub::RecordMissedPayment, request); }
  absl::StatusOr<v1::ListUsageAlertsResponse> ListUsageAlerts(const v1::ListUsageAlertsRequest& request) override { return Call(&Stub::ListUsageAlerts, request); }
  absl::StatusOr<v1::UsageAlert> AcknowledgeUsageAlert(const v1::AcknowledgeUsageAlertRequest& request) override { return Call(&Stub::AcknowledgeUsageAlert, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcBillingClient>(options);
}

std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcBillingClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
