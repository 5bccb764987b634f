#include "server/storage/account_store.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "server/storage/audit.h"
#include "server/storage/client_rows.h"
#include "server/storage/rows.h"
#include "server/storage/terms_in_force.h"
#include "server/storage/time_log_store.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

using domain::Client;
using domain::Subscription;
using domain::SubscriptionStatus;

std::string ClientRef(const std::string& id) { return absl::StrCat("clients/", id); }
std::string SubscriptionRef(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/subscriptions/", id);
}

std::string ClientJson(const Client& c) {
  return util::JsonObject()
      .Add("display_name", c.display_name)
      .Add("currency_code", c.currency)
      .Add("time_zone", c.time_zone)
      .Add("external_ref", c.external_ref)
      .str();
}

// The package and version in force now and a pending change come from the
// subscription's package decisions (R3), never from a cached column.
std::string SubscriptionColumns() {
  return absl::StrCat(
      "s.id::text, s.client_id::text, v.package_id::text, v.version, "
      "coalesce(nxt.package_id::text, ''), s.state, coalesce(s.external_ref, ''), ",
      SBT_EPOCH_US("s.activated_at"), ", ", SBT_EPOCH_US("s.suspended_at"), ", ",
      SBT_EPOCH_US("s.terminated_at"), ", ", SBT_EPOCH_US("s.created_at"), ", ",
      SBT_EPOCH_US("s.updated_at"),
      ", v.billing_cycle, c.time_zone, coalesce(to_char(nxt.month, 'YYYY-MM-DD'), '')");
}

constexpr const char* kSubscriptionFrom =
    " from subscriptions s join clients c on c.id = s.client_id"
    " join package_versions v"
    "   on v.id = subscription_version_at(s.id, subscription_period_start(s.id, now()))"
    " left join lateral (select n.month, subscription_package_at(s.id, n.month at time zone"
    "   c.time_zone) as package_id from (select date_trunc('month', now() at time zone"
    "   c.time_zone) + interval '1 month' as month) n) nxt on nxt.package_id <> v.package_id";

Subscription SubscriptionFromRow(const soci::row& r) {
  Subscription s;
  s.id = r.get<std::string>(0);
  s.client_id = r.get<std::string>(1);
  s.package_id = r.get<std::string>(2);
  s.package_version = r.get<int>(3);
  s.next_package_id = r.get<std::string>(4);
  domain::ParseSubscriptionStatus(r.get<std::string>(5), &s.status);
  s.external_ref = r.get<std::string>(6);
  s.activate_time = OptionalTime(r, 7);
  s.suspend_time = OptionalTime(r, 8);
  s.terminate_time = OptionalTime(r, 9);
  s.create_time = FromMicros(r.get<long long>(10));
  s.update_time = FromMicros(r.get<long long>(11));
  domain::ParseBillingCycle(r.get<std::string>(12), &s.billing_cycle);
  s.client_time_zone = r.get<std::string>(13);
  s.next_package_start_month = OptionalMonth(r.get<std::string>(14));
  return s;
}

std::optional<Subscription> SelectSubscription(soci::session& s, const std::string& client_id,
                                               const std::string& id, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", SubscriptionColumns(), kSubscriptionFrom,
                    " where s.id = cast(:id as uuid) and s.client_id = cast(:c as uuid)",
                    for_update ? " for update of s" : ""),
      soci::use(id, "id"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return SubscriptionFromRow(r);
}

std::string SubscriptionJson(const Subscription& s) {
  util::JsonObject o;
  o.Add("package", absl::StrCat("packages/", s.package_id))
      .Add("package_version", s.package_version)
      .Add("state", domain::SubscriptionStatusName(s.status));
  if (!s.next_package_id.empty()) o.Add("next_package", absl::StrCat("packages/", s.next_package_id));
  if (!s.external_ref.empty()) o.Add("external_ref", s.external_ref);
  return o.str();
}

// A package that may take new subscriptions of `currency`: exists, is not
// archived, and prices the currency.
absl::StatusOr<domain::Package> UsablePackage(soci::session& s, const std::string& package_id,
                                              const std::string& currency) {
  std::optional<domain::Package> p = SelectPackage(s, package_id, false);
  if (!p) return domain::NotFound(absl::StrCat("packages/", package_id));
  if (p->archive_time) {
    return domain::Error(absl::StatusCode::kFailedPrecondition, "PACKAGE_ARCHIVED",
                         absl::StrCat("packages/", package_id,
                                      " is archived and takes no new subscriptions."),
                         {{"package", absl::StrCat("packages/", package_id)}});
  }
  absl::Status priced =
      domain::RequirePrice(p->terms, currency, absl::StrCat("packages/", package_id));
  if (!priced.ok()) return priced;
  return *p;
}

}  // namespace

absl::StatusOr<std::string> AccountStore::CreateClient(const auth::Actor& actor,
                                                       const IdempotencyKey& key, const Client& in,
                                                       const Encoder<Client>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    // Always written: the column's old default (3000) is no currency's base.
    const long long credit = goodwill_.ResetMinor(in.currency);
    std::string id;
    soci::indicator ind = soci::i_ok;
    s << "insert into clients (display_name, currency, time_zone, external_ref, goodwill_credit_minor)"
         " values (:n, :cur, :tz, nullif(:ext, ''), :credit)"
         " on conflict (external_ref) do nothing returning id::text",
        soci::use(in.display_name, "n"), soci::use(in.currency, "cur"),
        soci::use(in.time_zone, "tz"), soci::use(in.external_ref, "ext"),
        soci::use(credit, "credit"), soci::into(id, ind);
    if (!s.got_data()) {
      // Safe sync: the external system's client exists already.
      s << "select id::text from clients where external_ref = :ext", soci::use(in.external_ref),
          soci::into(id);
      return encode(*SelectClient(s, id, false));
    }
    std::optional<Client> c = SelectClient(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"CreateClient", ClientRef(id), id, "",
                 util::JsonObject().AddRaw("after", ClientJson(*c)).str()});
    return encode(*c);
  });
}

absl::StatusOr<Client> AccountStore::GetClient(const std::string& id) {
  std::optional<Client> c;
  absl::Status st = db_.Run([&](soci::session& s) {
    c = SelectClient(s, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!c) return domain::NotFound(ClientRef(id));
  return *c;
}

absl::StatusOr<Page<Client>> AccountStore::ListClients(const PageRequest& page,
                                                       const std::string& external_ref,
                                                       const std::string& only_id) {
  Page<Client> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    KeysetQuery q(page, "c");
    std::string sql = absl::StrCat(
        "select ", ClientColumns(), " from clients c where ", q.Where(),
        " and (:ext = '' or c.external_ref = :ext)",
        " and (:only = '' or c.id = cast(nullif(:only, '') as uuid))", q.OrderLimit());
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(q.after_us, "after_us"), soci::use(q.after_id, "after_id"),
         soci::use(q.fetch, "fetch"), soci::use(external_ref, "ext"), soci::use(only_id, "only"));
    for (const soci::row& r : rows) out.items.push_back(ClientFromRow(r));
    out.next = q.Trim(out.items, [](const Client& c) {
      return PageCursor{ToMicros(c.create_time), c.id};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> AccountStore::UpdateClient(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& id,
    const std::function<absl::StatusOr<Client>(const Client&)>& change,
    const Encoder<Client>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<Client> before = SelectClient(s, id, true);
    if (!before) return domain::NotFound(ClientRef(id));
    absl::StatusOr<Client> next = change(*before);
    if (!next.ok()) return next.status();
    for (auto [field, changed] : {std::pair{"currency_code", next->currency != before->currency},
                                  std::pair{"time_zone", next->time_zone != before->time_zone}}) {
      if (changed && before->has_history) {
        return domain::Error(absl::StatusCode::kFailedPrecondition, "CLIENT_HAS_HISTORY",
                             absl::StrCat("The client's ", field,
                                          " cannot change once it has a billing period."),
                             {{"field", absl::StrCat("client.", field)}});
      }
    }
    if (!next->external_ref.empty() && next->external_ref != before->external_ref) {
      std::string holder;
      s << "select id::text from clients where external_ref = :e and id <> cast(:id as uuid)",
          soci::use(next->external_ref, "e"), soci::use(id, "id"), soci::into(holder);
      if (s.got_data()) {
        return domain::Error(absl::StatusCode::kAlreadyExists, "EXTERNAL_REF_IN_USE",
                             "Another client already has this external_ref.",
                             {{"external_ref", next->external_ref},
                              {"resource_name", ClientRef(holder)}});
      }
    }
    if (next->currency != before->currency) {
      soci::rowset<soci::row> packages =
          (s.prepare << "select distinct package_id::text from subscriptions"
                        " where client_id = cast(:id as uuid) and state <> 'TERMINATED'",
           soci::use(id));
      std::vector<std::string> ids;
      for (const soci::row& r : packages) ids.push_back(r.get<std::string>(0));
      for (const std::string& pid : ids) {
        std::optional<domain::Package> p = SelectPackage(s, pid, false);
        absl::Status priced =
            domain::RequirePrice(p->terms, next->currency, absl::StrCat("packages/", pid));
        if (!priced.ok()) return priced;
      }
    }
    const long long base_credit = goodwill_.ResetMinor(next->currency);
    s << "update clients set display_name = :n, currency = :cur, time_zone = :tz,"
         " external_ref = nullif(:ext, ''),"
         " goodwill_credit_minor = case when currency = :cur then goodwill_credit_minor else :credit end,"
         " updated_at = now() where id = cast(:id as uuid)",
        soci::use(next->display_name, "n"), soci::use(next->currency, "cur"),
        soci::use(next->time_zone, "tz"), soci::use(next->external_ref, "ext"),
        soci::use(base_credit, "credit"),
        soci::use(id, "id");
    std::optional<Client> after = SelectClient(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"UpdateClient", ClientRef(id), id, "",
                 util::JsonObject()
                     .AddRaw("before", ClientJson(*before))
                     .AddRaw("after", ClientJson(*after))
                     .str()});
    return encode(*after);
  });
}

absl::StatusOr<std::string> AccountStore::CreateSubscription(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& package_id, const std::string& external_ref,
    const Encoder<Subscription>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<Client> client = SelectClient(s, client_id, false);
    if (!client) return domain::NotFound(ClientRef(client_id));
    if (!external_ref.empty()) {
      std::string existing;
      s << "select id::text from subscriptions where client_id = cast(:c as uuid) and external_ref = :e",
          soci::use(client_id, "c"), soci::use(external_ref, "e"), soci::into(existing);
      if (s.got_data()) return encode(*SelectSubscription(s, client_id, existing, false));
    }
    absl::StatusOr<domain::Package> package = UsablePackage(s, package_id, client->currency);
    if (!package.ok()) return package.status();
    std::string id;
    s << "insert into subscriptions (client_id, package_id, package_version_id, external_ref)"
         " select cast(:c as uuid), p.id, v.id, nullif(:e, '') from packages p"
         " join package_versions v on v.package_id = p.id and v.version = p.current_version"
         " where p.id = cast(:p as uuid)"
         " on conflict (client_id, external_ref) do nothing returning id::text",
        soci::use(client_id, "c"), soci::use(external_ref, "e"), soci::use(package_id, "p"),
        soci::into(id);
    if (!s.got_data()) {
      // A concurrent call created it with this external_ref first: safe sync.
      s << "select id::text from subscriptions where client_id = cast(:c as uuid) and external_ref = :e",
          soci::use(client_id, "c"), soci::use(external_ref, "e"), soci::into(id);
      return encode(*SelectSubscription(s, client_id, id, false));
    }
    // The first package decision (R3): in force from the start.
    s << "insert into subscription_packages (subscription_id, package_id)"
         " select id, package_id from subscriptions where id = cast(:id as uuid)",
        soci::use(id, "id");
    std::optional<Subscription> sub = SelectSubscription(s, client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"CreateSubscription", SubscriptionRef(client_id, id), client_id, "",
                 util::JsonObject().AddRaw("after", SubscriptionJson(*sub)).str()});
    return encode(*sub);
  });
}

absl::StatusOr<Subscription> AccountStore::GetSubscription(const std::string& client_id,
                                                           const std::string& id) {
  std::optional<Subscription> sub;
  absl::Status st = db_.Run([&](soci::session& s) {
    sub = SelectSubscription(s, client_id, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!sub) return domain::NotFound(SubscriptionRef(client_id, id));
  return *sub;
}

absl::StatusOr<Page<Subscription>> AccountStore::ListSubscriptions(
    const std::string& client_id, const SubscriptionFilter& filter, const PageRequest& page) {
  Page<Subscription> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    if (!SelectClient(s, client_id, false)) return domain::NotFound(ClientRef(client_id));
    KeysetQuery q(page, "s");
    const std::string state =
        filter.status ? std::string(domain::SubscriptionStatusName(*filter.status)) : "";
    std::string sql = absl::StrCat(
        "select ", SubscriptionColumns(), kSubscriptionFrom,
        " where s.client_id = cast(:c as uuid) and ", q.Where(),
        " and (:st = '' or s.state = :st)",
        " and (:pk = '' or v.package_id = cast(nullif(:pk, '') as uuid))",
        " and (:ext = '' or s.external_ref = :ext)", q.OrderLimit());
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(client_id, "c"), soci::use(q.after_us, "after_us"),
         soci::use(q.after_id, "after_id"), soci::use(q.fetch, "fetch"), soci::use(state, "st"),
         soci::use(filter.package_id, "pk"), soci::use(filter.external_ref, "ext"));
    for (const soci::row& r : rows) out.items.push_back(SubscriptionFromRow(r));
    out.next = q.Trim(out.items, [](const Subscription& x) {
      return PageCursor{ToMicros(x.create_time), x.id};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> AccountStore::TransitionSubscription(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, SubscriptionStatus to, const std::string& reason, absl::Time now,
    std::optional<absl::Time> activate_time, const Encoder<Subscription>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<Subscription> before = SelectSubscription(s, client_id, id, true);
    if (!before) return domain::NotFound(SubscriptionRef(client_id, id));
    absl::Status allowed = domain::CheckTransition(before->status, to);
    if (!allowed.ok()) {
      return domain::Error(allowed.code(), domain::DetailOf(allowed).reason, allowed.message(),
                           {{"resource_name", SubscriptionRef(client_id, id)},
                            {"state", std::string(domain::SubscriptionStatusName(before->status))}});
    }
    if (activate_time && before->activate_time) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                           "activate_time can only be given on the first activation; this "
                           "subscription was activated before.",
                           {{"resource_name", SubscriptionRef(client_id, id)},
                            {"state", std::string(domain::SubscriptionStatusName(before->status))}});
    }
    const std::string state(domain::SubscriptionStatusName(to));
    const long long now_us = ToMicros(now);
    const long long activated_us = ToMicros(activate_time.value_or(now));
    // The first activation stays: it starts the window for work (R20).
    s << "update subscriptions set state = :st, updated_at = now(),"
         " activated_at = case when :st = 'ACTIVE' then coalesce(activated_at, " SBT_TS(":act")
         "   ) else activated_at end,"
         " suspended_at = case when :st = 'SUSPENDED' then " SBT_TS(":now")
         "   when :st = 'ACTIVE' then null else suspended_at end,"
         " terminated_at = case when :st = 'TERMINATED' then " SBT_TS(":now")
         "   else terminated_at end"
         " where id = cast(:id as uuid)",
        soci::use(state, "st"), soci::use(activated_us, "act"), soci::use(now_us, "now"),
        soci::use(id, "id");
    std::optional<Subscription> after = SelectSubscription(s, client_id, id, false);
    const char* action = to == SubscriptionStatus::kActive      ? "ActivateSubscription"
                         : to == SubscriptionStatus::kSuspended ? "SuspendSubscription"
                                                                : "TerminateSubscription";
    AppendAudit(s, actor, key.request_id,
                {action, SubscriptionRef(client_id, id), client_id, "",
                 util::JsonObject()
                     .Add("from", domain::SubscriptionStatusName(before->status))
                     .Add("to", state)
                     .Add("reason", reason)
                     .Add("activate_time",
                          activate_time ? absl::FormatTime(absl::RFC3339_full, *activate_time,
                                                           absl::UTCTimeZone())
                                        : "")
                     .str()});
    return encode(*after);
  });
}

absl::StatusOr<std::string> AccountStore::ChangePackage(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const std::string& package_id, bool apply_now,
    const std::string& reason, absl::Time now, const Encoder<Subscription>& encode) {
  const long long now_us = ToMicros(now);
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    // Lock order (docs/schema.md): the open period before the subscription.
    std::vector<std::string> open_periods;
    if (apply_now) {
      soci::rowset<soci::row> rows =
          (s.prepare << "select id::text from periods where subscription_id = cast(:id as uuid)"
                        " and state = 'OPEN' and (ends_at is null or ends_at > " SBT_TS(":now") ")"
                        " order by id for update",
           soci::use(id, "id"), soci::use(now_us, "now"));
      for (const soci::row& r : rows) open_periods.push_back(r.get<std::string>(0));
    }
    std::optional<Subscription> before = SelectSubscription(s, client_id, id, true);
    if (!before) return domain::NotFound(SubscriptionRef(client_id, id));
    const std::string name = SubscriptionRef(client_id, id);
    if (before->status == SubscriptionStatus::kTerminated) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                           "A TERMINATED subscription cannot change its package.",
                           {{"resource_name", name}, {"state", "TERMINATED"}});
    }
    std::optional<Client> client = SelectClient(s, client_id, false);
    absl::StatusOr<domain::Package> package = UsablePackage(s, package_id, client->currency);
    if (!package.ok()) return package.status();
    if (package->terms.billing_cycle != before->billing_cycle) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "BILLING_CYCLE_MISMATCH",
                           "The package bills in another cycle (MONTHLY vs ONE_TIME); create a "
                           "new subscription instead.",
                           {{"package", absl::StrCat("packages/", package_id)}});
    }
    // R3: a decision from the start of the current month (apply_now) or of
    // the next one, in the client's zone; from the start while never
    // activated, as no month has been billed yet, and for a ONE_TIME
    // bucket applied now (the bucket is its one period, begun at activation).
    std::string version_id, effective_from;
    soci::indicator from_ind = soci::i_ok;
    const int now_flag = apply_now ? 1 : 0;
    s << "insert into subscription_packages (subscription_id, effective_from, package_id,"
         " pinned_version_id)"
         " select su.id, case when su.activated_at is null"
         "   or (:now = 1 and v.billing_cycle = 'ONE_TIME') then null"
         "   else (date_trunc('month', " SBT_TS(":at") " at time zone c.time_zone)"
         "     + case when :now = 1 then interval '0' else interval '1 month' end)"
         "     at time zone c.time_zone end,"
         " p.id, case when :now = 1 then v.id end"
         " from subscriptions su join clients c on c.id = su.client_id, packages p"
         " join package_versions v on v.package_id = p.id and v.version = p.current_version"
         " where su.id = cast(:id as uuid) and p.id = cast(:p as uuid)"
         " returning coalesce(pinned_version_id::text, ''),"
         "   to_char(effective_from at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        soci::use(now_flag, "now"), soci::use(now_us, "at"), soci::use(id, "id"),
        soci::use(package_id, "p"),
        soci::into(version_id), soci::into(effective_from, from_ind);
    if (from_ind != soci::i_ok) effective_from.clear();
    // The open current period takes the new terms now; its entries are
    // billed again under them (R3, R4, R5), as an edit would.
    for (const std::string& period_id : open_periods) {
      absl::Status st =
          ResnapshotPeriodInTransaction(s, actor, key.request_id, period_id, version_id);
      if (!st.ok()) return st;
    }
    std::optional<Subscription> after = SelectSubscription(s, client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"ChangePackage", name, client_id, "",
                 util::JsonObject()
                     .AddRaw("before", SubscriptionJson(*before))
                     .AddRaw("after", SubscriptionJson(*after))
                     .Add("apply_to_current_period", apply_now)
                     .Add("effective_from", effective_from)
                     .Add("reason", reason)
                     .str()});
    return encode(*after);
  });
}

}  // namespace supportbytime::storage
