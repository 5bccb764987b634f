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
inline std::string ApiKeyResource(absl::string_view id) { return absl::StrCat("apiKeys/", id); }
inline std::string ClientName(const std::string& client) { return absl::StrCat("clients/", client); }
inline std::string SubscriptionName(const std::string& client, const std::string& subscription) {
  return absl::StrCat("clients/", client, "/subscriptions/", subscription);
}
inline std::string PeriodName(const std::string& client, const std::string& subscription,
                              const std::string& key) {
  return absl::StrCat(SubscriptionName(client, subscription), "/periods/", key);
}
inline std::string TicketName(const std::string& client, const std::string& ticket) {
  return absl::StrCat("clients/", client, "/tickets/", ticket);
}
inline std::string TimeEntryName(const std::string& client, const std::string& ticket,
                                 const std::string& entry) {
  return absl::StrCat(TicketName(client, ticket), "/timeEntries/", entry);
}
inline std::string TimerName(const std::string& client, const std::string& ticket,
                             const std::string& timer) {
  return absl::StrCat(TicketName(client, ticket), "/timers/", timer);
}
inline std::string ApiKeyResourceName(const std::string& key) { return absl::StrCat("apiKeys/", key); }
inline std::string PackageResourceName(const std::string& package) {
  return absl::StrCat("packages/", package);
}

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_
