#include "server/storage/account_store.h"

#include "server/storage/audit.h"
#include "server/storage/client_rows.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/terms_in_force.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using domain::Client;
using domain::Subscription;
using usecases::Tx;

// A page of clients in creation order, optionally by external_ref or one id.
constexpr Sql kListClients{
    "accounts.list_clients",
    "select " SBT_CLIENT_COLUMNS " from clients c"
    " where (:after_id = '' or (c.created_at, c.id) > (" SBT_TS(":after_us")
    ", cast(nullif(:after_id, '') as uuid)))"
    " and (:ext = '' or c.external_ref = :ext)"
    " and (:only = '' or c.id = cast(nullif(:only, '') as uuid))"
    " order by c.created_at, c.id limit :fetch"};
// The client holding an external_ref, other than :except.
constexpr Sql kClientByExternalRef{
    "accounts.client_by_external_ref",
    "select id::text from clients where external_ref = :e"
    " and (:except = '' or id <> cast(nullif(:except, '') as uuid))"};
// A new client; no row when a client already has its external_ref.
constexpr Sql kInsertClient{
    "accounts.insert_client",
    "insert into clients (display_name, currency, time_zone, external_ref,"
    " goodwill_credit_minor, created_at, updated_at)"
    " values (:n, :cur, :tz, nullif(:ext, ''), :credit, " SBT_TS(":now") ", " SBT_TS(":now")
    ") on conflict (external_ref) do nothing returning id::text"};
// A client's fields; a new currency resets the goodwill credit to :credit.
constexpr Sql kUpdateClient{
    "accounts.update_client",
    "update clients set display_name = :n, currency = :cur, time_zone = :tz,"
    " external_ref = nullif(:ext, ''),"
    " goodwill_credit_minor = case when currency = :cur then goodwill_credit_minor"
    "   else :credit end, updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// The packages of a client's live subscriptions.
constexpr Sql kLivePackageIds{
    "accounts.live_package_ids",
    "select distinct package_id::text from subscriptions"
    " where client_id = cast(:id as uuid) and state <> 'TERMINATED'"};

// A subscription with the package and version in force at :now and a
// pending change from the next month in the client's zone; they come from
// the subscription's package decisions (R3), never from a cached column.
#define SBT_SUBSCRIPTION_SELECT                                                                \
  "select s.id::text, s.client_id::text, v.package_id::text, v.version,"                       \
  " coalesce(nxt.package_id::text, ''), s.state, coalesce(s.external_ref, ''), " SBT_EPOCH_US( \
      "s.activated_at") ", " SBT_EPOCH_US("s.suspended_at") ", " SBT_EPOCH_US(               \
      "s.terminated_at") ", " SBT_EPOCH_US("s.created_at") ", " SBT_EPOCH_US(                \
      "s.updated_at") ", v.billing_cycle, c.time_zone,"                                        \
  " coalesce(to_char(nxt.month, 'YYYY-MM-DD'), '')"                                            \
  " from subscriptions s join clients c on c.id = s.client_id"                                 \
  " join package_versions v on v.id = subscription_version_at(s.id,"                           \
  "   subscription_period_start(s.id, " SBT_TS(":now") "))"                                   \
  " left join lateral (select n.month, subscription_package_at(s.id, n.month at time zone"     \
  "   c.time_zone) as package_id from (select date_trunc('month', " SBT_TS(":now")            \
  "   at time zone c.time_zone) + interval '1 month' as month) n) nxt"                         \
  "   on nxt.package_id <> v.package_id"

// One subscription of a client.
constexpr Sql kSelectSubscription{
    "accounts.select_subscription",
    SBT_SUBSCRIPTION_SELECT
    " where s.id = cast(:id as uuid) and s.client_id = cast(:c as uuid)"};
// One subscription of a client, locked for a change.
constexpr Sql kLockSubscription{
    "accounts.lock_subscription",
    SBT_SUBSCRIPTION_SELECT
    " where s.id = cast(:id as uuid) and s.client_id = cast(:c as uuid) for update of s"};
// A page of a client's subscriptions in creation order, filtered.
constexpr Sql kListSubscriptions{
    "accounts.list_subscriptions",
    SBT_SUBSCRIPTION_SELECT
    " where s.client_id = cast(:c as uuid) and (:after_id = '' or (s.created_at, s.id) > ("
    SBT_TS(":after_us") ", cast(nullif(:after_id, '') as uuid)))"
    " and (:st = '' or s.state = :st)"
    " and (:pk = '' or v.package_id = cast(nullif(:pk, '') as uuid))"
    " and (:ext = '' or s.external_ref = :ext) order by s.created_at, s.id limit :fetch"};
// The client's subscription with an external_ref.
constexpr Sql kSubscriptionByExternalRef{
    "accounts.subscription_by_external_ref",
    "select id::text from subscriptions where client_id = cast(:c as uuid) and external_ref = :e"};
// A PENDING subscription on the package's current version; no row when the
// client has one with the external_ref.
constexpr Sql kInsertSubscription{
    "accounts.insert_subscription",
    "insert into subscriptions (client_id, package_id, package_version_id, external_ref,"
    " created_at, updated_at)"
    " select cast(:c as uuid), p.id, v.id, nullif(:e, ''), " SBT_TS(":now") ", " SBT_TS(":now")
    " from packages p join package_versions v on v.package_id = p.id"
    " and v.version = p.current_version where p.id = cast(:p as uuid)"
    " on conflict (client_id, external_ref) do nothing returning id::text"};
// The first package decision of a subscription (R3): in force from the start.
constexpr Sql kInsertFirstDecision{
    "accounts.insert_first_package_decision",
    "insert into subscription_packages (subscription_id, package_id, created_at)"
    " select id, package_id, " SBT_TS(":now") " from subscriptions where id = cast(:id as uuid)"};
// A later package decision (R3), pinned to the package's current version
// when :pin = 1.
constexpr Sql kInsertDecision{
    "accounts.insert_package_decision",
    "insert into subscription_packages (subscription_id, effective_from, package_id,"
    " pinned_version_id, created_at)"
    " select cast(:s as uuid), case when :has_from = 1 then " SBT_TS(":from") " end, p.id,"
    " case when :pin = 1 then v.id end, " SBT_TS(":now")
    " from packages p join package_versions v on v.package_id = p.id"
    " and v.version = p.current_version where p.id = cast(:p as uuid)"
    " returning coalesce(pinned_version_id::text, '')"};
// A subscription's state and the times of its life.
constexpr Sql kWriteSubscriptionState{
    "accounts.write_subscription_state",
    "update subscriptions set state = :st, updated_at = " SBT_TS(":now") ","
    " activated_at = case when :has_act = 1 then " SBT_TS(":act") " end,"
    " suspended_at = case when :has_sus = 1 then " SBT_TS(":sus") " end,"
    " terminated_at = case when :has_ter = 1 then " SBT_TS(":ter") " end"
    " where id = cast(:id as uuid)"};
// The subscription's OPEN periods not ended at :now, locked.
constexpr Sql kLockOpenPeriods{
    "accounts.lock_open_periods",
    "select id::text from periods where subscription_id = cast(:id as uuid)"
    " and state = 'OPEN' and (ends_at is null or ends_at > " SBT_TS(":now") ")"
    " order by id for update"};

// The into() variables of SBT_SUBSCRIPTION_SELECT.
struct SubscriptionInto {
  Subscription s;
  std::string state, cycle, next_month;
  long long activated_us = 0, suspended_us = 0, terminated_us = 0, created_us = 0,
            updated_us = 0;
  soci::indicator activated_ind = soci::i_null, suspended_ind = soci::i_null,
                  terminated_ind = soci::i_null;

  void Bind(BoundStatement& st) {
    st.Add(soci::into(s.id));
    st.Add(soci::into(s.client_id));
    st.Add(soci::into(s.package_id));
    st.Add(soci::into(s.package_version));
    st.Add(soci::into(s.next_package_id));
    st.Add(soci::into(state));
    st.Add(soci::into(s.external_ref));
    st.Add(soci::into(activated_us, activated_ind));
    st.Add(soci::into(suspended_us, suspended_ind));
    st.Add(soci::into(terminated_us, terminated_ind));
    st.Add(soci::into(created_us));
    st.Add(soci::into(updated_us));
    st.Add(soci::into(cycle));
    st.Add(soci::into(s.client_time_zone));
    st.Add(soci::into(next_month));
  }

  static std::optional<absl::Time> Optional(long long us, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    return FromMicros(us);
  }

  Subscription Get() const {
    Subscription out = s;
    domain::ParseSubscriptionStatus(state, &out.status);
    out.activate_time = Optional(activated_us, activated_ind);
    out.suspend_time = Optional(suspended_us, suspended_ind);
    out.terminate_time = Optional(terminated_us, terminated_ind);
    out.create_time = FromMicros(created_us);
    out.update_time = FromMicros(updated_us);
    domain::ParseBillingCycle(cycle, &out.billing_cycle);
    out.next_package_start_month = OptionalMonth(next_month);
    return out;
  }
};

}  // namespace

std::optional<Client> AccountStore::FindClient(Tx& tx, const std::string& id, bool lock) {
  return SelectClient(SessionOf(tx), id, lock);
}

std::string AccountStore::ClientIdByExternalRef(Tx& tx, const std::string& external_ref,
                                                const std::string& except_id) {
  std::string id;
  if (!Exec(SessionOf(tx), kClientByExternalRef, soci::use(external_ref, "e"),
            soci::use(except_id, "except"), soci::into(id))) {
    return "";
  }
  return id;
}

std::optional<std::string> AccountStore::InsertClient(Tx& tx, const Client& in,
                                                      long long goodwill_credit_minor,
                                                      absl::Time now) {
  const long long now_us = ToMicros(now);
  std::string id;
  if (!Exec(SessionOf(tx), kInsertClient, soci::use(in.display_name, "n"),
            soci::use(in.currency, "cur"), soci::use(in.time_zone, "tz"),
            soci::use(in.external_ref, "ext"), soci::use(goodwill_credit_minor, "credit"),
            soci::use(now_us, "now"), soci::into(id))) {
    return std::nullopt;
  }
  return id;
}

void AccountStore::UpdateClient(Tx& tx, const Client& next, long long reset_credit_minor,
                                absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kUpdateClient, soci::use(next.display_name, "n"),
       soci::use(next.currency, "cur"), soci::use(next.time_zone, "tz"),
       soci::use(next.external_ref, "ext"), soci::use(reset_credit_minor, "credit"),
       soci::use(now_us, "now"), soci::use(next.id, "id"));
}

std::vector<std::string> AccountStore::LivePackageIds(Tx& tx, const std::string& client_id) {
  std::vector<std::string> ids;
  std::string id;
  ForEach(
      SessionOf(tx), kLivePackageIds, [&] { ids.push_back(id); }, soci::use(client_id, "id"),
      soci::into(id));
  return ids;
}

domain::Page<Client> AccountStore::ListClients(Tx& tx, const domain::PageRequest& page,
                                               const std::string& external_ref,
                                               const std::string& only_id) {
  domain::Page<Client> out;
  KeysetQuery q(page);
  ClientInto row;
  BoundStatement st(SessionOf(tx), kListClients);
  row.Bind(st);
  st.Add(soci::use(q.after_us, "after_us"));
  st.Add(soci::use(q.after_id, "after_id"));
  st.Add(soci::use(q.fetch, "fetch"));
  st.Add(soci::use(external_ref, "ext"));
  st.Add(soci::use(only_id, "only"));
  for (bool more = st.Execute(); more; more = st.Fetch()) out.items.push_back(row.Get());
  out.next = q.Trim(out.items, [](const Client& c) {
    return PageCursor{ToMicros(c.create_time), c.id};
  });
  return out;
}

std::optional<Subscription> AccountStore::FindSubscription(Tx& tx, const std::string& client_id,
                                                           const std::string& id, bool lock,
                                                           absl::Time now) {
  const long long now_us = ToMicros(now);
  SubscriptionInto row;
  BoundStatement st(SessionOf(tx), lock ? kLockSubscription : kSelectSubscription);
  row.Bind(st);
  st.Add(soci::use(id, "id"));
  st.Add(soci::use(client_id, "c"));
  st.Add(soci::use(now_us, "now"));
  if (!st.Execute()) return std::nullopt;
  return row.Get();
}

std::string AccountStore::SubscriptionIdByExternalRef(Tx& tx, const std::string& client_id,
                                                      const std::string& external_ref) {
  std::string id;
  if (!Exec(SessionOf(tx), kSubscriptionByExternalRef, soci::use(client_id, "c"),
            soci::use(external_ref, "e"), soci::into(id))) {
    return "";
  }
  return id;
}

std::optional<std::string> AccountStore::InsertSubscription(Tx& tx, const std::string& client_id,
                                                            const std::string& package_id,
                                                            const std::string& external_ref,
                                                            absl::Time now) {
  soci::session& s = SessionOf(tx);
  const long long now_us = ToMicros(now);
  std::string id;
  if (!Exec(s, kInsertSubscription, soci::use(client_id, "c"), soci::use(external_ref, "e"),
            soci::use(package_id, "p"), soci::use(now_us, "now"), soci::into(id))) {
    return std::nullopt;
  }
  Exec(s, kInsertFirstDecision, soci::use(id, "id"), soci::use(now_us, "now"));
  return id;
}

void AccountStore::WriteSubscriptionState(Tx& tx, const std::string& id,
                                          domain::SubscriptionStatus state,
                                          const domain::SubscriptionTimes& times,
                                          absl::Time now) {
  const std::string st(domain::SubscriptionStatusName(state));
  const long long now_us = ToMicros(now);
  const int has_act = times.activated_at ? 1 : 0, has_sus = times.suspended_at ? 1 : 0,
            has_ter = times.terminated_at ? 1 : 0;
  const long long act = times.activated_at ? ToMicros(*times.activated_at) : 0;
  const long long sus = times.suspended_at ? ToMicros(*times.suspended_at) : 0;
  const long long ter = times.terminated_at ? ToMicros(*times.terminated_at) : 0;
  Exec(SessionOf(tx), kWriteSubscriptionState, soci::use(st, "st"), soci::use(now_us, "now"),
       soci::use(has_act, "has_act"), soci::use(act, "act"), soci::use(has_sus, "has_sus"),
       soci::use(sus, "sus"), soci::use(has_ter, "has_ter"), soci::use(ter, "ter"),
       soci::use(id, "id"));
}

domain::Page<Subscription> AccountStore::ListSubscriptions(
    Tx& tx, const std::string& client_id, const usecases::SubscriptionFilter& filter,
    const domain::PageRequest& page, absl::Time now) {
  domain::Page<Subscription> out;
  KeysetQuery q(page);
  const long long now_us = ToMicros(now);
  const std::string state =
      filter.status ? std::string(domain::SubscriptionStatusName(*filter.status)) : "";
  SubscriptionInto row;
  BoundStatement st(SessionOf(tx), kListSubscriptions);
  row.Bind(st);
  st.Add(soci::use(client_id, "c"));
  st.Add(soci::use(now_us, "now"));
  st.Add(soci::use(q.after_us, "after_us"));
  st.Add(soci::use(q.after_id, "after_id"));
  st.Add(soci::use(q.fetch, "fetch"));
  st.Add(soci::use(state, "st"));
  st.Add(soci::use(filter.package_id, "pk"));
  st.Add(soci::use(filter.external_ref, "ext"));
  for (bool more = st.Execute(); more; more = st.Fetch()) out.items.push_back(row.Get());
  out.next = q.Trim(out.items, [](const Subscription& x) {
    return PageCursor{ToMicros(x.create_time), x.id};
  });
  return out;
}

std::vector<std::string> AccountStore::LockOpenPeriods(Tx& tx, const std::string& subscription_id,
                                                       absl::Time now) {
  const long long now_us = ToMicros(now);
  std::vector<std::string> ids;
  std::string id;
  ForEach(
      SessionOf(tx), kLockOpenPeriods, [&] { ids.push_back(id); },
      soci::use(subscription_id, "id"), soci::use(now_us, "now"), soci::into(id));
  return ids;
}

std::string AccountStore::InsertPackageDecision(Tx& tx, const std::string& subscription_id,
                                                const std::string& package_id,
                                                std::optional<absl::Time> effective_from,
                                                bool pin, absl::Time now) {
  const int has_from = effective_from ? 1 : 0;
  const long long from_us = effective_from ? ToMicros(*effective_from) : 0;
  const int pin_flag = pin ? 1 : 0;
  const long long now_us = ToMicros(now);
  std::string version_id;
  Exec(SessionOf(tx), kInsertDecision, soci::use(subscription_id, "s"),
       soci::use(has_from, "has_from"), soci::use(from_us, "from"), soci::use(pin_flag, "pin"),
       soci::use(now_us, "now"), soci::use(package_id, "p"), soci::into(version_id));
  return version_id;
}

absl::Status AccountStore::ResnapshotPeriod(Tx& tx, const domain::Who& who,
                                            const std::string& request_id,
                                            const std::string& period_id,
                                            const std::string& version_id, absl::Time now) {
  return ResnapshotPeriodInTransaction(SessionOf(tx), who, request_id, period_id, version_id, now);
}

void AccountStore::AppendAudit(Tx& tx, const domain::Who& who, const std::string& request_id,
                               const domain::AuditEntry& e) {
  storage::AppendAudit(SessionOf(tx), who, request_id,
                       {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
}

}  // namespace supportbytime::storage
