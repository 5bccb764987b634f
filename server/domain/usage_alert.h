// A usage alert (R14): a subscription's period reached a threshold of its
// included time; notifiers acknowledge it once handled.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_USAGE_ALERT_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_USAGE_ALERT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace supportbytime::domain {

struct UsageAlertRecord {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  std::string period_key;  // "YYYY-MM" or "bucket"
  int threshold_percent = 0;
  int64_t used_minutes = 0;             // when the threshold was reached
  int64_t included_minutes = 0;         // the period's snapshot
  std::vector<int> thresholds_percent;  // the period's snapshot
  absl::Time create_time;
  std::optional<absl::Time> acknowledge_time;
};

struct UsageAlertFilter {
  std::string client_id;        // empty: every client
  std::string subscription_id;  // empty: every subscription
  bool unacknowledged_only = false;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_USAGE_ALERT_H_
