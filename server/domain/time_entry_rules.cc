#include "server/domain/time_entry_rules.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "server/domain/account.h"
#include "server/domain/error.h"

namespace supportbytime::domain {
namespace {

absl::Status Refuse(absl::string_view reason, absl::string_view message,
                    const std::map<std::string, std::string>& metadata = {}) {
  return Error(absl::StatusCode::kFailedPrecondition, reason, message, metadata);
}

absl::Status BucketExhausted(int64_t minutes_left, int64_t would_bill) {
  std::string message =
      minutes_left == 0
          ? std::string("The one-time bucket is used up; no more time can be logged on it.")
          : absl::StrCat("The one-time bucket has ", minutes_left,
                         " minutes left, but this change ", "would bill ", would_bill,
                         " more; log at most what is left.");
  return Refuse(kReasonBucketExhausted, message,
                {{std::string(kMetaMinutesLeft), absl::StrCat(minutes_left)}});
}

absl::Status OverageNotApproved(absl::string_view ticket_id, int64_t more_overage,
                                int64_t minutes_left) {
  return Refuse(kReasonOverageNotApproved,
                absl::StrCat("This change would bill ", more_overage,
                             " minutes beyond the included allocation on ticket ", ticket_id,
                             ", and the client has not approved overage on it; ", minutes_left,
                             " included minutes are left. Record the client's approval on the "
                             "ticket first."),
                {{std::string(kMetaMinutesLeft), absl::StrCat(minutes_left)},
                 {std::string(kMetaTicket), std::string(ticket_id)}});
}

}  // namespace

absl::Status ValidateEntryMinutes(absl::string_view field, int64_t minutes) {
  if (minutes >= kMinEntryMinutes && minutes <= kMaxEntryMinutes) return absl::OkStatus();
  if (minutes > kMaxEntryMinutes) {
    return InvalidField(
        field, absl::StrCat("must be at most ", kMaxEntryMinutes, " minutes (24 hours); got ",
                            minutes, "; log longer work as several entries"));
  }
  return InvalidField(
      field, absl::StrCat("must be a whole number of minutes between ", kMinEntryMinutes, " and ",
                          kMaxEntryMinutes, "; got ", minutes));
}

int64_t TimerMinutes(absl::Duration elapsed) {
  if (elapsed <= absl::ZeroDuration()) return 1;
  if (elapsed == absl::InfiniteDuration()) return INT64_MAX;
  // Ceil in whole seconds would lose sub-second parts; IDivDuration gives the
  // whole minutes and the exact remainder.
  absl::Duration remainder;
  const int64_t whole = absl::IDivDuration(elapsed, absl::Minutes(1), &remainder);
  return remainder > absl::ZeroDuration() ? whole + 1 : whole;
}

absl::Status ValidateWorkedAt(absl::string_view field, absl::Time worked_at, absl::Time now,
                              absl::Duration allowance) {
  if (worked_at == absl::InfinitePast() || worked_at == absl::InfiniteFuture()) {
    return InvalidField(field, "must be a valid instant");
  }
  if (worked_at > now + allowance) {
    return InvalidField(
        field, absl::StrCat("must not be in the future (more than ",
                            absl::FormatDuration(allowance), " after the server's time ",
                            absl::FormatTime(absl::RFC3339_sec, now, absl::UTCTimeZone()), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckPeriodOpen(PeriodState state) {
  if (state == PeriodState::kOpen) return absl::OkStatus();
  return Refuse(kReasonPeriodClosed,
                "The billing period is closed: its entries can no longer be created, edited or "
                "deleted.");
}

absl::Status CheckTicketTakesEntries(TicketStatus status) {
  if (status != TicketStatus::kClosed) return absl::OkStatus();
  return Refuse(kReasonTicketClosed, "The ticket is closed; reopen it before logging time on it.");
}

absl::Status CheckSubscriptionTakesEntries(SubscriptionStatus status) {
  const std::map<std::string, std::string> state = {
      {std::string(kMetaState), std::string(SubscriptionStatusName(status))}};
  switch (status) {
    case SubscriptionStatus::kActive:
      return absl::OkStatus();
    case SubscriptionStatus::kDepleted:
      return BucketExhausted(0, 0);
    case SubscriptionStatus::kPending:
      return Refuse(kReasonSubscriptionNotActive,
                    "The subscription is not active yet (it is activated after payment); time "
                    "cannot be logged on it.",
                    state);
    case SubscriptionStatus::kSuspended:
      return Refuse(kReasonSubscriptionNotActive,
                    "The subscription is suspended; time cannot be logged on it.", state);
    case SubscriptionStatus::kTerminated:
      return Refuse(kReasonSubscriptionNotActive,
                    "The subscription is terminated; time cannot be logged on it.", state);
  }
  return Refuse(kReasonSubscriptionNotActive, "The subscription is not active.", state);
}

absl::Status CheckTicketReopenable(bool has_billable_item) {
  if (!has_billable_item) return absl::OkStatus();
  return Refuse(kReasonTicketBilled,
                "The ticket's overage has been billed, so it cannot be reopened; open a new "
                "ticket instead.");
}

absl::Status CheckBucket(BillingCycle cycle, const PoolAllocation& before,
                         const PoolAllocation& after) {
  if (cycle != BillingCycle::kOneTime) return absl::OkStatus();
  if (after.used_minutes <= after.terms.included_minutes ||
      after.used_minutes <= before.used_minutes) {
    return absl::OkStatus();
  }
  return BucketExhausted(before.left_minutes, after.used_minutes - before.used_minutes);
}

absl::Status CheckOverageApproval(bool require_overage_approval,
                                  const absl::flat_hash_set<std::string>& approved_tickets,
                                  const PoolAllocation& before, const PoolAllocation& after) {
  if (!require_overage_approval) return absl::OkStatus();
  // One pass over each list: periods can hold thousands of entries and this
  // runs under the period's row lock.
  absl::flat_hash_map<absl::string_view, int64_t> overage_before;
  overage_before.reserve(before.entries.size());
  for (const EntryAllocation& entry : before.entries) {
    overage_before[entry.entry_id] = entry.overage_minutes;
  }
  for (const EntryAllocation& entry : after.entries) {
    if (entry.overage_minutes == 0 || approved_tickets.contains(entry.ticket_id)) continue;
    auto was = overage_before.find(entry.entry_id);
    const int64_t previous = was == overage_before.end() ? 0 : was->second;
    if (entry.overage_minutes <= previous) continue;
    return OverageNotApproved(entry.ticket_id, entry.overage_minutes - previous,
                              before.left_minutes);
  }
  return absl::OkStatus();
}

absl::Status CheckEntryChange(const EntryChangeContext& context, const ChangeOutcome& outcome) {
  if (absl::Status s = CheckPeriodOpen(context.period_state); !s.ok()) return s;
  if (outcome.kind == EntryChange::Kind::kCreate) {
    if (absl::Status s = CheckSubscriptionTakesEntries(context.subscription_status); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckTicketTakesEntries(context.ticket_status); !s.ok()) return s;
  }
  if (absl::Status s = CheckBucket(context.cycle, outcome.before, outcome.after); !s.ok()) {
    return s;
  }
  return CheckOverageApproval(context.require_overage_approval, context.approved_tickets,
                              outcome.before, outcome.after);
}

absl::Status CheckNewEntry(const EntryChangeContext& context, const PoolTerms& terms,
                           int64_t period_used_before, const EntryAllocation& appended) {
  if (absl::Status s = CheckPeriodOpen(context.period_state); !s.ok()) return s;
  if (absl::Status s = CheckSubscriptionTakesEntries(context.subscription_status); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckTicketTakesEntries(context.ticket_status); !s.ok()) return s;
  const int64_t left_before = std::max<int64_t>(0, terms.included_minutes - period_used_before);
  const int64_t used_after = period_used_before + appended.billed_minutes;
  if (context.cycle == BillingCycle::kOneTime && used_after > terms.included_minutes &&
      appended.billed_minutes > 0) {
    return BucketExhausted(left_before, appended.billed_minutes);
  }
  if (context.require_overage_approval && appended.overage_minutes > 0 &&
      !context.approved_tickets.contains(appended.ticket_id)) {
    return OverageNotApproved(appended.ticket_id, appended.overage_minutes, left_before);
  }
  return absl::OkStatus();
}

SubscriptionStatus StatusAfterChange(BillingCycle cycle, SubscriptionStatus status,
                                     const PoolAllocation& after) {
  if (cycle != BillingCycle::kOneTime) return status;
  if (status == SubscriptionStatus::kActive && after.left_minutes == 0) {
    return SubscriptionStatus::kDepleted;
  }
  if (status == SubscriptionStatus::kDepleted && after.left_minutes > 0) {
    return SubscriptionStatus::kActive;
  }
  return status;
}

}  // namespace supportbytime::domain
