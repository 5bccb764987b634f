// BillingService: usage alerts (R14), the notifiers' queue.
#include "absl/strings/str_cat.h"
#include "server/api/billing_api.h"
#include "server/api/client_parent.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/api/usage_convert.h"
#include "server/domain/usage.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using domain::UsageAlertRecord;

constexpr char kService[] = "supportbytime.v1.BillingService";
constexpr char kAlertPattern[] = "clients/{client}/usageAlerts/{usage_alert}";

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

void AlertToProto(const UsageAlertRecord& a, v1::UsageAlert* out) {
  const std::string subscription = SubscriptionName(a.client_id, a.subscription_id);
  out->set_name(absl::StrCat(ClientName(a.client_id), "/usageAlerts/", a.id));
  out->set_subscription(subscription);
  out->set_period(absl::StrCat(subscription, "/periods/", a.period_key));
  out->set_threshold_percent(a.threshold_percent);
  out->set_used_minutes(static_cast<int32_t>(a.used_minutes));
  out->set_included_minutes(static_cast<int32_t>(a.included_minutes));
  // The level at the crossing, by the period's own thresholds (R17).
  out->set_level(
      ToProto(domain::LevelOf(a.included_minutes, a.used_minutes, a.thresholds_percent)));
  out->set_acknowledged(a.acknowledge_time.has_value());
  SetTimestamp(a.acknowledge_time, out, &v1::UsageAlert::mutable_acknowledge_time);
  ToTimestamp(a.create_time, out->mutable_create_time());
}

}  // namespace

grpc::Status BillingApi::ListUsageAlerts(grpc::ServerContext* ctx,
                                         const v1::ListUsageAlertsRequest* req,
                                         v1::ListUsageAlertsResponse* resp) {
  return run_(ctx, "BillingService/ListUsageAlerts", *req, [&](const Call& call) -> absl::Status {
    domain::UsageAlertFilter filter;
    filter.unacknowledged_only = req->unacknowledged_only();
    auto client = ParseClientParent(call, req->parent());
    if (!client.ok()) return client.status();
    filter.client_id = *client;
    if (!req->subscription().empty()) {
      auto sub = domain::ParseName("clients/{client}/subscriptions/{subscription}",
                                   req->subscription(), "subscription");
      if (!sub.ok()) return sub.status();
      if (!filter.client_id.empty() && sub->at(0) != filter.client_id) {
        return domain::InvalidField("subscription", "must be a subscription of the parent client");
      }
      filter.client_id = sub->at(0);
      filter.subscription_id = sub->at(1);
    }
    const std::string fingerprint =
        absl::StrCat("usageAlerts|", req->parent(), "|", req->subscription(), "|",
                     filter.unacknowledged_only ? 1 : 0);
    return ServePage(
        *req, fingerprint,
        [&](const storage::PageRequest& page) { return alerts_.List(filter, page); },
        [&](const auto& a) { AlertToProto(a, resp->add_usage_alerts()); }, resp);
  });
}

grpc::Status BillingApi::AcknowledgeUsageAlert(grpc::ServerContext* ctx,
                                               const v1::AcknowledgeUsageAlertRequest* req,
                                               v1::UsageAlert* resp) {
  return run_(ctx, "BillingService/AcknowledgeUsageAlert", *req,
              [&](const Call& call) -> absl::Status {
                auto ids = domain::ParseName(kAlertPattern, req->name());
                if (!ids.ok()) return ids.status();
                auto key = IdempotencyKeyFor(call, Method("AcknowledgeUsageAlert"), *req);
                if (!key.ok()) return key.status();
                return ParseReply(
                    alert_cases_.Acknowledge(
                        call.actor.Who(), *key, ids->at(0), ids->at(1),
                        Encode<v1::UsageAlert, UsageAlertRecord>(AlertToProto)),
                    resp);
              });
}

}  // namespace supportbytime::api
