// The cost calculator over a period's running totals (R18) and the overage
// approval it predicts (R8).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_ESTIMATE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_ESTIMATE_H_

#include <cstdint>
#include <vector>

#include "server/domain/estimate.h"
#include "server/domain/package.h"
#include "server/domain/pool.h"
#include "server/domain/time_entry_rules.h"

namespace supportbytime::domain {

// The period's pool as running totals, without reading its entries: the
// ticket lines (which always add up to the period's) summed.
PoolAllocation AllocationOfLines(const PoolTerms& terms, const std::vector<TicketTotals>& lines);

// R8 as the time entry path decides it: a MONTHLY period that requires
// approval, extra overage, and no approval for this period or one whose cap
// the extra overage would pass. `ticket_overage` is the ticket's overage in
// the period so far.
bool EstimateNeedsApproval(const PackageTerms& terms, const CostEstimate& estimate,
                           int64_t ticket_overage, const OverageGrant& grant);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_ESTIMATE_H_
