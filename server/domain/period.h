// A billing period (R2, R3): a month of a MONTHLY subscription, or the one
// bucket of a ONE_TIME one, with the snapshot of the terms it is billed on
// and its running totals.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"
#include "server/domain/pool.h"

namespace supportbytime::domain {

// The key of a period in its resource name: "YYYY-MM" or "bucket".
inline constexpr char kBucketKey[] = "bucket";

struct Period {
  std::string id;
  std::string subscription_id;
  std::string client_id;
  std::string key;  // "YYYY-MM" or "bucket"
  std::optional<absl::CivilMonth> month;
  std::optional<absl::Time> start_time;
  std::optional<absl::Time> end_time;
  PeriodState state = PeriodState::kOpen;
  std::optional<absl::Time> close_time;
  std::string package_id;
  int package_version = 0;
  PackageTerms terms;  // with exactly one price: the snapshot's
  std::string time_zone;
  int64_t raw_minutes = 0;
  int64_t used_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
  int64_t entry_count = 0;
  absl::Time create_time;
  absl::Time update_time;
};

// The pool terms of the period's snapshot.
PoolTerms PoolTermsOf(const Period& p);
// The snapshot's hourly overage rate in minor units.
int64_t RateOf(const Period& p);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PERIOD_H_
