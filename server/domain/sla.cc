#include "server/domain/sla.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace supportbytime::domain {
namespace {

// Sorted, merged holds clipped to start at or after `opened_at`.
absl::StatusOr<std::vector<HoldInterval>> Normalize(absl::Time opened_at,
                                                    std::vector<HoldInterval> holds) {
  for (const HoldInterval& h : holds) {
    if (h.from == absl::InfinitePast() || h.from == absl::InfiniteFuture()) {
      return absl::InvalidArgumentError("A hold must start at a finite instant.");
    }
    if (h.to < h.from) {
      return absl::InvalidArgumentError(absl::StrCat("A hold ends (", absl::FormatTime(h.to),
                                                     ") before it starts (",
                                                     absl::FormatTime(h.from), ")."));
    }
  }
  std::sort(holds.begin(), holds.end(),
            [](const HoldInterval& a, const HoldInterval& b) { return a.from < b.from; });
  std::vector<HoldInterval> out;
  for (HoldInterval h : holds) {
    h.from = std::max(h.from, opened_at);
    if (h.to <= h.from) continue;
    if (!out.empty() && h.from <= out.back().to) {
      out.back().to = std::max(out.back().to, h.to);
    } else {
      out.push_back(h);
    }
  }
  return out;
}

}  // namespace

absl::Duration FirstResponseTarget(ResponsePriority priority) {
  switch (priority) {
    case ResponsePriority::kStandard:
      return absl::Hours(9);
    case ResponsePriority::kStandardPlus:
      return absl::Hours(8);
    case ResponsePriority::kPriority:
      return absl::Hours(4);
  }
  return absl::Hours(9);
}

absl::StatusOr<SlaDeadline> SlaDue(const BusinessCalendar& calendar, absl::Time opened_at,
                                   ResponsePriority priority, std::vector<HoldInterval> holds) {
  absl::StatusOr<std::vector<HoldInterval>> merged = Normalize(opened_at, std::move(holds));
  if (!merged.ok()) return merged.status();
  absl::Duration remaining = FirstResponseTarget(priority);
  absl::Time cursor = opened_at;
  for (const HoldInterval& hold : *merged) {
    const absl::Duration before_hold = calendar.BusinessTimeBetween(cursor, hold.from);
    // The target is reached before the hold begins: later holds change nothing.
    if (remaining <= before_hold) {
      return SlaDeadline{.due = calendar.AddBusinessTime(cursor, remaining)};
    }
    remaining -= before_hold;
    if (hold.to == absl::InfiniteFuture()) {
      return SlaDeadline{.paused = true, .due = absl::InfiniteFuture(), .remaining = remaining};
    }
    cursor = hold.to;
  }
  return SlaDeadline{.due = calendar.AddBusinessTime(cursor, remaining)};
}

absl::StatusOr<absl::Duration> SlaTimeUsed(const BusinessCalendar& calendar, absl::Time opened_at,
                                           std::vector<HoldInterval> holds, absl::Time until) {
  absl::StatusOr<std::vector<HoldInterval>> merged = Normalize(opened_at, std::move(holds));
  if (!merged.ok()) return merged.status();
  absl::Duration used = absl::ZeroDuration();
  absl::Time cursor = opened_at;
  for (const HoldInterval& hold : *merged) {
    if (hold.from >= until) break;
    used += calendar.BusinessTimeBetween(cursor, hold.from);
    cursor = hold.to;
    if (cursor >= until) return used;
  }
  return used + calendar.BusinessTimeBetween(cursor, until);
}

SlaStatus SlaStatusAt(const SlaDeadline& deadline, std::optional<absl::Time> first_response_at,
                      absl::Time now) {
  if (first_response_at.has_value()) {
    if (deadline.paused) return SlaStatus::kMet;
    return *first_response_at <= deadline.due ? SlaStatus::kMet : SlaStatus::kBreached;
  }
  if (!deadline.paused && now > deadline.due) return SlaStatus::kBreached;
  return SlaStatus::kDue;
}

absl::string_view SlaStatusName(SlaStatus status) {
  switch (status) {
    case SlaStatus::kDue:
      return "DUE";
    case SlaStatus::kMet:
      return "MET";
    case SlaStatus::kBreached:
      return "BREACHED";
  }
  return "DUE";
}

absl::StatusOr<TicketSla> EvaluateTicketSla(const BusinessCalendar& calendar,
                                            absl::Time opened_at, ResponsePriority priority,
                                            std::vector<HoldInterval> holds,
                                            std::optional<absl::Time> first_response_at,
                                            absl::Time now) {
  if (first_response_at) {
    std::vector<HoldInterval> clipped;
    for (HoldInterval h : holds) {
      h.to = std::min(h.to, *first_response_at);
      if (h.from < h.to) clipped.push_back(h);
    }
    holds = std::move(clipped);
  }
  absl::StatusOr<SlaDeadline> deadline = SlaDue(calendar, opened_at, priority, holds);
  if (!deadline.ok()) return deadline.status();
  TicketSla out;
  out.status = SlaStatusAt(*deadline, first_response_at, now);
  // Held time is counted over the holds only, so that reading an old ticket
  // costs no more than reading a new one.
  const absl::Time until = std::max(opened_at, first_response_at.value_or(now));
  absl::StatusOr<std::vector<HoldInterval>> merged = Normalize(opened_at, holds);
  if (!merged.ok()) return merged.status();
  for (const HoldInterval& h : *merged) {
    if (h.from >= until) break;
    out.held += calendar.BusinessTimeBetween(h.from, std::min(h.to, until));
  }
  if (deadline->paused) {
    out.paused = !first_response_at.has_value();
    out.due = calendar.AddBusinessTime(std::max(opened_at, first_response_at.value_or(now)),
                                       deadline->remaining);
  } else {
    out.due = deadline->due;
  }
  return out;
}

}  // namespace supportbytime::domain
