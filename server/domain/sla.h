// First-response SLA of a ticket (R13).
//
// due = opened_at + the priority's target in business time, where time the
// ticket spends ON_HOLD (waiting for the client, e.g. for access) does not
// count. While a hold is open the clock is paused and the due instant is not
// known yet: SlaDue() then says so and how much business time is left;
// EvaluateTicketSla() shows the due time as if the ticket resumed now.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_SLA_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_SLA_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/package.h"

namespace supportbytime::domain {

// Standard 9 business hours (one business day), Standard+ 8, Priority 4.
absl::Duration FirstResponseTarget(ResponsePriority priority);

// A time the ticket was ON_HOLD: [from, to). An open hold (still on hold)
// has to = InfiniteFuture.
struct HoldInterval {
  absl::Time from;
  absl::Time to = absl::InfiniteFuture();
};

struct SlaDeadline {
  // True while an open hold has stopped the clock before the target was
  // reached: `due` is unknown (InfiniteFuture) and `remaining` is the
  // business time that will run once the hold ends.
  bool paused = false;
  absl::Time due = absl::InfiniteFuture();
  absl::Duration remaining = absl::ZeroDuration();

  friend bool operator==(const SlaDeadline&, const SlaDeadline&) = default;
};

// The first-response deadline. Holds may come in any order and may overlap
// (they are merged); parts before opened_at are ignored. Refuses
// (INVALID_ARGUMENT) a hold that ends before it starts or starts at an
// infinite instant.
absl::StatusOr<SlaDeadline> SlaDue(const BusinessCalendar& calendar, absl::Time opened_at,
                                   ResponsePriority priority, std::vector<HoldInterval> holds);

// Business time that counted against the SLA in [opened_at, until): business
// time minus time on hold. The deadline is where this reaches the target.
absl::StatusOr<absl::Duration> SlaTimeUsed(const BusinessCalendar& calendar, absl::Time opened_at,
                                           std::vector<HoldInterval> holds, absl::Time until);

enum class SlaStatus { kDue, kMet, kBreached };

// MET when the first response came at or before the deadline (a response
// while paused is always in time: the target was not reached when the hold
// began, and held time does not count); BREACHED when it came later or when
// `now` is past the deadline without one; DUE otherwise (including while
// paused).
SlaStatus SlaStatusAt(const SlaDeadline& deadline, std::optional<absl::Time> first_response_at,
                      absl::Time now);

absl::string_view SlaStatusName(SlaStatus status);  // "DUE", "MET", "BREACHED"

// What a ticket reports about its first-response target at `now`.
struct TicketSla {
  // The deadline. While the clock is paused it assumes the ticket resumes
  // at `now` (or resumed at the first response, when one came during a hold).
  absl::Time due = absl::InfiniteFuture();
  SlaStatus status = SlaStatus::kDue;
  // ON_HOLD without a first response: the clock is stopped.
  bool paused = false;
  // Business time on hold before the first response (or before `now`).
  absl::Duration held = absl::ZeroDuration();
};

// The SLA of a ticket: holds after the first response do not matter, since
// the target is settled then. Errors as SlaDue.
absl::StatusOr<TicketSla> EvaluateTicketSla(const BusinessCalendar& calendar,
                                            absl::Time opened_at, ResponsePriority priority,
                                            std::vector<HoldInterval> holds,
                                            std::optional<absl::Time> first_response_at,
                                            absl::Time now);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_SLA_H_
