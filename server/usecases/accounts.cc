#include "server/usecases/accounts.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/domain/resource_names.h"
#include "server/domain/subscription_rules.h"
#include "server/domain/time_zone.h"
#include "server/util/json.h"

namespace supportbytime::usecases {
namespace {

using domain::Client;
using domain::ClientResource;
using domain::PackageResource;
using domain::Subscription;
using domain::SubscriptionResource;
using domain::SubscriptionStatus;

std::string ClientJson(const Client& c) {
  return util::JsonObject()
      .Add("display_name", c.display_name)
      .Add("currency_code", c.currency)
      .Add("time_zone", c.time_zone)
      .Add("external_ref", c.external_ref)
      .str();
}

std::string SubscriptionJson(const Subscription& s) {
  util::JsonObject o;
  o.Add("package", PackageResource(s.package_id))
      .Add("package_version", s.package_version)
      .Add("state", domain::SubscriptionStatusName(s.status));
  if (!s.next_package_id.empty()) o.Add("next_package", PackageResource(s.next_package_id));
  if (!s.external_ref.empty()) o.Add("external_ref", s.external_ref);
  return o.str();
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<std::string> Accounts::CreateClient(const domain::Who& who,
                                                   const IdempotencyKey& key, const Client& in,
                                                   const Encoder<Client>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Client>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Client> {
        // Always written: the column's old default (3000) is no currency's base.
        std::optional<std::string> id =
            repo_.InsertClient(tx, in, goodwill_.ResetMinor(in.currency), now);
        if (!id) {
          // Safe sync: the external system's client exists already.
          return *repo_.FindClient(tx, repo_.ClientIdByExternalRef(tx, in.external_ref, ""),
                                   false);
        }
        std::optional<Client> c = repo_.FindClient(tx, *id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"CreateClient", ClientResource(*id), *id, "",
                           util::JsonObject().AddRaw("after", ClientJson(*c)).str()});
        return *c;
      },
      encode);
}

absl::StatusOr<Client> Accounts::GetClient(const std::string& id) {
  std::optional<Client> c;
  absl::Status st = tx_.Read([&](Tx& tx) {
    c = repo_.FindClient(tx, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!c) return domain::NotFound(ClientResource(id));
  return *c;
}

absl::StatusOr<domain::Page<Client>> Accounts::ListClients(const domain::PageRequest& page,
                                                           const std::string& external_ref,
                                                           const std::string& only_id) {
  domain::Page<Client> out;
  absl::Status st = tx_.Read([&](Tx& tx) {
    out = repo_.ListClients(tx, page, external_ref, only_id);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::Status Accounts::CheckClientChange(Tx& tx, const Client& before, const Client& next) {
  for (auto [field, changed] : {std::pair{"currency_code", next.currency != before.currency},
                                std::pair{"time_zone", next.time_zone != before.time_zone}}) {
    if (changed && before.has_history) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "CLIENT_HAS_HISTORY",
                           absl::StrCat("The client's ", field,
                                        " cannot change once it has a billing period."),
                           {{"field", absl::StrCat("client.", field)}});
    }
  }
  if (!next.external_ref.empty() && next.external_ref != before.external_ref) {
    const std::string holder = repo_.ClientIdByExternalRef(tx, next.external_ref, before.id);
    if (!holder.empty()) {
      return domain::Error(absl::StatusCode::kAlreadyExists, "EXTERNAL_REF_IN_USE",
                           "Another client already has this external_ref.",
                           {{"external_ref", next.external_ref},
                            {"resource_name", ClientResource(holder)}});
    }
  }
  if (next.currency != before.currency) {
    for (const std::string& pid : repo_.LivePackageIds(tx, before.id)) {
      std::optional<domain::Package> p = packages_.FindPackage(tx, pid, false);
      absl::Status priced = domain::RequirePrice(p->terms, next.currency, PackageResource(pid));
      if (!priced.ok()) return priced;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Accounts::UpdateClient(
    const domain::Who& who, const IdempotencyKey& key, const std::string& id,
    const std::function<absl::StatusOr<Client>(const Client&)>& change,
    const Encoder<Client>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Client>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Client> {
        std::optional<Client> before = repo_.FindClient(tx, id, true);
        if (!before) return domain::NotFound(ClientResource(id));
        absl::StatusOr<Client> next = change(*before);
        if (!next.ok()) return next.status();
        if (absl::Status st = CheckClientChange(tx, *before, *next); !st.ok()) return st;
        repo_.UpdateClient(tx, *next, goodwill_.ResetMinor(next->currency), now);
        std::optional<Client> after = repo_.FindClient(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"UpdateClient", ClientResource(id), id, "",
                           util::JsonObject()
                               .AddRaw("before", ClientJson(*before))
                               .AddRaw("after", ClientJson(*after))
                               .str()});
        return *after;
      },
      encode);
}

// A package that may take new subscriptions of `currency`: exists, is not
// archived, and prices the currency.
absl::StatusOr<domain::Package> Accounts::UsablePackage(Tx& tx, const std::string& package_id,
                                                        const std::string& currency) {
  const std::string name = PackageResource(package_id);
  std::optional<domain::Package> p = packages_.FindPackage(tx, package_id, false);
  if (!p) return domain::NotFound(name);
  if (p->archive_time) {
    return domain::Error(absl::StatusCode::kFailedPrecondition, "PACKAGE_ARCHIVED",
                         absl::StrCat(name, " is archived and takes no new subscriptions."),
                         {{"package", name}});
  }
  absl::Status priced = domain::RequirePrice(p->terms, currency, name);
  if (!priced.ok()) return priced;
  return *p;
}

absl::StatusOr<std::string> Accounts::CreateSubscription(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& package_id, const std::string& external_ref,
    const Encoder<Subscription>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Subscription>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Subscription> {
        std::optional<Client> client = repo_.FindClient(tx, client_id, false);
        if (!client) return domain::NotFound(ClientResource(client_id));
        if (!external_ref.empty()) {
          std::string existing = repo_.SubscriptionIdByExternalRef(tx, client_id, external_ref);
          if (!existing.empty()) return *repo_.FindSubscription(tx, client_id, existing, false, now);
        }
        absl::StatusOr<domain::Package> package = UsablePackage(tx, package_id, client->currency);
        if (!package.ok()) return package.status();
        std::optional<std::string> id =
            repo_.InsertSubscription(tx, client_id, package_id, external_ref, now);
        if (!id) {
          // A concurrent call created it with this external_ref first: safe sync.
          const std::string other = repo_.SubscriptionIdByExternalRef(tx, client_id, external_ref);
          return *repo_.FindSubscription(tx, client_id, other, false, now);
        }
        std::optional<Subscription> sub = repo_.FindSubscription(tx, client_id, *id, false, now);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"CreateSubscription", SubscriptionResource(client_id, *id), client_id,
                           "", util::JsonObject().AddRaw("after", SubscriptionJson(*sub)).str()});
        return *sub;
      },
      encode);
}

absl::StatusOr<Subscription> Accounts::GetSubscription(const std::string& client_id,
                                                       const std::string& id) {
  const absl::Time now = clock_.Now();
  std::optional<Subscription> sub;
  absl::Status st = tx_.Read([&](Tx& tx) {
    sub = repo_.FindSubscription(tx, client_id, id, false, now);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!sub) return domain::NotFound(SubscriptionResource(client_id, id));
  return *sub;
}

absl::StatusOr<domain::Page<Subscription>> Accounts::ListSubscriptions(
    const std::string& client_id, const SubscriptionFilter& filter,
    const domain::PageRequest& page) {
  const absl::Time now = clock_.Now();
  domain::Page<Subscription> out;
  absl::Status st = tx_.Read([&](Tx& tx) -> absl::Status {
    if (!repo_.FindClient(tx, client_id, false)) return domain::NotFound(ClientResource(client_id));
    out = repo_.ListSubscriptions(tx, client_id, filter, page, now);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> Accounts::TransitionSubscription(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, SubscriptionStatus to, const std::string& reason,
    std::optional<absl::Time> activate_time, const Encoder<Subscription>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Subscription>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Subscription> {
        std::optional<Subscription> before = repo_.FindSubscription(tx, client_id, id, true, now);
        if (!before) return domain::NotFound(SubscriptionResource(client_id, id));
        if (absl::Status st =
                domain::CheckSubscriptionTransition(*before, to, activate_time.has_value());
            !st.ok()) {
          return st;
        }
        repo_.WriteSubscriptionState(
            tx, id, to, domain::TimesAfterTransition(*before, to, now, activate_time), now);
        std::optional<Subscription> after = repo_.FindSubscription(tx, client_id, id, false, now);
        repo_.AppendAudit(
            tx, who, key.request_id,
            {domain::TransitionAction(to), SubscriptionResource(client_id, id), client_id, "",
             util::JsonObject()
                 .Add("from", domain::SubscriptionStatusName(before->status))
                 .Add("to", domain::SubscriptionStatusName(to))
                 .Add("reason", reason)
                 .Add("activate_time", activate_time ? absl::FormatTime(absl::RFC3339_full,
                                                                        *activate_time,
                                                                        absl::UTCTimeZone())
                                                     : "")
                 .str()});
        return *after;
      },
      encode);
}

// Records the package decision of a checked change and re-snapshots the
// open current periods when it applies now (R3, R4, R5: their entries are
// billed again under the new terms, as an edit would).
absl::StatusOr<Subscription> Accounts::ApplyPackageChange(
    Tx& tx, const domain::Who& who, const std::string& request_id, const Subscription& before,
    const std::string& package_id, bool apply_now, const std::vector<std::string>& open_periods,
    absl::Time now, std::optional<absl::Time>* effective_from) {
  absl::StatusOr<absl::TimeZone> tz =
      domain::LoadIanaTimeZone("client.time_zone", before.client_time_zone);
  if (!tz.ok()) return tz.status();
  *effective_from = domain::PackageChangeStart(before, apply_now, now, *tz);
  const std::string version_id =
      repo_.InsertPackageDecision(tx, before.id, package_id, *effective_from, apply_now, now);
  for (const std::string& period_id : open_periods) {
    absl::Status st = repo_.ResnapshotPeriod(tx, who, request_id, period_id, version_id, now);
    if (!st.ok()) return st;
  }
  return *repo_.FindSubscription(tx, before.client_id, before.id, false, now);
}

absl::StatusOr<std::string> Accounts::ChangePackage(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const std::string& package_id, bool apply_now,
    const std::string& reason, const Encoder<Subscription>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Subscription>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Subscription> {
        // Lock order (docs/schema.md): the open period before the subscription.
        std::vector<std::string> open_periods;
        if (apply_now) open_periods = repo_.LockOpenPeriods(tx, id, now);
        std::optional<Subscription> before = repo_.FindSubscription(tx, client_id, id, true, now);
        if (!before) return domain::NotFound(SubscriptionResource(client_id, id));
        if (before->status == SubscriptionStatus::kTerminated) {
          return domain::CheckPackageChange(*before, before->billing_cycle, "");
        }
        std::optional<Client> client = repo_.FindClient(tx, client_id, false);
        absl::StatusOr<domain::Package> package = UsablePackage(tx, package_id, client->currency);
        if (!package.ok()) return package.status();
        if (absl::Status st = domain::CheckPackageChange(*before, package->terms.billing_cycle,
                                                         PackageResource(package_id));
            !st.ok()) {
          return st;
        }
        std::optional<absl::Time> from;
        absl::StatusOr<Subscription> after = ApplyPackageChange(
            tx, who, key.request_id, *before, package_id, apply_now, open_periods, now, &from);
        if (!after.ok()) return after.status();
        repo_.AppendAudit(tx, who, key.request_id,
                          {"ChangePackage", SubscriptionResource(client_id, id), client_id, "",
                           util::JsonObject()
                               .AddRaw("before", SubscriptionJson(*before))
                               .AddRaw("after", SubscriptionJson(*after))
                               .Add("apply_to_current_period", apply_now)
                               .Add("effective_from", from ? FormatUtc(*from) : "")
                               .Add("reason", reason)
                               .str()});
        return *after;
      },
      encode);
}

}  // namespace supportbytime::usecases
