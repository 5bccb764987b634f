// Resource names of the API ("clients/{client}/tickets/{ticket}", ...), for
// the messages of refusals, an error's metadata and the subjects of audit events.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

inline std::string ClientResource(absl::string_view id) { return absl::StrCat("clients/", id); }
inline std::string SubscriptionResource(absl::string_view client_id, absl::string_view id) {
  return absl::StrCat("clients/", client_id, "/subscriptions/", id);
}
inline std::string PeriodResource(absl::string_view client_id, absl::string_view subscription_id,
                                  absl::string_view period_key) {
  return absl::StrCat(SubscriptionResource(client_id, subscription_id), "/periods/", period_key);
}
inline std::string TicketResource(absl::string_view client_id, absl::string_view id) {
  return absl::StrCat("clients/", client_id, "/tickets/", id);
}
inline std::string PackageResource(absl::string_view id) { return absl::StrCat("packages/", id); }
inline std::string PackageVersionResource(absl::string_view package_id, int version) {
  return absl::StrCat("packages/", package_id, "/versions/", version);
}
inline std::string BillableItemResource(absl::string_view client_id, absl::string_view id) {
  return absl::StrCat("clients/", client_id, "/billableItems/", id);
}
inline std::string UsageAlertResource(absl::string_view client_id, absl::string_view id) {
  return absl::StrCat("clients/", client_id, "/usageAlerts/", id);
}
inline std::string ApiKeyResource(absl::string_view id) { return absl::StrCat("apiKeys/", id); }
inline std::string TimeEntryResource(absl::string_view client_id, absl::string_view ticket_id,
                                     absl::string_view id) {
  return absl::StrCat(TicketResource(client_id, ticket_id), "/timeEntries/", id);
}
inline std::string TimerResource(absl::string_view client_id, absl::string_view ticket_id,
                                 absl::string_view id) {
  return absl::StrCat(TicketResource(client_id, ticket_id), "/timers/", id);
}

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_
