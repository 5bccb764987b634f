#include "server/domain/period_estimate.h"

#include <algorithm>

namespace supportbytime::domain {

PoolAllocation AllocationOfLines(const PoolTerms& terms, const std::vector<TicketTotals>& lines) {
  PoolAllocation a;
  a.terms = terms;
  for (const TicketTotals& l : lines) {
    a.tickets.push_back(l);
    a.raw_minutes += l.raw_minutes;
    a.used_minutes += l.billed_minutes;
  }
  a.left_minutes = std::max<int64_t>(0, terms.included_minutes - a.used_minutes);
  a.overage_minutes = std::max<int64_t>(0, a.used_minutes - terms.included_minutes);
  return a;
}

bool EstimateNeedsApproval(const PackageTerms& terms, const CostEstimate& e,
                           int64_t ticket_overage, const OverageGrant& grant) {
  const bool within_grant =
      grant.approved &&
      (!grant.cap_minutes || ticket_overage + e.additional_overage_minutes <= *grant.cap_minutes);
  return terms.billing_cycle == BillingCycle::kMonthly && terms.require_overage_approval &&
         e.additional_overage_minutes > 0 && !within_grant;
}

}  // namespace supportbytime::domain
