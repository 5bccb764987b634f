#include "server/api/rpc_roles.h"

namespace supportbytime::api {
namespace {

using auth::Role;

const std::vector<Role> kAdminOnly = {Role::kAdmin};
const std::vector<Role> kStaff = {Role::kAdmin, Role::kOperator};
const std::vector<Role> kAdminOrClient = {Role::kAdmin, Role::kClient};

}  // namespace

void AllowRoles(CallRunner& run) {
  run.Allow("PackageService", {
      {"CreatePackage", kAdminOnly},
      {"GetPackage", kAnyRole},
      {"ListPackages", kAnyRole},
      {"UpdatePackage", kAdminOnly},
      {"ArchivePackage", kAdminOnly},
      {"UnarchivePackage", kAdminOnly},
      {"GetPackageVersion", kAnyRole},
      {"ListPackageVersions", kAnyRole},
  });
  run.Allow("AccountService", {
      {"CreateClient", kAdminOnly},
      {"GetClient", kAnyRole},
      {"ListClients", kAnyRole},
      {"UpdateClient", kAdminOnly},
      {"CreateSubscription", kAdminOnly},
      {"GetSubscription", kAnyRole},
      {"ListSubscriptions", kAnyRole},
      {"ChangePackage", kAdminOnly},
      {"CreateApiKey", kAdminOnly},
      {"GetApiKey", kAdminOnly},
      {"ListApiKeys", kAdminOnly},
      {"RevokeApiKey", kAdminOnly},
      {"ActivateSubscription", kAdminOnly},
      {"SuspendSubscription", kAdminOnly},
      {"TerminateSubscription", kAdminOnly},
  });
  run.Allow("TicketService", {
      {"CreateTicket", kAnyRole},
      {"GetTicket", kAnyRole},
      {"ListTickets", kAnyRole},
      {"UpdateTicket", kStaff},
      {"RecordFirstResponse", kStaff},
      {"ApproveOverage", kAdminOrClient},
      {"RequestOverageApproval", kStaff},
      {"DeclineOverage", kAdminOrClient},
      {"ListTicketEvents", kStaff},
      {"CloseTicket", kAnyRole},
      {"ReopenTicket", kAnyRole},
      {"HoldTicket", kStaff},
      {"ResumeTicket", kAnyRole},
  });
  run.Allow("TimeLogService", {
      {"CreateTimeEntry", kStaff},
      {"GetTimeEntry", kAnyRole},
      {"ListTimeEntries", kAnyRole},
      {"UpdateTimeEntry", kStaff},
      {"DeleteTimeEntry", kStaff},
      {"GetPeriod", kAnyRole},
      {"ListPeriods", kAnyRole},
      {"StartTimer", kStaff},
      {"GetTimer", kStaff},
      {"ListTimers", kStaff},
      {"StopTimer", kStaff},
      {"CancelTimer", kStaff},
  });
  run.Allow("BillingService", {
      {"GetCurrentUsage", kAnyRole},
      {"EstimateCost", kAnyRole},
      {"ClosePeriods", kAdminOnly},
      {"GetBillableItem", kAnyRole},
      {"ListBillableItems", kAnyRole},
      {"UpdateBillableItem", kAdminOnly},
      {"GetPostpaymentEligibility", kAnyRole},
      {"SetGoodwillCredit", kAdminOnly},
      {"RecordMissedPayment", kAdminOnly},
      {"ListUsageAlerts", kAnyRole},
      {"AcknowledgeUsageAlert", kAdminOnly},
  });
  run.Allow("HistoryService", {
      {"ListHistoryMonths", kAnyRole},
      {"GetUsageChart", kAnyRole},
      {"GetMonthSummary", kAnyRole},
      {"ListMonthTickets", kAnyRole},
      {"GetOperatorReport", kAdminOnly},
  });
}

}  // namespace supportbytime::api
