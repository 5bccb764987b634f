#include "server/domain/time_entry_rules.h"

#include <algorithm>

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

// R21: a non-billable entry bills nothing, so a used-up bucket (DEPLETED)
// still takes it; every other state refuses as for any entry.
absl::Status CheckSubscriptionTakes(SubscriptionStatus status, bool billable) {
  if (!billable && status == SubscriptionStatus::kDepleted) return absl::OkStatus();
  return CheckSubscriptionTakesEntries(status);
}

absl::Status OverageCapReached(absl::string_view ticket_id, int64_t more_overage,
                               int64_t cap, int64_t overage_left) {
  return Refuse(kReasonOverageCapReached,
                absl::StrCat("This change would bill ", more_overage,
                             " more overage minutes on ticket ", ticket_id,
                             ", past the client's cap of ", cap, " overage minutes for the period; ",
                             overage_left,
                             " are left under the cap. Log at most that, or ask the client to raise "
                             "the cap."),
                {{std::string(kMetaOverageMinutesLeft), absl::StrCat(overage_left)},
                 {std::string(kMetaTicket), std::string(ticket_id)}});
}

// The decision for one ticket whose overage in the period goes from
// `overage_before` to `overage_after`.
absl::Status CheckTicketOverage(bool require_overage_approval, absl::string_view ticket_id,
                                const OverageGrant& grant, int64_t overage_before,
                                int64_t overage_after, int64_t minutes_left) {
  if (!require_overage_approval || overage_after <= overage_before) return absl::OkStatus();
  if (!grant.approved) {
    return OverageNotApproved(ticket_id, overage_after - overage_before, minutes_left);
  }
  if (grant.cap_minutes && overage_after > *grant.cap_minutes) {
    return OverageCapReached(ticket_id, overage_after - overage_before, *grant.cap_minutes,
                             std::max<int64_t>(0, *grant.cap_minutes - overage_before));
  }
  return absl::OkStatus();
}

int64_t TicketOverage(const PoolAllocation& pool, absl::string_view ticket_id) {
  int64_t sum = 0;
  for (const EntryAllocation& entry : pool.entries) {
    if (entry.ticket_id == ticket_id) sum += entry.overage_minutes;
  }
  return sum;
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

absl::Status CheckOverageApproval(bool require_overage_approval, absl::string_view ticket_id,
                                  const OverageGrant& grant, const PoolAllocation& before,
                                  const PoolAllocation& after) {
  if (!require_overage_approval) return absl::OkStatus();
  return CheckTicketOverage(require_overage_approval, ticket_id, grant,
                            TicketOverage(before, ticket_id), TicketOverage(after, ticket_id),
                            before.left_minutes);
}

absl::Status CheckEntryChange(const EntryChangeContext& context, const ChangeOutcome& outcome) {
  if (absl::Status s = CheckPeriodOpen(context.period_state); !s.ok()) return s;
  if (outcome.kind == EntryChange::Kind::kCreate) {
    if (absl::Status s = CheckSubscriptionTakes(context.subscription_status, outcome.billable);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckTicketTakesEntries(context.ticket_status); !s.ok()) return s;
  }
  if (absl::Status s = CheckBucket(context.cycle, outcome.before, outcome.after); !s.ok()) {
    return s;
  }
  return CheckOverageApproval(context.require_overage_approval, context.ticket_id,
                              context.overage, outcome.before, outcome.after);
}

absl::Status CheckNewEntry(const EntryChangeContext& context, const PoolTerms& terms,
                           int64_t period_used_before, const EntryAllocation& appended) {
  if (absl::Status s = CheckPeriodOpen(context.period_state); !s.ok()) return s;
  if (absl::Status s = CheckSubscriptionTakes(context.subscription_status, appended.billable);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckTicketTakesEntries(context.ticket_status); !s.ok()) return s;
  // A non-billable entry bills 0 minutes, so neither check below can refuse
  // it (R21): it never counts against a bucket nor needs an approval.
  const int64_t left_before = std::max<int64_t>(0, terms.included_minutes - period_used_before);
  const int64_t used_after = period_used_before + appended.billed_minutes;
  if (context.cycle == BillingCycle::kOneTime && used_after > terms.included_minutes &&
      appended.billed_minutes > 0) {
    return BucketExhausted(left_before, appended.billed_minutes);
  }
  return CheckTicketOverage(context.require_overage_approval, appended.ticket_id, context.overage,
                            context.ticket_overage_minutes,
                            context.ticket_overage_minutes + appended.overage_minutes, left_before);
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
