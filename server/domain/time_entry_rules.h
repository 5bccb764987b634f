// The rules that decide whether a time entry may be created, edited or
// deleted (R1, R7, R8, R9), as pure checks over values storage has read under
// the period's row lock.
//
// Typical use by storage, in one transaction:
//   create, from the period row's running totals (no entry list needed):
//     EntryAllocation e = AllocateAppended(terms, used, ticket_raw, entry);  // pool.h
//     CheckNewEntry(context, terms, used, e);
//   edit or delete, which can move the split of every later entry:
//     ChangeOutcome o = EvaluateChange(terms, entries, change);  // pool.h
//     CheckEntryChange(context, o);
//   ... then write the new totals ...
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_RULES_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_RULES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

inline constexpr absl::string_view kReasonBucketExhausted = "BUCKET_EXHAUSTED";
inline constexpr absl::string_view kReasonOverageNotApproved = "OVERAGE_NOT_APPROVED";
inline constexpr absl::string_view kReasonOverageCapReached = "OVERAGE_CAP_REACHED";
inline constexpr absl::string_view kReasonPeriodClosed = "PERIOD_CLOSED";
inline constexpr absl::string_view kReasonTicketClosed = "TICKET_CLOSED";
inline constexpr absl::string_view kReasonTicketBilled = "TICKET_BILLED";
inline constexpr absl::string_view kReasonSubscriptionNotActive = "SUBSCRIPTION_NOT_ACTIVE";

// Metadata keys of the refusals above.
inline constexpr absl::string_view kMetaMinutesLeft = "minutes_left";
inline constexpr absl::string_view kMetaTicket = "ticket";
inline constexpr absl::string_view kMetaOverageMinutesLeft = "overage_minutes_left";
inline constexpr absl::string_view kMetaState = "state";

// How far in the future worked_at may lie: operators' and servers' clocks
// disagree by seconds, and an entry logged right after the work ends may
// carry the end time. Anything later is a typo (a wrong year or month) that
// would book time into a future period.
inline constexpr absl::Duration kDefaultFutureAllowance = absl::Minutes(5);

// R1: whole minutes, 1-1440. INVALID_FIELD naming `field`; the message for
// more than 1440 says to split the work into several entries.
absl::Status ValidateEntryMinutes(absl::string_view field, int64_t minutes);

// R1: a stopped timer's minutes, elapsed time rounded UP to whole minutes and
// at least 1 (61 s -> 2, 0.3 s -> 1, exactly 120 s -> 2). A negative elapsed
// time (replicas' clocks disagree) counts as under a second: 1. The result
// may exceed 1440; pass it through ValidateEntryMinutes, which refuses it.
int64_t TimerMinutes(absl::Duration elapsed);

// worked_at must be a finite instant no later than now + allowance.
absl::Status ValidateWorkedAt(absl::string_view field, absl::Time worked_at, absl::Time now,
                              absl::Duration allowance = kDefaultFutureAllowance);

// R9 locks, each FAILED_PRECONDITION with its reason.
absl::Status CheckPeriodOpen(PeriodState state);            // PERIOD_CLOSED
absl::Status CheckTicketTakesEntries(TicketStatus status);  // TICKET_CLOSED (ON_HOLD takes them)
// SUBSCRIPTION_NOT_ACTIVE for PENDING, SUSPENDED and TERMINATED, metadata
// `state` = the status ("SUSPENDED"). A DEPLETED
// one-time subscription answers BUCKET_EXHAUSTED with minutes_left 0 instead,
// the more useful of the two truths. (CheckEntryChange and CheckNewEntry let
// a DEPLETED subscription take a non-billable entry, which bills nothing.)
absl::Status CheckSubscriptionTakesEntries(SubscriptionStatus status);
// A ticket with a billable item cannot be reopened: TICKET_BILLED.
absl::Status CheckTicketReopenable(bool has_billable_item);

// R7: for ONE_TIME, a change that raises `used` above `included` is refused
// (BUCKET_EXHAUSTED, minutes_left = what was left before the change). A
// change that lowers usage always passes, so corrections stay possible.
// MONTHLY always passes.
absl::Status CheckBucket(BillingCycle cycle, const PoolAllocation& before,
                         const PoolAllocation& after);

// The client's decision on overage for one ticket in one period (R8): an
// APPROVED state, with its cap when it has one. Any other state (NONE,
// REQUESTED, DECLINED) is `approved == false`.
struct OverageGrant {
  bool approved = false;
  std::optional<int64_t> cap_minutes;  // the ticket's overage in the period may reach this
};

// R8, for the ticket being changed only: when approval is required, a
// change that raises that ticket's overage in the period (the sum of its
// entries' overage parts) is refused OVERAGE_NOT_APPROVED (minutes_left,
// ticket) without an approval, and OVERAGE_CAP_REACHED
// (overage_minutes_left, ticket) when the sum would pass the cap. Other
// tickets' entries whose split an edit moves are not checked: they were
// logged already, and logged entries never change because of a decision.
// Changes that lower or keep the ticket's overage always pass.
absl::Status CheckOverageApproval(bool require_overage_approval, absl::string_view ticket_id,
                                  const OverageGrant& grant, const PoolAllocation& before,
                                  const PoolAllocation& after);

// Everything CheckEntryChange needs besides the allocations.
struct EntryChangeContext {
  BillingCycle cycle = BillingCycle::kMonthly;
  PeriodState period_state = PeriodState::kOpen;
  SubscriptionStatus subscription_status = SubscriptionStatus::kActive;
  TicketStatus ticket_status = TicketStatus::kOpen;  // of the changed entry's ticket
  bool require_overage_approval = true;
  std::string ticket_id;  // the changed entry's ticket
  OverageGrant overage;   // that ticket's approval in this period
  // That ticket's overage minutes in this period before a create
  // (period_tickets.overage_minutes); CheckEntryChange sums the entries.
  int64_t ticket_overage_minutes = 0;
};

// All checks in the order a person would want to hear about them: the period
// lock first (it applies to every change), then, for a create only, the
// subscription and ticket locks (edits and deletes of an open period stay
// possible on a closed ticket or an inactive subscription, so mistakes can be
// corrected until the period closes), then R7, then R8. A non-billable entry
// (R21) bills nothing: it passes R7 and R8, and a DEPLETED bucket takes it;
// an edit that makes it billable is checked like any edit that bills more.
absl::Status CheckEntryChange(const EntryChangeContext& context, const ChangeOutcome& outcome);

// The same decision as CheckEntryChange() for a create, from running totals
// alone: what the period used before and the new entry's allocation from
// AllocateAppended(). A new entry is logged last, so it cannot change any
// other entry's split; only its own parts need checking.
absl::Status CheckNewEntry(const EntryChangeContext& context, const PoolTerms& terms,
                           int64_t period_used_before, const EntryAllocation& appended);

// R7: the status a ONE_TIME subscription should have after a change: ACTIVE
// becomes DEPLETED when nothing is left; DEPLETED becomes ACTIVE again when a
// correction frees minutes. Every other combination is returned unchanged.
SubscriptionStatus StatusAfterChange(BillingCycle cycle, SubscriptionStatus status,
                                     const PoolAllocation& after);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_RULES_H_
