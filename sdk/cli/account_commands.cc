// supportbytime clients|subscriptions|keys …
#include <type_traits>

#include "sdk/cli/cli.h"
#include "sdk/cli/date_flag.h"
#include "supportbytime/account_client.h"
#include "supportbytime/pagination.h"

namespace supportbytime::cli {
namespace {

const std::vector<std::string> kClientColumns = {"name", "display_name", "currency_code",
                                                 "time_zone", "external_ref"};
const std::vector<std::string> kSubscriptionColumns = {"name", "package", "package_version",
                                                       "state", "current_period"};
const std::vector<std::string> kKeyColumns = {"name", "display_name", "role", "client",
                                              "key_prefix", "state"};

absl::Status ListClients(const Invocation& in) {
  auto client = sdk::MakeAccountClient(in.options);
  v1::ListClientsRequest req;
  req.set_external_ref(in.Flag("external-ref"));
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListClients(r); },
      [](const auto& r) { return r.clients(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kClientColumns);
  return absl::OkStatus();
}

absl::Status GetClient(const Invocation& in) {
  v1::GetClientRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakeAccountClient(in.options)->GetClient(req), kClientColumns);
}

absl::Status CreateClient(const Invocation& in) {
  v1::CreateClientRequest req;
  auto* c = req.mutable_client();
  if (auto st = in.Require("display-name", c->mutable_display_name()); !st.ok()) return st;
  if (auto st = in.Require("currency", c->mutable_currency_code()); !st.ok()) return st;
  c->set_time_zone(in.Flag("time-zone"));
  c->set_external_ref(in.Flag("external-ref"));
  return Show(in, sdk::MakeAccountClient(in.options)->CreateClient(req), kClientColumns);
}

absl::Status ListSubscriptions(const Invocation& in) {
  auto client = sdk::MakeAccountClient(in.options);
  v1::ListSubscriptionsRequest req;
  if (auto st = in.Require("client", req.mutable_parent()); !st.ok()) return st;
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListSubscriptions(r); },
      [](const auto& r) { return r.subscriptions(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kSubscriptionColumns);
  return absl::OkStatus();
}

absl::Status CreateSubscription(const Invocation& in) {
  v1::CreateSubscriptionRequest req;
  if (auto st = in.Require("client", req.mutable_parent()); !st.ok()) return st;
  if (auto st = in.Require("package", req.mutable_subscription()->mutable_package()); !st.ok()) {
    return st;
  }
  req.mutable_subscription()->set_external_ref(in.Flag("external-ref"));
  return Show(in, sdk::MakeAccountClient(in.options)->CreateSubscription(req),
              kSubscriptionColumns);
}

// activate | suspend | terminate
template <class Request, class Method>
auto Transition(Method method) {
  return [method](const Invocation& in) -> absl::Status {
    Request req;
    if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
    req.set_reason(in.Flag("reason"));
    if constexpr (std::is_same_v<Request, v1::ActivateSubscriptionRequest>) {
      // R20: an ADMIN may back-date the first activation.
      if (!in.Flag("activate-time").empty()) {
        if (auto st = ParseTimeFlag(in, "activate-time", req.mutable_activate_time()); !st.ok()) {
          return st;
        }
      }
    }
    auto client = sdk::MakeAccountClient(in.options);
    return Show(in, ((*client).*method)(req), kSubscriptionColumns);
  };
}

absl::Status ListKeys(const Invocation& in) {
  auto client = sdk::MakeAccountClient(in.options);
  v1::ListApiKeysRequest req;
  req.set_show_revoked(in.Flag("show-revoked") == "true");
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListApiKeys(r); },
      [](const auto& r) { return r.api_keys(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kKeyColumns);
  return absl::OkStatus();
}

absl::Status CreateKey(const Invocation& in) {
  v1::CreateApiKeyRequest req;
  auto* k = req.mutable_api_key();
  if (auto st = in.Require("display-name", k->mutable_display_name()); !st.ok()) return st;
  v1::Role role;
  if (!v1::Role_Parse("ROLE_" + in.Flag("role"), &role)) {
    return absl::InvalidArgumentError("--role must be ADMIN, OPERATOR or CLIENT");
  }
  k->set_role(role);
  k->set_client(in.Flag("client"));
  auto r = sdk::MakeAccountClient(in.options)->CreateApiKey(req);
  if (!r.ok()) return r.status();
  if (in.json) {
    PrintMessage(in, *r, {});
  } else {
    PrintMessage(in, r->api_key(), kKeyColumns);
    PrintLine("secret (shown once)", r->secret());
  }
  return absl::OkStatus();
}

absl::Status RevokeKey(const Invocation& in) {
  v1::RevokeApiKeyRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakeAccountClient(in.options)->RevokeApiKey(req), kKeyColumns);
}

void AddSubscriptionCommands(std::map<std::string, Verb>& s, const Flag& external_ref) {
  const Flag client = Required("client", "clients/ID", "the client");
  const Flag name = Required("name", "clients/ID/subscriptions/ID", "the subscription");
  const Flag reason = Optional("reason", "TEXT", "why, for the audit log");
  s["list"] = {"lists a client's subscriptions", {client}, ListSubscriptions};
  s["create"] = {"creates a PENDING subscription",
                 {client, Required("package", "packages/ID", "the package subscribed to"),
                  external_ref},
                 CreateSubscription};
  s["activate"] = {"activates (once paid; --activate-time back-dates the first activation)",
                   {name, reason,
                    Optional("activate-time", "RFC3339", "when the first activation took effect")},
                   Transition<v1::ActivateSubscriptionRequest>(
                       &sdk::AccountClient::ActivateSubscription)};
  s["suspend"] = {"suspends", {name, reason},
                  Transition<v1::SuspendSubscriptionRequest>(&sdk::AccountClient::SuspendSubscription)};
  s["terminate"] = {"terminates for good", {name, reason},
                    Transition<v1::TerminateSubscriptionRequest>(
                        &sdk::AccountClient::TerminateSubscription)};
}

}  // namespace

void AddAccountCommands(Commands& commands) {
  const Flag external_ref = Optional("external-ref", "REF", "your system's reference");
  auto& c = commands["clients"];
  c["list"] = {"lists clients",
               {Optional("external-ref", "REF", "only the client with this reference")},
               ListClients};
  c["get"] = {"shows a client", {Required("name", "clients/ID", "the client")}, GetClient};
  c["create"] = {"creates a client (or returns the one with that external ref)",
                 {Required("display-name", "NAME", "the client's name"),
                  Required("currency", "EUR", "the currency the client is billed in"),
                  Optional("time-zone", "Europe/Warsaw", "where the client's months begin"),
                  external_ref},
                 CreateClient};
  AddSubscriptionCommands(commands["subscriptions"], external_ref);
  auto& k = commands["keys"];
  k["list"] = {"lists API keys", {Switch("show-revoked", "also list revoked keys")}, ListKeys};
  k["create"] = {"creates an API key and prints its secret once",
                 {Required("role", "ADMIN|OPERATOR|CLIENT", "what the key may do"),
                  Required("display-name", "NAME", "who or what uses the key"),
                  Optional("client", "clients/ID", "the client of a CLIENT key")},
                 CreateKey};
  k["revoke"] = {"revokes an API key", {Required("name", "apiKeys/ID", "the key")}, RevokeKey};
}

}  // namespace supportbytime::cli
