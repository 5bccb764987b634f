// The cost calculator (R18): what `additional_minutes` more would cost in the
// current period.
//
// The extra time is treated exactly as if it were logged now as one new
// entry: it is rounded by the period's real rule (for TICKET scope, as the
// difference it makes to its ticket's rounded sum), it is logged after every
// existing entry, so it takes what is left of the pool and the rest is
// overage. Costs are per-ticket line costs, each rounded once, so
// extra_cost = projected_total - current_total, the same amounts an invoice
// would show.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_ESTIMATE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_ESTIMATE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/lifecycle.h"
#include "server/domain/money.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

// Estimates may exceed one entry's 1440 minutes ("what would 30 more hours
// cost?"); anything beyond two years of minutes is a typo.
inline constexpr int64_t kMaxEstimateMinutes = 2 * 366 * 24 * 60;

struct EstimateRequest {
  BillingCycle cycle = BillingCycle::kMonthly;
  int64_t additional_minutes = 0;  // 0 - kMaxEstimateMinutes
  std::string ticket_id;           // empty: a new ticket
  Money hourly_rate;               // the period's rate in the client's currency
};

struct CostEstimate {
  int64_t additional_billed_minutes = 0;
  int64_t additional_included_minutes = 0;
  int64_t additional_overage_minutes = 0;
  int64_t projected_used_minutes = 0;
  int64_t projected_left_minutes = 0;
  int64_t projected_overage_minutes = 0;
  // ONE_TIME only: the extra time does not fit the bucket and would be
  // refused (BUCKET_EXHAUSTED). ONE_TIME never has overage or costs.
  bool exceeds_bucket = false;
  Money hourly_rate;
  Money extra_cost;       // projected_total - current_total
  Money current_total;    // sum of today's per-ticket line costs
  Money projected_total;  // the same with the extra time

  friend bool operator==(const CostEstimate&, const CostEstimate&) = default;
};

// `current` is the period's allocation (its terms included). Refuses
// (INVALID_FIELD) additional_minutes outside 0 - kMaxEstimateMinutes and an
// invalid or negative rate.
absl::StatusOr<CostEstimate> Estimate(const PoolAllocation& current,
                                      const EstimateRequest& request);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_ESTIMATE_H_
