#include "server/domain/subscription_rules.h"

#include <string>

#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {

absl::Status CheckSubscriptionTransition(const Subscription& before, SubscriptionStatus to,
                                         bool back_dated) {
  const std::string name = SubscriptionResource(before.client_id, before.id);
  const std::string state(SubscriptionStatusName(before.status));
  absl::Status allowed = CheckTransition(before.status, to);
  if (!allowed.ok()) {
    return Error(allowed.code(), DetailOf(allowed).reason, allowed.message(),
                 {{"resource_name", name}, {"state", state}});
  }
  if (back_dated && before.activate_time) {
    return Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                 "activate_time can only be given on the first activation; this "
                 "subscription was activated before.",
                 {{"resource_name", name}, {"state", state}});
  }
  return absl::OkStatus();
}

SubscriptionTimes TimesAfterTransition(const Subscription& before, SubscriptionStatus to,
                                       absl::Time now, std::optional<absl::Time> activate_time) {
  SubscriptionTimes t{before.activate_time, before.suspend_time, before.terminate_time};
  switch (to) {
    case SubscriptionStatus::kActive:
      if (!t.activated_at) t.activated_at = activate_time.value_or(now);
      t.suspended_at.reset();
      break;
    case SubscriptionStatus::kSuspended:
      t.suspended_at = now;
      break;
    case SubscriptionStatus::kTerminated:
      t.terminated_at = now;
      break;
    default:
      break;
  }
  return t;
}

const char* TransitionAction(SubscriptionStatus to) {
  return to == SubscriptionStatus::kActive      ? "ActivateSubscription"
         : to == SubscriptionStatus::kSuspended ? "SuspendSubscription"
                                                : "TerminateSubscription";
}

std::optional<absl::Time> PackageChangeStart(const Subscription& sub, bool apply_now,
                                             absl::Time now, absl::TimeZone tz) {
  if (!sub.activate_time) return std::nullopt;
  if (apply_now && sub.billing_cycle == BillingCycle::kOneTime) return std::nullopt;
  const absl::CivilMonth month = MonthOf(now, tz);
  return MonthBounds(apply_now ? month : month + 1, tz).start;
}

absl::Status CheckPackageChange(const Subscription& sub, BillingCycle new_cycle,
                                absl::string_view package_name) {
  if (sub.status == SubscriptionStatus::kTerminated) {
    return Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                 "A TERMINATED subscription cannot change its package.",
                 {{"resource_name", SubscriptionResource(sub.client_id, sub.id)},
                  {"state", "TERMINATED"}});
  }
  if (new_cycle != sub.billing_cycle) {
    return Error(absl::StatusCode::kFailedPrecondition, "BILLING_CYCLE_MISMATCH",
                 "The package bills in another cycle (MONTHLY vs ONE_TIME); create a "
                 "new subscription instead.",
                 {{"package", std::string(package_name)}});
  }
  return absl::OkStatus();
}

}  // namespace supportbytime::domain
