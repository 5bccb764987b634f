// Clients and subscriptions (SPEC section 2) and the subscription lifecycle.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_ACCOUNT_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_ACCOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"

namespace supportbytime::domain {

struct Client {
  std::string id;
  std::string display_name;
  std::string currency;
  std::string time_zone;
  std::string external_ref;  // empty when none
  int64_t goodwill_credit_minor = 0;
  bool has_history = false;  // a period exists: currency and zone are fixed
  absl::Time create_time;
  absl::Time update_time;
};

struct Subscription {
  std::string id;
  std::string client_id;
  std::string package_id;       // in force now (R3)
  int package_version = 1;      // the version that bills the current period
  std::string next_package_id;  // a pending ChangePackage, from next_package_start_month
  std::optional<absl::CivilMonth> next_package_start_month;
  SubscriptionStatus status = SubscriptionStatus::kPending;
  std::string external_ref;
  std::optional<absl::Time> activate_time;
  std::optional<absl::Time> suspend_time;
  std::optional<absl::Time> terminate_time;
  absl::Time create_time;
  absl::Time update_time;
  // Read along for the views: the cycle of the current terms and the
  // client's zone (which month "now" is).
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  std::string client_time_zone;
};

// The lifecycle: PENDING -> ACTIVE (activated once paid), ACTIVE <->
// SUSPENDED, any state but TERMINATED -> TERMINATED (final). DEPLETED is
// entered only by the bucket rule (R7). Anything else is FAILED_PRECONDITION
// INVALID_STATE_TRANSITION, naming both states.
absl::Status CheckTransition(SubscriptionStatus from, SubscriptionStatus to);

absl::string_view SubscriptionStatusName(SubscriptionStatus s);  // "PENDING", …
bool ParseSubscriptionStatus(absl::string_view name, SubscriptionStatus* out);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_ACCOUNT_H_
