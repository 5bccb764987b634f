// What to write after a period's entries were recomputed (an edit, a delete,
// a move between months, new terms): the entries whose split changed, the
// ticket lines whose totals changed, the period's totals, the usage alerts
// crossed (R14) and the ONE_TIME subscription's state (R7).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_REWRITE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_REWRITE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/domain/lifecycle.h"
#include "server/domain/period.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

// An entry's stored split.
struct StoredSplit {
  int64_t billed_minutes = 0;
  int64_t included_minutes = 0;
  int64_t overage_minutes = 0;
};
// By entry id.
using StoredSplits = std::map<std::string, StoredSplit>;

// The live entries of a period in logged order, with their stored splits.
struct PeriodEntries {
  std::vector<PoolEntry> entries;
  StoredSplits stored;
};

// A ticket's running totals in one period (period_tickets).
struct TicketLine {
  std::string ticket_id;
  int64_t raw_minutes = 0;
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
  int64_t entry_count = 0;
  int64_t non_billable_minutes = 0;
};

struct EntrySplit {
  std::string entry_id;
  int64_t billed_minutes = 0;
  int64_t included_minutes = 0;
  int64_t overage_minutes = 0;
};

struct PeriodRewrite {
  std::vector<EntrySplit> splits;  // entries whose split changed
  std::vector<TicketLine> lines;   // lines whose totals changed (or that must be rewritten)
  int64_t raw_minutes = 0;
  int64_t used_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t entry_count = 0;
  std::vector<int> crossed_thresholds;                    // R14: alerts to raise
  std::optional<SubscriptionStatus> subscription_status;  // R7: the new state, when it changes
};

// R7: the state a subscription on `cycle` moves to after its period used
// `used_after` of `included` minutes; nullopt when it stays `current`.
std::optional<SubscriptionStatus> SubscriptionTransition(BillingCycle cycle, int64_t included,
                                                         SubscriptionStatus current,
                                                         int64_t used_after);

// The writes of `after`, the recomputed allocation of period `p` (whose
// snapshot terms apply) that used `used_before` minutes: every entry whose
// split differs from `stored`, every line of `lines` whose totals differ
// (and those of `always_tickets`; a line with no live entry goes to zero),
// the totals, alerts and subscription state.
absl::StatusOr<PeriodRewrite> PlanPeriodRewrite(const Period& p, int64_t used_before,
                                                const StoredSplits& stored,
                                                const PoolAllocation& after,
                                                const std::vector<TicketLine>& lines,
                                                const std::set<std::string>& always_tickets,
                                                SubscriptionStatus subscription_status);

// R7 for new terms applied to a running ONE_TIME bucket: BUCKET_EXHAUSTED
// (minutes_left 0) when the bucket already holds more than `included`.
absl::Status CheckTermsFitBucket(BillingCycle cycle, int64_t included, int64_t used);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_REWRITE_H_
