#include "server/domain/account.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

absl::Status CheckTransition(SubscriptionStatus from, SubscriptionStatus to) {
  using S = SubscriptionStatus;
  bool allowed = false;
  switch (to) {
    case S::kActive: allowed = from == S::kPending || from == S::kSuspended; break;
    case S::kSuspended: allowed = from == S::kActive; break;
    case S::kTerminated: allowed = from != S::kTerminated; break;
    case S::kDepleted: allowed = from == S::kActive; break;
    case S::kPending: allowed = false; break;
  }
  if (allowed) return absl::OkStatus();
  return Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
               absl::StrCat("A ", SubscriptionStatusName(from), " subscription cannot become ",
                            SubscriptionStatusName(to), "."),
               {{"from", std::string(SubscriptionStatusName(from))},
                {"to", std::string(SubscriptionStatusName(to))}});
}

namespace {
constexpr std::pair<SubscriptionStatus, absl::string_view> kStatuses[] = {
    {SubscriptionStatus::kPending, "PENDING"},
    {SubscriptionStatus::kActive, "ACTIVE"},
    {SubscriptionStatus::kSuspended, "SUSPENDED"},
    {SubscriptionStatus::kTerminated, "TERMINATED"},
    {SubscriptionStatus::kDepleted, "DEPLETED"}};
}  // namespace

absl::string_view SubscriptionStatusName(SubscriptionStatus s) {
  for (const auto& [v, n] : kStatuses) {
    if (v == s) return n;
  }
  return "";
}

bool ParseSubscriptionStatus(absl::string_view name, SubscriptionStatus* out) {
  for (const auto& [v, n] : kStatuses) {
    if (n == name) {
      *out = v;
      return true;
    }
  }
  return false;
}

}  // namespace supportbytime::domain
