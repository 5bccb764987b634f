// Usage alerts (R14): acknowledging one once handled.
#ifndef SUPPORTBYTIME_SERVER_USECASES_BILLING_USAGE_ALERTS_H_
#define SUPPORTBYTIME_SERVER_USECASES_BILLING_USAGE_ALERTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/domain/usage_alert.h"
#include "server/domain/who.h"
#include "server/usecases/billing_repository.h"
#include "server/usecases/idempotency.h"

namespace supportbytime::usecases {

class UsageAlerts final {
 public:
  UsageAlerts(Idempotency& idempotency, UsageAlertRepository& repo, const domain::Clock& clock)
      : idempotency_(idempotency), repo_(repo), clock_(clock) {}

  // Sets acknowledged_at/by once; acknowledging again changes nothing and
  // returns the alert. Audited when it changes. NOT_FOUND for the alert.
  absl::StatusOr<std::string> Acknowledge(const domain::Who& who, const IdempotencyKey& key,
                                          const std::string& client_id, const std::string& id,
                                          const Encoder<domain::UsageAlertRecord>& encode);

 private:
  Idempotency& idempotency_;
  UsageAlertRepository& repo_;
  const domain::Clock& clock_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_BILLING_USAGE_ALERTS_H_
