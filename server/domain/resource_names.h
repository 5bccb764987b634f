// Resource names of the API ("clients/{id}", …), built where a use case
// needs one for an audit subject or an error's metadata.
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

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_RESOURCE_NAMES_H_
