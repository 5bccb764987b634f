#include "server/domain/work_window.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

namespace {

std::string Rfc3339(const std::optional<absl::Time>& t) {
  return t ? absl::FormatTime(absl::RFC3339_full, *t, absl::UTCTimeZone()) : "";
}

}  // namespace

absl::Status CheckWorkWindow(const WorkWindow& window, absl::Time worked_at,
                             absl::string_view name) {
  const bool before = !window.start || worked_at < *window.start;
  const bool after = window.end && worked_at >= *window.end;
  if (!before && !after) return absl::OkStatus();
  const std::string start = Rfc3339(window.start), end = Rfc3339(window.end);
  std::string message;
  if (!window.start) {
    message = absl::StrCat(name, " was never activated: it takes no work.");
  } else if (before) {
    message = absl::StrCat("The work time is before ", name, " began (", start,
                           "): work can only be logged from its activation on.");
  } else {
    message = absl::StrCat("The work time is after ", name, " ended (", end,
                           "): work can only be logged until its termination.");
  }
  return Error(absl::StatusCode::kFailedPrecondition, kReasonWorkOutsideSubscription, message,
               {{"window_start", start}, {"window_end", end}, {"subscription", std::string(name)}});
}

}  // namespace supportbytime::domain
