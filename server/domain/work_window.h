// R20: work lies within the subscription's window, from its first activation
// to its termination (open-ended while not terminated). Work outside it can
// never create a period or consume an allocation for a month the client did
// not have the service.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_WORK_WINDOW_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_WORK_WINDOW_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace supportbytime::domain {

inline constexpr absl::string_view kReasonWorkOutsideSubscription = "WORK_OUTSIDE_SUBSCRIPTION";

struct WorkWindow {
  std::optional<absl::Time> start;  // first activation; none while never activated
  std::optional<absl::Time> end;    // termination (exclusive); none while not terminated
};

// OK when start <= worked_at < end. Otherwise FAILED_PRECONDITION
// WORK_OUTSIDE_SUBSCRIPTION with metadata `window_start` and `window_end`
// (RFC 3339 in UTC, empty when unbounded) and `subscription` = `name`.
absl::Status CheckWorkWindow(const WorkWindow& window, absl::Time worked_at,
                             absl::string_view name);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_WORK_WINDOW_H_
