// The rules of a subscription's life that depend on the clock: the first
// activation (R20) and when a package change takes effect (R3).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_SUBSCRIPTION_RULES_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_SUBSCRIPTION_RULES_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/account.h"

namespace supportbytime::domain {

// Whether `before` may move to `to` (CheckTransition), and whether an
// activate_time may be given: only on the first activation (R20).
// INVALID_STATE_TRANSITION with the subscription's name and state otherwise.
absl::Status CheckSubscriptionTransition(const Subscription& before, SubscriptionStatus to,
                                         bool back_dated);

// The subscription's times after moving to `to` at `now`: the first
// activation stays (it starts the window for work, R20) and may be
// back-dated to `activate_time`; a suspension is cleared by an activation.
struct SubscriptionTimes {
  std::optional<absl::Time> activated_at;
  std::optional<absl::Time> suspended_at;
  std::optional<absl::Time> terminated_at;
};
SubscriptionTimes TimesAfterTransition(const Subscription& before, SubscriptionStatus to,
                                       absl::Time now, std::optional<absl::Time> activate_time);

// The audit action of a move to `to` ("ActivateSubscription", …).
const char* TransitionAction(SubscriptionStatus to);

// R3: from when a package change decided at `now` applies, in the client's
// zone `tz`: the start of the month after `now`'s, or of `now`'s own month
// when `apply_now`. nullopt (from the start) while the subscription was
// never activated, as no month has been billed yet, and for a ONE_TIME
// bucket changed now (the bucket is its one period, begun at activation).
std::optional<absl::Time> PackageChangeStart(const Subscription& sub, bool apply_now,
                                             absl::Time now, absl::TimeZone tz);

// INVALID_STATE_TRANSITION for a TERMINATED subscription;
// BILLING_CYCLE_MISMATCH when the package bills in another cycle.
absl::Status CheckPackageChange(const Subscription& sub, BillingCycle new_cycle,
                                absl::string_view package_name);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_SUBSCRIPTION_RULES_H_
