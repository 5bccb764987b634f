#include "server/storage/package_store.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

// The terms of a version aliased `v` (12 columns), bound by TermsInto.
#define SBT_TERMS_COLUMNS                                                                     \
  "v.billing_cycle, v.included_minutes, v.billing_increment_minutes, v.rounding_scope,"       \
  " v.rounding_direction, v.response_priority, v.invoice_action, v.item_name,"                \
  " v.show_work_log_to_client::int, v.require_overage_approval::int,"                         \
  " array_to_string(v.notify_thresholds_percent, ','),"                                       \
  " coalesce((select string_agg(pr.currency || ':' || pr.period_price_minor || ':' ||"        \
  " pr.overage_hourly_rate_minor, ',' order by pr.currency) from package_version_prices pr"   \
  " where pr.package_version_id = v.id), '')"

#define SBT_PACKAGE_SELECT                                                                  \
  "select p.id::text, p.display_name, p.description, p.current_version, " SBT_EPOCH_US(      \
      "p.archived_at") ", " SBT_EPOCH_US("p.created_at") ", " SBT_EPOCH_US(                 \
      "p.updated_at") ", " SBT_TERMS_COLUMNS                                                 \
  " from packages p join package_versions v"                                                 \
  " on v.package_id = p.id and v.version = p.current_version"

// One package with its current terms.
constexpr Sql kSelectPackage{"packages.select",
                             SBT_PACKAGE_SELECT " where p.id = cast(:id as uuid)"};
// One package, locked for a change.
constexpr Sql kLockPackage{"packages.lock",
                           SBT_PACKAGE_SELECT " where p.id = cast(:id as uuid) for update of p"};
// A page of packages in creation order; archived ones only when :all = 1.
constexpr Sql kListPackages{
    "packages.list",
    SBT_PACKAGE_SELECT
    " where (:after_id = '' or (p.created_at, p.id) > (" SBT_TS(":after_us")
    ", cast(nullif(:after_id, '') as uuid))) and (:all = 1 or p.archived_at is null)"
    " order by p.created_at, p.id limit :fetch"};
// A new package (its versions follow).
constexpr Sql kInsertPackage{
    "packages.insert",
    "insert into packages (display_name, description, created_at, updated_at)"
    " values (:n, :d, " SBT_TS(":now") ", " SBT_TS(":now") ") returning id::text"};
// A new immutable version of a package's terms.
constexpr Sql kInsertVersion{
    "packages.insert_version",
    "insert into package_versions (package_id, version, billing_cycle, included_minutes,"
    " billing_increment_minutes, rounding_scope, rounding_direction, response_priority,"
    " invoice_action, item_name, show_work_log_to_client, notify_thresholds_percent,"
    " require_overage_approval, created_at)"
    " values (cast(:p as uuid), :v, :c, :inc, :incr, :sc, :dir, :pri, :act, :item,"
    " :show <> 0, cast(:th as integer[]), :appr <> 0, " SBT_TS(":now") ") returning id::text"};
// One currency's price of a version.
constexpr Sql kInsertPrice{
    "packages.insert_price",
    "insert into package_version_prices (package_version_id, currency, period_price_minor,"
    " overage_hourly_rate_minor) values (cast(:v as uuid), :c, :p, :r)"};
// The package's name, description and current version.
constexpr Sql kUpdatePackage{
    "packages.update",
    "update packages set display_name = :n, description = :d, current_version = :v,"
    " updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// Archives (:archived = 1) or unarchives a package.
constexpr Sql kSetArchived{
    "packages.set_archived",
    "update packages set archived_at = case when :archived = 1 then " SBT_TS(":now")
    " end, updated_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// Live subscriptions using (or moving to) the package of clients paying in :c.
constexpr Sql kCountLiveUsers{
    "packages.count_live_users",
    "select count(*) from subscriptions s join clients c on c.id = s.client_id"
    " where exists (select 1 from subscription_packages d where d.subscription_id = s.id"
    "   and d.package_id = cast(:p as uuid))"
    " and s.state <> 'TERMINATED' and c.currency = :c"};

#define SBT_VERSION_SELECT \
  "select v.version, v.id::text, " SBT_EPOCH_US("v.created_at") ", " SBT_TERMS_COLUMNS \
  " from package_versions v"

// One version of a package.
constexpr Sql kSelectVersion{
    "packages.select_version",
    SBT_VERSION_SELECT " where v.package_id = cast(:p as uuid) and v.version = :v"};
// A page of a package's versions in creation order.
constexpr Sql kListVersions{
    "packages.list_versions",
    SBT_VERSION_SELECT
    " where v.package_id = cast(:p as uuid) and (:after_id = '' or (v.created_at, v.id) > ("
    SBT_TS(":after_us") ", cast(nullif(:after_id, '') as uuid)))"
    " order by v.created_at, v.id limit :fetch"};

// The into() variables of SBT_TERMS_COLUMNS.
struct TermsInto {
  std::string cycle, scope, direction, priority, action, item, thresholds, prices;
  int included = 0, increment = 1, show = 0, approval = 0;

  void Bind(BoundStatement& st) {
    st.Add(soci::into(cycle));
    st.Add(soci::into(included));
    st.Add(soci::into(increment));
    st.Add(soci::into(scope));
    st.Add(soci::into(direction));
    st.Add(soci::into(priority));
    st.Add(soci::into(action));
    st.Add(soci::into(item));
    st.Add(soci::into(show));
    st.Add(soci::into(approval));
    st.Add(soci::into(thresholds));
    st.Add(soci::into(prices));
  }

  domain::PackageTerms Get() const {
    domain::PackageTerms t;
    domain::ParseBillingCycle(cycle, &t.billing_cycle);
    t.included_minutes = included;
    t.billing_increment_minutes = increment;
    domain::ParseScope(scope, &t.rounding_scope);
    domain::ParseDirection(direction, &t.rounding_direction);
    domain::ParsePriority(priority, &t.response_priority);
    domain::ParseInvoiceAction(action, &t.invoice_action);
    t.item_name = item;
    t.show_work_log_to_client = show != 0;
    t.require_overage_approval = approval != 0;
    t.notify_thresholds_percent.clear();
    for (absl::string_view p : absl::StrSplit(thresholds, ',', absl::SkipEmpty())) {
      int pct = 0;
      if (absl::SimpleAtoi(p, &pct)) t.notify_thresholds_percent.push_back(pct);
    }
    for (absl::string_view p : absl::StrSplit(prices, ',', absl::SkipEmpty())) {
      std::vector<std::string> f = absl::StrSplit(p, ':');
      domain::CurrencyPrice price;
      if (f.size() == 3 && absl::SimpleAtoi(f[1], &price.period_price_minor) &&
          absl::SimpleAtoi(f[2], &price.overage_hourly_rate_minor)) {
        price.currency = f[0];
        t.prices.push_back(price);
      }
    }
    return t;
  }
};

// The into() variables of SBT_PACKAGE_SELECT.
struct PackageInto {
  domain::Package p;
  long long archived_us = 0, created_us = 0, updated_us = 0;
  soci::indicator archived_ind = soci::i_null;
  TermsInto terms;

  void Bind(BoundStatement& st) {
    st.Add(soci::into(p.id));
    st.Add(soci::into(p.display_name));
    st.Add(soci::into(p.description));
    st.Add(soci::into(p.current_version));
    st.Add(soci::into(archived_us, archived_ind));
    st.Add(soci::into(created_us));
    st.Add(soci::into(updated_us));
    terms.Bind(st);
  }
  domain::Package Get() const {
    domain::Package out = p;
    out.archive_time.reset();
    if (archived_ind == soci::i_ok) out.archive_time = FromMicros(archived_us);
    out.create_time = FromMicros(created_us);
    out.update_time = FromMicros(updated_us);
    out.terms = terms.Get();
    return out;
  }
};

// The into() variables of SBT_VERSION_SELECT.
struct VersionInto {
  int version = 0;
  std::string id;
  long long created_us = 0;
  TermsInto terms;

  void Bind(BoundStatement& st) {
    st.Add(soci::into(version));
    st.Add(soci::into(id));
    st.Add(soci::into(created_us));
    terms.Bind(st);
  }
  domain::PackageVersion Get(const std::string& package_id) const {
    return domain::PackageVersion{package_id, version, terms.Get(), FromMicros(created_us)};
  }
};

}  // namespace

std::optional<domain::Package> SelectPackage(soci::session& s, const std::string& id,
                                             bool for_update) {
  PackageInto row;
  BoundStatement st(s, for_update ? kLockPackage : kSelectPackage);
  row.Bind(st);
  st.Add(soci::use(id, "id"));
  if (!st.Execute()) return std::nullopt;
  return row.Get();
}

std::optional<domain::Package> PackageStore::FindPackage(usecases::Tx& tx, const std::string& id,
                                                         bool lock) {
  return SelectPackage(SessionOf(tx), id, lock);
}

std::string PackageStore::InsertPackage(usecases::Tx& tx, const std::string& display_name,
                                        const std::string& description, absl::Time now) {
  const long long now_us = ToMicros(now);
  std::string id;
  Exec(SessionOf(tx), kInsertPackage, soci::use(display_name, "n"), soci::use(description, "d"),
       soci::use(now_us, "now"), soci::into(id));
  return id;
}

std::string PackageStore::InsertVersion(usecases::Tx& tx, const std::string& package_id,
                                        int version, const domain::PackageTerms& t,
                                        absl::Time now) {
  soci::session& s = SessionOf(tx);
  const std::string cycle(domain::BillingCycleName(t.billing_cycle));
  const std::string scope(domain::ScopeName(t.rounding_scope));
  const std::string direction(domain::DirectionName(t.rounding_direction));
  const std::string priority(domain::PriorityName(t.response_priority));
  const std::string action(domain::InvoiceActionName(t.invoice_action));
  const std::string thresholds =
      absl::StrCat("{", absl::StrJoin(t.notify_thresholds_percent, ","), "}");
  const int show = t.show_work_log_to_client ? 1 : 0;
  const int approval = t.require_overage_approval ? 1 : 0;
  const long long now_us = ToMicros(now);
  std::string id;
  Exec(s, kInsertVersion, soci::use(package_id, "p"), soci::use(version, "v"),
       soci::use(cycle, "c"), soci::use(t.included_minutes, "inc"),
       soci::use(t.billing_increment_minutes, "incr"), soci::use(scope, "sc"),
       soci::use(direction, "dir"), soci::use(priority, "pri"), soci::use(action, "act"),
       soci::use(t.item_name, "item"), soci::use(show, "show"), soci::use(thresholds, "th"),
       soci::use(approval, "appr"), soci::use(now_us, "now"), soci::into(id));
  for (const domain::CurrencyPrice& p : t.prices) {
    const long long price = p.period_price_minor;
    const long long rate = p.overage_hourly_rate_minor;
    Exec(s, kInsertPrice, soci::use(id, "v"), soci::use(p.currency, "c"), soci::use(price, "p"),
         soci::use(rate, "r"));
  }
  return id;
}

void PackageStore::UpdatePackage(usecases::Tx& tx, const std::string& id,
                                 const std::string& display_name, const std::string& description,
                                 int current_version, absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kUpdatePackage, soci::use(display_name, "n"), soci::use(description, "d"),
       soci::use(current_version, "v"), soci::use(now_us, "now"), soci::use(id, "id"));
}

void PackageStore::SetArchived(usecases::Tx& tx, const std::string& id, bool archived,
                               absl::Time now) {
  const long long now_us = ToMicros(now);
  const int flag = archived ? 1 : 0;
  Exec(SessionOf(tx), kSetArchived, soci::use(flag, "archived"), soci::use(now_us, "now"),
       soci::use(id, "id"));
}

int PackageStore::CountLiveUsers(usecases::Tx& tx, const std::string& package_id,
                                 const std::string& currency) {
  int users = 0;
  Exec(SessionOf(tx), kCountLiveUsers, soci::use(package_id, "p"), soci::use(currency, "c"),
       soci::into(users));
  return users;
}

domain::Page<domain::Package> PackageStore::ListPackages(usecases::Tx& tx,
                                                         const domain::PageRequest& page,
                                                         bool show_archived) {
  domain::Page<domain::Package> out;
  KeysetQuery q(page);
  const int all = show_archived ? 1 : 0;
  PackageInto row;
  BoundStatement st(SessionOf(tx), kListPackages);
  row.Bind(st);
  st.Add(soci::use(q.after_us, "after_us"));
  st.Add(soci::use(q.after_id, "after_id"));
  st.Add(soci::use(q.fetch, "fetch"));
  st.Add(soci::use(all, "all"));
  for (bool more = st.Execute(); more; more = st.Fetch()) out.items.push_back(row.Get());
  out.next = q.Trim(out.items, [](const domain::Package& p) {
    return PageCursor{ToMicros(p.create_time), p.id};
  });
  return out;
}

std::optional<domain::PackageVersion> PackageStore::FindVersion(usecases::Tx& tx,
                                                                const std::string& package_id,
                                                                int version) {
  VersionInto row;
  BoundStatement st(SessionOf(tx), kSelectVersion);
  row.Bind(st);
  st.Add(soci::use(package_id, "p"));
  st.Add(soci::use(version, "v"));
  if (!st.Execute()) return std::nullopt;
  return row.Get(package_id);
}

domain::Page<domain::PackageVersion> PackageStore::ListVersions(usecases::Tx& tx,
                                                                const std::string& package_id,
                                                                const domain::PageRequest& page) {
  domain::Page<domain::PackageVersion> out;
  KeysetQuery q(page);
  VersionInto row;
  std::vector<std::string> ids;
  BoundStatement st(SessionOf(tx), kListVersions);
  row.Bind(st);
  st.Add(soci::use(package_id, "p"));
  st.Add(soci::use(q.after_us, "after_us"));
  st.Add(soci::use(q.after_id, "after_id"));
  st.Add(soci::use(q.fetch, "fetch"));
  for (bool more = st.Execute(); more; more = st.Fetch()) {
    out.items.push_back(row.Get(package_id));
    ids.push_back(row.id);
  }
  out.next = q.Trim(out.items, [&](const domain::PackageVersion& v) {
    return PageCursor{ToMicros(v.create_time), ids[out.items.size() - 1]};
  });
  return out;
}

void PackageStore::AppendAudit(usecases::Tx& tx, const domain::Who& who,
                               const std::string& request_id, const domain::AuditEntry& e) {
  storage::AppendAudit(SessionOf(tx), who, request_id,
                       {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
}

}  // namespace supportbytime::storage
