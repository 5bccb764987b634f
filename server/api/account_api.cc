#include "server/api/account_api.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_mask_util.h"
#include "server/api/client_convert.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/package_convert.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/auth/api_key.h"
#include "server/domain/currency.h"
#include "server/domain/time_zone.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using domain::SubscriptionStatus;

constexpr char kService[] = "supportbytime.v1.AccountService";
constexpr int kMaxExternalRef = 200;
constexpr int kMaxReason = 500;

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

v1::SubscriptionState StateToProto(SubscriptionStatus s) {
  switch (s) {
    case SubscriptionStatus::kPending:
      return v1::SUBSCRIPTION_STATE_PENDING;
    case SubscriptionStatus::kActive:
      return v1::SUBSCRIPTION_STATE_ACTIVE;
    case SubscriptionStatus::kSuspended:
      return v1::SUBSCRIPTION_STATE_SUSPENDED;
    case SubscriptionStatus::kTerminated:
      return v1::SUBSCRIPTION_STATE_TERMINATED;
    case SubscriptionStatus::kDepleted:
      return v1::SUBSCRIPTION_STATE_DEPLETED;
  }
  return v1::SUBSCRIPTION_STATE_UNSPECIFIED;
}

// The subscription as seen at `now` (which period is current).
auto SubscriptionEncoder(absl::Time now) {
  return [now](const domain::Subscription& s, v1::Subscription* out) {
    const std::string name = SubscriptionName(s.client_id, s.id);
    out->set_name(name);
    out->set_package(PackageName(s.package_id));
    out->set_package_version(s.package_version);
    if (!s.next_package_id.empty()) out->set_next_package(PackageName(s.next_package_id));
    if (s.next_package_start_month) {
      ToMonthDate(*s.next_package_start_month, out->mutable_next_package_start_month());
    }
    out->set_billing_cycle(BillingCycleToProto(s.billing_cycle));
    out->set_state(StateToProto(s.status));
    if (s.status != SubscriptionStatus::kPending) {
      std::string period = "bucket";
      absl::TimeZone tz;
      if (s.billing_cycle == domain::BillingCycle::kMonthly &&
          absl::LoadTimeZone(s.client_time_zone, &tz)) {
        period = domain::PeriodKey(domain::MonthOf(now, tz));
      }
      out->set_current_period(absl::StrCat(name, "/periods/", period));
    }
    out->set_external_ref(s.external_ref);
    ToTimestamp(s.create_time, out->mutable_create_time());
    ToTimestamp(s.update_time, out->mutable_update_time());
    SetTimestamp(s.activate_time, out, &v1::Subscription::mutable_activate_time);
    SetTimestamp(s.suspend_time, out, &v1::Subscription::mutable_suspend_time);
    SetTimestamp(s.terminate_time, out, &v1::Subscription::mutable_terminate_time);
  };
}

void ApiKeyToProto(const domain::ApiKey& k, v1::ApiKey* out) {
  out->set_name(ApiKeyName(k.id));
  out->set_display_name(k.display_name);
  out->set_role(k.role == "ADMIN"      ? v1::ROLE_ADMIN
                : k.role == "OPERATOR" ? v1::ROLE_OPERATOR
                                       : v1::ROLE_CLIENT);
  if (!k.client_id.empty()) out->set_client(ClientName(k.client_id));
  out->set_key_prefix(k.key_prefix);
  out->set_state(k.revoke_time ? v1::API_KEY_STATE_REVOKED : v1::API_KEY_STATE_ACTIVE);
  ToTimestamp(k.create_time, out->mutable_create_time());
  SetTimestamp(k.revoke_time, out, &v1::ApiKey::mutable_revoke_time);
}

absl::StatusOr<std::string> ClientId(const std::string& name, absl::string_view field) {
  auto ids = domain::ParseName("clients/{client}", name, field);
  if (!ids.ok()) return ids.status();
  return ids->at(0);
}

struct SubscriptionRef {
  std::string client_id;
  std::string id;
};

// Parses the name and hides other clients' subscriptions from CLIENT keys.
absl::StatusOr<SubscriptionRef> VisibleSubscription(const Call& call, const std::string& name) {
  auto ids = domain::ParseName("clients/{client}/subscriptions/{subscription}", name);
  if (!ids.ok()) return ids.status();
  if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), name); !st.ok()) return st;
  return SubscriptionRef{ids->at(0), ids->at(1)};
}

void ValidateClientFields(const v1::Client& c, domain::Violations& v) {
  v.Merge(domain::ValidateText("client.display_name", c.display_name(), {1, 200}));
  v.Merge(domain::ValidateCurrency("client.currency_code", c.currency_code()));
  if (!c.time_zone().empty()) v.Merge(domain::ValidateTimeZone("client.time_zone", c.time_zone()));
  v.Merge(domain::ValidateText("client.external_ref", c.external_ref(), {0, kMaxExternalRef}));
}

absl::Status ValidateReason(const std::string& reason) {
  return domain::ValidateText("reason", reason, {0, kMaxReason, /*multiline=*/true});
}

}  // namespace

grpc::Status AccountApi::CreateClient(grpc::ServerContext* ctx, const v1::CreateClientRequest* req,
                                      v1::Client* resp) {
  return run_(ctx, "AccountService/CreateClient", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    if (!req->has_client()) v.Add("client", "is required");
    ValidateClientFields(req->client(), v);
    if (!v.empty()) return v.ToStatus();
    domain::Client in;
    in.display_name = req->client().display_name();
    in.currency = req->client().currency_code();
    in.time_zone =
        req->client().time_zone().empty() ? default_time_zone_ : req->client().time_zone();
    in.external_ref = req->client().external_ref();
    auto key = IdempotencyKeyFor(call, Method("CreateClient"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(accounts_.CreateClient(call.actor.Who(), *key, in,
                                             Encode<v1::Client, domain::Client>(ClientToProto)),
                      resp);
  });
}

grpc::Status AccountApi::GetClient(grpc::ServerContext* ctx, const v1::GetClientRequest* req,
                                   v1::Client* resp) {
  return run_(ctx, "AccountService/GetClient", *req, [&](const Call& call) -> absl::Status {
    auto id = ClientId(req->name(), "name");
    if (!id.ok()) return id.status();
    if (auto st = auth::CheckClientAccess(call.actor, *id, req->name()); !st.ok()) return st;
    auto c = accounts_.GetClient(*id);
    if (!c.ok()) return c.status();
    ClientToProto(*c, resp);
    return absl::OkStatus();
  });
}

grpc::Status AccountApi::ListClients(grpc::ServerContext* ctx, const v1::ListClientsRequest* req,
                                     v1::ListClientsResponse* resp) {
  return run_(ctx, "AccountService/ListClients", *req, [&](const Call& call) -> absl::Status {
    if (auto st = domain::ValidateText("external_ref", req->external_ref(), {0, kMaxExternalRef});
        !st.ok()) {
      return st;
    }
    const std::string only = call.actor.role == Role::kClient ? call.actor.client_id : "";
    const std::string fingerprint = absl::StrCat("clients|", req->external_ref(), "|", only);
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) {
          return accounts_.ListClients(page, req->external_ref(), only);
        },
        [&](const auto& c) { ClientToProto(c, resp->add_clients()); }, resp);
  });
}

grpc::Status AccountApi::UpdateClient(grpc::ServerContext* ctx, const v1::UpdateClientRequest* req,
                                      v1::Client* resp) {
  return run_(ctx, "AccountService/UpdateClient", *req, [&](const Call& call) -> absl::Status {
    auto id = ClientId(req->client().name(), "client.name");
    if (!id.ok()) return id.status();
    const auto& paths = req->update_mask().paths();
    if (paths.empty())
      return domain::InvalidField("update_mask", "is required: name the fields to change");
    bool all = false;
    for (const std::string& p : paths) {
      if (p == "*") {
        all = true;
      } else if (p != "display_name" && p != "external_ref" && p != "time_zone" &&
                 p != "currency_code") {
        return domain::InvalidField(
            "update_mask", absl::StrCat("path '", p.substr(0, 100),
                                        "' is not one of display_name, external_ref, time_zone, "
                                        "currency_code or *"));
      }
    }
    auto has = [&](const char* p) {
      return all || std::find(paths.begin(), paths.end(), p) != paths.end();
    };
    auto key = IdempotencyKeyFor(call, Method("UpdateClient"), *req);
    if (!key.ok()) return key.status();
    auto change = [&](const domain::Client& current) -> absl::StatusOr<domain::Client> {
      v1::Client merged;
      ClientToProto(current, &merged);
      const v1::Client& in = req->client();
      if (has("display_name")) merged.set_display_name(in.display_name());
      if (has("external_ref")) merged.set_external_ref(in.external_ref());
      if (has("currency_code")) merged.set_currency_code(in.currency_code());
      if (has("time_zone")) {
        merged.set_time_zone(in.time_zone().empty() ? default_time_zone_ : in.time_zone());
      }
      domain::Violations v;
      ValidateClientFields(merged, v);
      if (!v.empty()) return v.ToStatus();
      domain::Client next = current;
      next.display_name = merged.display_name();
      next.external_ref = merged.external_ref();
      next.currency = merged.currency_code();
      next.time_zone = merged.time_zone();
      return next;
    };
    return ParseReply(accounts_.UpdateClient(call.actor.Who(), *key, *id, change,
                                             Encode<v1::Client, domain::Client>(ClientToProto)),
                      resp);
  });
}

grpc::Status AccountApi::CreateSubscription(grpc::ServerContext* ctx,
                                            const v1::CreateSubscriptionRequest* req,
                                            v1::Subscription* resp) {
  return run_(
      ctx, "AccountService/CreateSubscription", *req, [&](const Call& call) -> absl::Status {
        domain::Violations v;
        auto client_id = ClientId(req->parent(), "parent");
        v.Merge(client_id.status());
        if (!req->has_subscription()) v.Add("subscription", "is required");
        auto package = domain::ParseName("packages/{package}", req->subscription().package(),
                                         "subscription.package");
        v.Merge(package.status());
        v.Merge(domain::ValidateText("subscription.external_ref",
                                     req->subscription().external_ref(), {0, kMaxExternalRef}));
        if (!v.empty()) return v.ToStatus();
        auto key = IdempotencyKeyFor(call, Method("CreateSubscription"), *req);
        if (!key.ok()) return key.status();
        return ParseReply(
            accounts_.CreateSubscription(
                call.actor.Who(), *key, *client_id, package->at(0), req->subscription().external_ref(),
                Encode<v1::Subscription, domain::Subscription>(SubscriptionEncoder(call.now))),
            resp);
      });
}

grpc::Status AccountApi::GetSubscription(grpc::ServerContext* ctx,
                                         const v1::GetSubscriptionRequest* req,
                                         v1::Subscription* resp) {
  return run_(ctx, "AccountService/GetSubscription", *req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleSubscription(call, req->name());
    if (!ref.ok()) return ref.status();
    auto s = accounts_.GetSubscription(ref->client_id, ref->id);
    if (!s.ok()) return s.status();
    SubscriptionEncoder(call.now)(*s, resp);
    return absl::OkStatus();
  });
}

grpc::Status AccountApi::ListSubscriptions(grpc::ServerContext* ctx,
                                           const v1::ListSubscriptionsRequest* req,
                                           v1::ListSubscriptionsResponse* resp) {
  return run_(ctx, "AccountService/ListSubscriptions", *req, [&](const Call& call) -> absl::Status {
    auto client_id = ClientId(req->parent(), "parent");
    if (!client_id.ok()) return client_id.status();
    if (auto st = auth::CheckClientAccess(call.actor, *client_id, req->parent()); !st.ok())
      return st;
    usecases::SubscriptionFilter filter;
    domain::Violations v;
    switch (req->state()) {
      case v1::SUBSCRIPTION_STATE_UNSPECIFIED:
        break;
      case v1::SUBSCRIPTION_STATE_PENDING:
        filter.status = SubscriptionStatus::kPending;
        break;
      case v1::SUBSCRIPTION_STATE_ACTIVE:
        filter.status = SubscriptionStatus::kActive;
        break;
      case v1::SUBSCRIPTION_STATE_SUSPENDED:
        filter.status = SubscriptionStatus::kSuspended;
        break;
      case v1::SUBSCRIPTION_STATE_TERMINATED:
        filter.status = SubscriptionStatus::kTerminated;
        break;
      case v1::SUBSCRIPTION_STATE_DEPLETED:
        filter.status = SubscriptionStatus::kDepleted;
        break;
      default:
        v.Add("state", "is not a known SubscriptionState value");
    }
    if (!req->package().empty()) {
      auto p = domain::ParseName("packages/{package}", req->package(), "package");
      if (p.ok()) filter.package_id = p->at(0);
      v.Merge(p.status());
    }
    v.Merge(domain::ValidateText("external_ref", req->external_ref(), {0, kMaxExternalRef}));
    filter.external_ref = req->external_ref();
    if (!v.empty()) return v.ToStatus();
    const std::string fingerprint = absl::StrCat("subscriptions|", *client_id, "|", req->state(),
                                                 "|", filter.package_id, "|", filter.external_ref);
    auto encode = SubscriptionEncoder(call.now);
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) {
          return accounts_.ListSubscriptions(*client_id, filter, page);
        },
        [&](const auto& s) { encode(s, resp->add_subscriptions()); }, resp);
  });
}

// An ActivateSubscriptionRequest's activate_time (R20): a past instant, or
// none. Other transitions take none.
template <class Request>
absl::StatusOr<std::optional<absl::Time>> ActivateTimeOf(const Request&, absl::Time) {
  return std::nullopt;
}
template <>
absl::StatusOr<std::optional<absl::Time>> ActivateTimeOf(const v1::ActivateSubscriptionRequest& req,
                                                         absl::Time now) {
  if (!req.has_activate_time()) return std::nullopt;
  auto at = FromTimestamp(req.activate_time(), "activate_time");
  if (!at.ok()) return at.status();
  if (*at > now) return domain::InvalidField("activate_time", "must not be in the future");
  return std::optional<absl::Time>(*at);
}

template <class Request>
grpc::Status AccountApi::Transition(grpc::ServerContext* ctx, const char* rpc, const Request& req,
                                    SubscriptionStatus to, v1::Subscription* resp) {
  return run_(
      ctx, absl::StrCat("AccountService/", rpc), req, [&](const Call& call) -> absl::Status {
        auto ref = VisibleSubscription(call, req.name());
        if (!ref.ok()) return ref.status();
        if (auto st = ValidateReason(req.reason()); !st.ok()) return st;
        auto activate_time = ActivateTimeOf(req, call.now);
        if (!activate_time.ok()) return activate_time.status();
        auto key = IdempotencyKeyFor(call, Method(rpc), req);
        if (!key.ok()) return key.status();
        return ParseReply(
            accounts_.TransitionSubscription(
                call.actor.Who(), *key, ref->client_id, ref->id, to, req.reason(), *activate_time,
                Encode<v1::Subscription, domain::Subscription>(SubscriptionEncoder(call.now))),
            resp);
      });
}

grpc::Status AccountApi::ActivateSubscription(grpc::ServerContext* ctx,
                                              const v1::ActivateSubscriptionRequest* req,
                                              v1::Subscription* resp) {
  return Transition(ctx, "ActivateSubscription", *req, SubscriptionStatus::kActive, resp);
}

grpc::Status AccountApi::SuspendSubscription(grpc::ServerContext* ctx,
                                             const v1::SuspendSubscriptionRequest* req,
                                             v1::Subscription* resp) {
  return Transition(ctx, "SuspendSubscription", *req, SubscriptionStatus::kSuspended, resp);
}

grpc::Status AccountApi::TerminateSubscription(grpc::ServerContext* ctx,
                                               const v1::TerminateSubscriptionRequest* req,
                                               v1::Subscription* resp) {
  return Transition(ctx, "TerminateSubscription", *req, SubscriptionStatus::kTerminated, resp);
}

grpc::Status AccountApi::ChangePackage(grpc::ServerContext* ctx,
                                       const v1::ChangePackageRequest* req,
                                       v1::Subscription* resp) {
  return run_(ctx, "AccountService/ChangePackage", *req, [&](const Call& call) -> absl::Status {
    auto ref = VisibleSubscription(call, req->name());
    if (!ref.ok()) return ref.status();
    auto package = domain::ParseName("packages/{package}", req->package(), "package");
    if (!package.ok()) return package.status();
    if (auto st = ValidateReason(req->reason()); !st.ok()) return st;
    auto key = IdempotencyKeyFor(call, Method("ChangePackage"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(
        accounts_.ChangePackage(
            call.actor.Who(), *key, ref->client_id, ref->id, package->at(0),
            req->apply_to_current_period(), req->reason(),
            Encode<v1::Subscription, domain::Subscription>(SubscriptionEncoder(call.now))),
        resp);
  });
}

grpc::Status AccountApi::CreateApiKey(grpc::ServerContext* ctx, const v1::CreateApiKeyRequest* req,
                                      v1::CreateApiKeyResponse* resp) {
  return run_(ctx, "AccountService/CreateApiKey", *req, [&](const Call& call) -> absl::Status {
    const v1::ApiKey& in = req->api_key();
    domain::Violations v;
    domain::NewApiKey key_in;
    key_in.display_name = in.display_name();
    v.Merge(domain::ValidateText("api_key.display_name", in.display_name(), {1, 200}));
    switch (in.role()) {
      case v1::ROLE_ADMIN:
        key_in.role = "ADMIN";
        break;
      case v1::ROLE_OPERATOR:
        key_in.role = "OPERATOR";
        break;
      case v1::ROLE_CLIENT:
        key_in.role = "CLIENT";
        break;
      case v1::ROLE_UNSPECIFIED:
        v.Add("api_key.role", "is required: ROLE_ADMIN, ROLE_OPERATOR or ROLE_CLIENT");
        break;
      default:
        v.Add("api_key.role", "is not a known Role value");
    }
    if (in.role() == v1::ROLE_CLIENT) {
      auto id = ClientId(in.client(), "api_key.client");
      if (id.ok()) key_in.client_id = *id;
      v.Merge(id.status());
    } else if (!in.client().empty()) {
      v.Add("api_key.client", "must be empty unless the role is ROLE_CLIENT");
    }
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("CreateApiKey"), *req);
    if (!key.ok()) return key.status();
    // The stored answer leaves the secret out: only its hash is kept.
    const std::string secret = auth::GenerateSecret();
    std::string created_id;
    key_in.key_hash_hex = auth::HashSecret(secret);
    key_in.key_prefix = auth::SecretPrefix(secret);
    auto bytes = accounts_.CreateApiKey(call.actor.Who(), *key, key_in, [&](const domain::ApiKey& row) {
      created_id = row.id;
      v1::CreateApiKeyResponse r;
      ApiKeyToProto(row, r.mutable_api_key());
      return r.SerializeAsString();
    });
    if (auto st = ParseReply(bytes, resp); !st.ok()) return st;
    if (!created_id.empty()) resp->set_secret(secret);  // created by this call, not replayed
    return absl::OkStatus();
  });
}

grpc::Status AccountApi::GetApiKey(grpc::ServerContext* ctx, const v1::GetApiKeyRequest* req,
                                   v1::ApiKey* resp) {
  return run_(ctx, "AccountService/GetApiKey", *req, [&](const Call&) -> absl::Status {
    auto ids = domain::ParseName("apiKeys/{api_key}", req->name());
    if (!ids.ok()) return ids.status();
    auto k = accounts_.GetApiKey(ids->at(0));
    if (!k.ok()) return k.status();
    ApiKeyToProto(*k, resp);
    return absl::OkStatus();
  });
}

grpc::Status AccountApi::ListApiKeys(grpc::ServerContext* ctx, const v1::ListApiKeysRequest* req,
                                     v1::ListApiKeysResponse* resp) {
  return run_(ctx, "AccountService/ListApiKeys", *req, [&](const Call&) -> absl::Status {
    domain::ApiKeyFilter filter;
    filter.show_revoked = req->show_revoked();
    domain::Violations v;
    switch (req->role()) {
      case v1::ROLE_UNSPECIFIED:
        break;
      case v1::ROLE_ADMIN:
        filter.role = "ADMIN";
        break;
      case v1::ROLE_OPERATOR:
        filter.role = "OPERATOR";
        break;
      case v1::ROLE_CLIENT:
        filter.role = "CLIENT";
        break;
      default:
        v.Add("role", "is not a known Role value");
    }
    if (!req->client().empty()) {
      auto id = ClientId(req->client(), "client");
      if (id.ok()) filter.client_id = *id;
      v.Merge(id.status());
    }
    if (!v.empty()) return v.ToStatus();
    const std::string fingerprint =
        absl::StrCat("apiKeys|", req->role(), "|", filter.client_id, "|", filter.show_revoked);
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) { return accounts_.ListApiKeys(page, filter); },
        [&](const auto& k) { ApiKeyToProto(k, resp->add_api_keys()); }, resp);
  });
}

grpc::Status AccountApi::RevokeApiKey(grpc::ServerContext* ctx, const v1::RevokeApiKeyRequest* req,
                                      v1::ApiKey* resp) {
  return run_(ctx, "AccountService/RevokeApiKey", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName("apiKeys/{api_key}", req->name());
    if (!ids.ok()) return ids.status();
    auto key = IdempotencyKeyFor(call, Method("RevokeApiKey"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(accounts_.RevokeApiKey(call.actor.Who(), *key, ids->at(0),
                                          Encode<v1::ApiKey, domain::ApiKey>(ApiKeyToProto)),
                      resp);
  });
}

}  // namespace supportbytime::api
