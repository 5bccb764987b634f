// gMock classes of the six client interfaces, for the tests of code that
// uses the SDK. Link GoogleTest's gmock (e.g. GTest::gmock) next to
// supportbytime::sdk:
//
//   #include "supportbytime/mocks.h"
//
//   sdk::MockPackageClient packages;
//   v1::Package p;
//   p.set_name("packages/1");
//   EXPECT_CALL(packages, GetPackage(testing::_)).WillOnce(testing::Return(p));
//   CodeUnderTest(packages);  // takes a sdk::PackageClient&
//
// A refusal is a status, with the service's details when the code reads them:
//   .WillOnce(testing::Return(absl::FailedPreconditionError("archived")));
#ifndef SUPPORTBYTIME_SDK_MOCKS_H_
#define SUPPORTBYTIME_SDK_MOCKS_H_

#include "gmock/gmock.h"
#include "supportbytime/account_client.h"
#include "supportbytime/billing_client.h"
#include "supportbytime/history_client.h"
#include "supportbytime/package_client.h"
#include "supportbytime/ticket_client.h"
#include "supportbytime/time_log_client.h"

namespace supportbytime::sdk {

class MockAccountClient : public AccountClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::Client>, CreateClient, (const v1::CreateClientRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Client>, GetClient, (const v1::GetClientRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListClientsResponse>, ListClients, (const v1::ListClientsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Client>, UpdateClient, (const v1::UpdateClientRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, CreateSubscription, (const v1::CreateSubscriptionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, GetSubscription, (const v1::GetSubscriptionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListSubscriptionsResponse>, ListSubscriptions, (const v1::ListSubscriptionsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, ActivateSubscription, (const v1::ActivateSubscriptionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, SuspendSubscription, (const v1::SuspendSubscriptionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, TerminateSubscription, (const v1::TerminateSubscriptionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Subscription>, ChangePackage, (const v1::ChangePackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::CreateApiKeyResponse>, CreateApiKey, (const v1::CreateApiKeyRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ApiKey>, GetApiKey, (const v1::GetApiKeyRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListApiKeysResponse>, ListApiKeys, (const v1::ListApiKeysRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ApiKey>, RevokeApiKey, (const v1::RevokeApiKeyRequest& request), (override));
};

class MockBillingClient : public BillingClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::Usage>, GetCurrentUsage, (const v1::GetCurrentUsageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::EstimateCostResponse>, EstimateCost, (const v1::EstimateCostRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ClosePeriodsResponse>, ClosePeriods, (const v1::ClosePeriodsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::BillableItem>, GetBillableItem, (const v1::GetBillableItemRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListBillableItemsResponse>, ListBillableItems, (const v1::ListBillableItemsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::BillableItem>, UpdateBillableItem, (const v1::UpdateBillableItemRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::PostpaymentEligibility>, GetPostpaymentEligibility, (const v1::GetPostpaymentEligibilityRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Client>, SetGoodwillCredit, (const v1::SetGoodwillCreditRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Client>, RecordMissedPayment, (const v1::RecordMissedPaymentRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListUsageAlertsResponse>, ListUsageAlerts, (const v1::ListUsageAlertsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::UsageAlert>, AcknowledgeUsageAlert, (const v1::AcknowledgeUsageAlertRequest& request), (override));
};

class MockHistoryClient : public HistoryClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::ListHistoryMonthsResponse>, ListHistoryMonths, (const v1::ListHistoryMonthsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::UsageChart>, GetUsageChart, (const v1::GetUsageChartRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::MonthSummary>, GetMonthSummary, (const v1::GetMonthSummaryRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListMonthTicketsResponse>, ListMonthTickets, (const v1::ListMonthTicketsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::OperatorReport>, GetOperatorReport, (const v1::GetOperatorReportRequest& request), (override));
};

class MockPackageClient : public PackageClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::Package>, CreatePackage, (const v1::CreatePackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Package>, GetPackage, (const v1::GetPackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListPackagesResponse>, ListPackages, (const v1::ListPackagesRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Package>, UpdatePackage, (const v1::UpdatePackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Package>, ArchivePackage, (const v1::ArchivePackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Package>, UnarchivePackage, (const v1::UnarchivePackageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::PackageVersion>, GetPackageVersion, (const v1::GetPackageVersionRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListPackageVersionsResponse>, ListPackageVersions, (const v1::ListPackageVersionsRequest& request), (override));
};

class MockTicketClient : public TicketClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, CreateTicket, (const v1::CreateTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, GetTicket, (const v1::GetTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListTicketsResponse>, ListTickets, (const v1::ListTicketsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, UpdateTicket, (const v1::UpdateTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, CloseTicket, (const v1::CloseTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, ReopenTicket, (const v1::ReopenTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, HoldTicket, (const v1::HoldTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, ResumeTicket, (const v1::ResumeTicketRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, RecordFirstResponse, (const v1::RecordFirstResponseRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, ApproveOverage, (const v1::ApproveOverageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, RequestOverageApproval, (const v1::RequestOverageApprovalRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Ticket>, DeclineOverage, (const v1::DeclineOverageRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListTicketEventsResponse>, ListTicketEvents, (const v1::ListTicketEventsRequest& request), (override));
};

class MockTimeLogClient : public TimeLogClient {
 public:
  MOCK_METHOD(absl::StatusOr<v1::TimeEntry>, CreateTimeEntry, (const v1::CreateTimeEntryRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::TimeEntry>, GetTimeEntry, (const v1::GetTimeEntryRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListTimeEntriesResponse>, ListTimeEntries, (const v1::ListTimeEntriesRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::TimeEntry>, UpdateTimeEntry, (const v1::UpdateTimeEntryRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::TimeEntry>, DeleteTimeEntry, (const v1::DeleteTimeEntryRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Period>, GetPeriod, (const v1::GetPeriodRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListPeriodsResponse>, ListPeriods, (const v1::ListPeriodsRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Timer>, StartTimer, (const v1::StartTimerRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Timer>, GetTimer, (const v1::GetTimerRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListTimersResponse>, ListTimers, (const v1::ListTimersRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::TimeEntry>, StopTimer, (const v1::StopTimerRequest& request), (override));
  MOCK_METHOD(absl::StatusOr<v1::Timer>, CancelTimer, (const v1::CancelTimerRequest& request), (override));
};

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_MOCKS_H_
