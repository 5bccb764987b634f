// Resource names of the API ("clients/{client}/tickets/{ticket}", ...), for
// the messages of refusals and the subjects of audit events.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace supportbytime::domain {

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
