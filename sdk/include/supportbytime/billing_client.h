// BillingService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_BILLING_CLIENT_H_
#define SUPPORTBYTIME_SDK_BILLING_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"

namespace supportbytime::sdk {

class BillingClient {
 public:
  virtual ~BillingClient() = default;

  virtual absl::StatusOr<v1::Usage> GetCurrentUsage(const v1::GetCurrentUsageRequest& request) = 0;
  virtual absl::StatusOr<v1::EstimateCostResponse> EstimateCost(const v1::EstimateCostRequest& request) = 0;
  virtual absl::StatusOr<v1::ClosePeriodsResponse> ClosePeriods(const v1::ClosePeriodsRequest& request) = 0;
  virtual absl::StatusOr<v1::BillableItem> GetBillableItem(const v1::GetBillableItemRequest& request) = 0;
  virtual absl::StatusOr<v1::ListBillableItemsResponse> ListBillableItems(const v1::ListBillableItemsRequest& request) = 0;
  virtual absl::StatusOr<v1::BillableItem> UpdateBillableItem(const v1::UpdateBillableItemRequest& request) = 0;
  virtual absl::StatusOr<v1::PostpaymentEligibility> GetPostpaymentEligibility(const v1::GetPostpaymentEligibilityRequest& request) = 0;
  virtual absl::StatusOr<v1::Client> SetGoodwillCredit(const v1::SetGoodwillCreditRequest& request) = 0;
  virtual absl::StatusOr<v1::Client> RecordMissedPayment(const v1::RecordMissedPaymentRequest& request) = 0;
  virtual absl::StatusOr<v1::ListUsageAlertsResponse> ListUsageAlerts(const v1::ListUsageAlertsRequest& request) = 0;
  virtual absl::StatusOr<v1::UsageAlert> AcknowledgeUsageAlert(const v1::AcknowledgeUsageAlertRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<BillingClient> MakeBillingClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_BILLING_CLIENT_H_
