#include "server/domain/ticket_rules.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_zone.h"

namespace supportbytime::domain {

const char* TicketStatusName(TicketStatus s) {
  switch (s) {
    case TicketStatus::kOpen: return "OPEN";
    case TicketStatus::kOnHold: return "ON_HOLD";
    case TicketStatus::kClosed: return "CLOSED";
  }
  return "OPEN";
}

TicketStatus ParseTicketStatus(const std::string& name) {
  if (name == "ON_HOLD") return TicketStatus::kOnHold;
  if (name == "CLOSED") return TicketStatus::kClosed;
  return TicketStatus::kOpen;
}

namespace {

absl::Status StateRefusal(const Ticket& t, absl::string_view message) {
  return Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION", message,
               {{"resource_name", TicketResource(t.client_id, t.id)},
                {"state", TicketStatusName(t.status)}});
}

}  // namespace

absl::Status CheckTicketAction(const Ticket& t, TicketAction action) {
  switch (action) {
    case TicketAction::kClose:
      if (t.status == TicketStatus::kClosed) return StateRefusal(t, "The ticket is already CLOSED.");
      break;
    case TicketAction::kReopen:
      if (t.status != TicketStatus::kClosed) {
        return StateRefusal(t, "Only a CLOSED ticket can be reopened.");
      }
      break;
    case TicketAction::kHold:
      if (t.status != TicketStatus::kOpen) {
        return StateRefusal(t, "Only an OPEN ticket can be put ON_HOLD.");
      }
      break;
    case TicketAction::kResume:
      if (t.status != TicketStatus::kOnHold) {
        return StateRefusal(t, "Only an ON_HOLD ticket can be resumed.");
      }
      break;
  }
  return absl::OkStatus();
}

TicketStatus TicketStatusAfter(TicketAction action) {
  switch (action) {
    case TicketAction::kClose: return TicketStatus::kClosed;
    case TicketAction::kHold: return TicketStatus::kOnHold;
    case TicketAction::kReopen:
    case TicketAction::kResume: return TicketStatus::kOpen;
  }
  return TicketStatus::kOpen;
}

absl::StatusOr<absl::Time> DueAfterHolds(const BusinessCalendar& calendar, const Ticket& t,
                                         absl::Time now) {
  std::vector<HoldInterval> holds = t.holds;
  for (HoldInterval& h : holds) {
    if (h.to == absl::InfiniteFuture()) h.to = std::max(h.from, now);
  }
  absl::StatusOr<TicketSla> sla =
      EvaluateTicketSla(calendar, t.opened_at, t.priority, holds, t.first_response_at, now);
  if (!sla.ok()) return sla.status();
  if (sla->due == absl::InfiniteFuture()) return t.sla_due_at;
  return std::max(sla->due, t.opened_at);
}

absl::Time FirstDue(const BusinessCalendar& calendar, absl::Time opened,
                    ResponsePriority priority) {
  return calendar.AddBusinessTime(opened, FirstResponseTarget(priority));
}

std::optional<OverageApproval> ApprovalAfter(const OverageApprovalChange& change,
                                             const OverageApproval& before) {
  using Kind = OverageApprovalChange::Kind;
  switch (change.kind) {
    case Kind::kRequest:
      // A request while APPROVED asks to raise the cap: logging goes on
      // under the approval until the client decides again.
      return OverageApproval{before.state == "APPROVED" ? "APPROVED" : "REQUESTED", before.cap};
    case Kind::kApprove:
      if (before.state == "APPROVED" && before.cap == change.cap_minutes) return std::nullopt;
      return OverageApproval{"APPROVED", change.cap_minutes};
    case Kind::kDecline:
      if (before.state == "DECLINED") return std::nullopt;
      return OverageApproval{"DECLINED", std::nullopt};
  }
  return std::nullopt;
}

const char* ApprovalAction(OverageApprovalChange::Kind kind) {
  using Kind = OverageApprovalChange::Kind;
  switch (kind) {
    case Kind::kRequest: return "RequestOverageApproval";
    case Kind::kApprove: return "ApproveOverage";
    case Kind::kDecline: return "DeclineOverage";
  }
  return "ApproveOverage";
}

absl::StatusOr<std::optional<absl::CivilMonth>> ResolveApprovalMonth(const ApprovalScope& scope,
                                                                     const std::string& key,
                                                                     absl::Time now) {
  if (!scope.monthly) {
    if (key.empty() || key == "bucket") return std::optional<absl::CivilMonth>();
    return InvalidField("period", "the subscription is ONE_TIME: name its period \"bucket\"");
  }
  const absl::CivilMonth current = MonthOf(now, scope.tz);
  if (key.empty()) return std::optional<absl::CivilMonth>(current);
  absl::StatusOr<absl::CivilMonth> month = ParsePeriodKey("period", key);
  if (!month.ok()) return month.status();
  if (*month > current) {
    return InvalidField("period", absl::StrCat("must not be a future month; the current month is ",
                                               PeriodKey(current)));
  }
  if (scope.activated_at && *month < MonthOf(*scope.activated_at, scope.tz)) {
    return InvalidField("period",
                        absl::StrCat("must not be before the subscription's activation in ",
                                     PeriodKey(MonthOf(*scope.activated_at, scope.tz))));
  }
  return std::optional<absl::CivilMonth>(*month);
}

}  // namespace supportbytime::domain
