#include "server/api/rpc_roles.h"

namespace supportbytime::api {
namespace {

using auth::Role;

const std::vector<Role> kAdminOnly = {Role::kAdmin};
const std::vector<Role> kStaff = {Role::kAdmin, Role::kOperator};
const std::vector<Role> kAdminOrClient = {Role::kAdmin, Role::kClient};

void AllowPackageService(CallRunner& run) {
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
}

void AllowAccountService(CallRunner& run) {
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
}

void AllowTicketService(CallRunner& run) {
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
}

void AllowTimeLogService(CallRunner& run) {
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
}

void AllowBillingService(CallRunner& run) {
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
}

void AllowHistoryService(CallRunner& run) {
  run.Allow("HistoryService", {
      {"ListHistoryMonths", kAnyRole},
      {"GetUsageChart", kAnyRole},
      {"GetMonthSummary", kAnyRole},
      {"ListMonthTickets", kAnyRole},
      {"GetOperatorReport", kAdminOnly},
  });
}

}  // namespace

void AllowRoles(CallRunner& run) {
  AllowPackageService(run);
  AllowAccountService(run);
  AllowTicketService(run);
  AllowTimeLogService(run);
  AllowBillingService(run);
  AllowHistoryService(run);
}

}  // namespace supportbytime::api
