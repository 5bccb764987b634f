#include "supportbytime/billing_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcBillingClient final : public BillingClient {
 public:
  using Stub = v1::BillingService::Stub;
  GrpcBillingClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::BillingService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::Usage> GetCurrentUsage(const v1::GetCurrentUsageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetCurrentUsage, request);
  }
  absl::StatusOr<v1::EstimateCostResponse> EstimateCost(const v1::EstimateCostRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::EstimateCost, request);
  }
  absl::StatusOr<v1::ClosePeriodsResponse> ClosePeriods(const v1::ClosePeriodsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ClosePeriods, request);
  }
  absl::StatusOr<v1::BillableItem> GetBillableItem(const v1::GetBillableItemRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetBillableItem, request);
  }
  absl::StatusOr<v1::ListBillableItemsResponse> ListBillableItems(const v1::ListBillableItemsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListBillableItems, request);
  }
  absl::StatusOr<v1::BillableItem> UpdateBillableItem(const v1::UpdateBillableItemRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UpdateBillableItem, request);
  }
  absl::StatusOr<v1::PostpaymentEligibility> GetPostpaymentEligibility(const v1::GetPostpaymentEligibilityRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetPostpaymentEligibility, request);
  }
  absl::StatusOr<v1::Client> SetGoodwillCredit(const v1::SetGoodwillCreditRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::SetGoodwillCredit, request);
  }
  absl::StatusOr<v1::Client> RecordMissedPayment(const v1::RecordMissedPaymentRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::RecordMissedPayment, request);
  }
  absl::StatusOr<v1::ListUsageAlertsResponse> ListUsageAlerts(const v1::ListUsageAlertsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListUsageAlerts, request);
  }
  absl::StatusOr<v1::UsageAlert> AcknowledgeUsageAlert(const v1::AcknowledgeUsageAlertRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::AcknowledgeUsageAlert, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options) {
  return MakeBillingClient(options, MakeChannel(options));
}

std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcBillingClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
