#include "server/usecases/billing_usage_alerts.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/util/json.h"
#include "server/domain/resource_names.h"

namespace supportbytime::usecases {

absl::StatusOr<std::string> UsageAlerts::Acknowledge(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const Encoder<domain::UsageAlertRecord>& encode) {
  const std::string name = domain::UsageAlertResource(client_id, id);
  return idempotency_.Run(key, [&](Tx& tx) -> absl::StatusOr<std::string> {
    auto alert = repo_.FindAlert(tx, client_id, id, /*for_update=*/true);
    if (!alert.ok()) return alert.status();
    if (!*alert) return domain::NotFound(name);
    if ((*alert)->acknowledge_time) return encode(**alert);  // already handled: nothing changes
    if (auto st = repo_.MarkAcknowledged(tx, id, who.key_id, clock_.Now()); !st.ok()) return st;
    absl::Status st = repo_.Audit(
        tx, who, key.request_id,
        {"AcknowledgeUsageAlert", name, client_id, "",
         util::JsonObject()
             .Add("subscription",
                  domain::SubscriptionResource(client_id, (*alert)->subscription_id))
             .Add("period", (*alert)->period_key)
             .Add("threshold_percent", (*alert)->threshold_percent)
             .str()});
    if (!st.ok()) return st;
    auto after = repo_.FindAlert(tx, client_id, id, /*for_update=*/false);
    if (!after.ok()) return after.status();
    return encode(**after);
  });
}

}  // namespace supportbytime::usecases
