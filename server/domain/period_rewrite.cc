#include "server/domain/period_rewrite.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/money.h"
#include "server/domain/error.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/usage.h"

namespace supportbytime::domain {
namespace {

std::vector<EntrySplit> ChangedSplits(const StoredSplits& stored, const PoolAllocation& after) {
  std::vector<EntrySplit> out;
  for (const EntryAllocation& e : after.entries) {
    auto it = stored.find(e.entry_id);
    if (it != stored.end() && it->second.billed_minutes == e.billed_minutes &&
        it->second.included_minutes == e.included_minutes &&
        it->second.overage_minutes == e.overage_minutes) {
      continue;
    }
    out.push_back({e.entry_id, e.billed_minutes, e.included_minutes, e.overage_minutes});
  }
  return out;
}

bool SameTotals(const TicketLine& a, const TicketLine& b) {
  return a.raw_minutes == b.raw_minutes && a.billed_minutes == b.billed_minutes &&
         a.overage_minutes == b.overage_minutes && a.overage_cost_minor == b.overage_cost_minor &&
         a.entry_count == b.entry_count && a.non_billable_minutes == b.non_billable_minutes;
}

}  // namespace

std::optional<SubscriptionStatus> SubscriptionTransition(BillingCycle cycle, int64_t included,
                                                         SubscriptionStatus current,
                                                         int64_t used_after) {
  PoolAllocation after;
  after.used_minutes = used_after;
  after.left_minutes = std::max<int64_t>(0, included - used_after);
  const SubscriptionStatus next = StatusAfterChange(cycle, current, after);
  if (next == current) return std::nullopt;
  return next;
}

absl::StatusOr<PeriodRewrite> PlanPeriodRewrite(const Period& p, int64_t used_before,
                                                const StoredSplits& stored,
                                                const PoolAllocation& after,
                                                const std::vector<TicketLine>& lines,
                                                const std::set<std::string>& always_tickets,
                                                SubscriptionStatus subscription_status) {
  PeriodRewrite plan;
  plan.splits = ChangedSplits(stored, after);
  const int64_t rate = RateOf(p);
  for (const TicketLine& line : lines) {
    const TicketTotals* t = after.FindTicket(line.ticket_id);
    const TicketTotals totals = t ? *t : TicketTotals{line.ticket_id};
    absl::StatusOr<int64_t> cost = OverageCost(totals.overage_minutes, rate);
    if (!cost.ok()) return cost.status();
    const TicketLine next{line.ticket_id,         totals.raw_minutes, totals.billed_minutes,
                          totals.overage_minutes, *cost,              totals.entry_count,
                          totals.non_billable_minutes};
    if (SameTotals(line, next) && !always_tickets.contains(line.ticket_id)) continue;
    plan.lines.push_back(next);
  }
  plan.raw_minutes = after.raw_minutes;
  plan.used_minutes = after.used_minutes;
  plan.overage_minutes = after.overage_minutes;
  plan.entry_count = static_cast<int64_t>(after.entries.size());
  plan.crossed_thresholds = CrossedThresholds(p.terms.included_minutes, used_before,
                                              after.used_minutes, p.terms.notify_thresholds_percent);
  plan.subscription_status = SubscriptionTransition(
      p.terms.billing_cycle, p.terms.included_minutes, subscription_status, after.used_minutes);
  return plan;
}

absl::Status CheckTermsFitBucket(BillingCycle cycle, int64_t included, int64_t used) {
  if (cycle != BillingCycle::kOneTime || used <= included) return absl::OkStatus();
  return Error(absl::StatusCode::kFailedPrecondition, kReasonBucketExhausted,
               absl::StrCat("The new terms include ", included,
                            " minutes but the bucket already holds ", used,
                            " billed minutes: the change would overflow it."),
               {{std::string(kMetaMinutesLeft), "0"}});
}

}  // namespace supportbytime::domain
