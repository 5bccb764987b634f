#include "server/storage/package_store.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/terms_sql.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

std::string PackageColumns() {
  return absl::StrCat("p.id::text, p.display_name, p.description, p.current_version, ",
                      SBT_EPOCH_US("p.archived_at"), ", ", SBT_EPOCH_US("p.created_at"), ", ",
                      SBT_EPOCH_US("p.updated_at"), ", ", TermsColumns("v"));
}

constexpr const char* kPackageFrom =
    " from packages p join package_versions v"
    " on v.package_id = p.id and v.version = p.current_version";

domain::Package PackageFromRow(const soci::row& r) {
  domain::Package p;
  p.id = r.get<std::string>(0);
  p.display_name = r.get<std::string>(1);
  p.description = r.get<std::string>(2);
  p.current_version = r.get<int>(3);
  p.archive_time = OptionalTime(r, 4);
  p.create_time = FromMicros(r.get<long long>(5));
  p.update_time = FromMicros(r.get<long long>(6));
  p.terms = TermsFromRow(r, 7);
  return p;
}

std::string PackageJson(const domain::Package& p) {
  return util::JsonObject()
      .Add("display_name", p.display_name)
      .Add("description", p.description)
      .Add("current_version", p.current_version)
      .Add("archived", p.archive_time.has_value())
      .AddRaw("terms", TermsJson(p.terms))
      .str();
}

std::string PackageRef(const std::string& id) { return absl::StrCat("packages/", id); }

// CURRENCY_IN_USE when a currency priced before but not after is the
// currency of a client with a live subscription to (or moving to) the package.
absl::Status CheckRemovedCurrencies(soci::session& s, const std::string& id,
                                    const domain::PackageTerms& before,
                                    const domain::PackageTerms& after) {
  for (const auto& price : before.prices) {
    if (after.PriceFor(price.currency) != nullptr) continue;
    int users = 0;
    s << "select count(*) from subscriptions s join clients c on c.id = s.client_id"
         " where exists (select 1 from subscription_packages d where d.subscription_id = s.id"
         "   and d.package_id = cast(:p as uuid))"
         " and s.state <> 'TERMINATED' and c.currency = :c",
        soci::use(id, "p"), soci::use(price.currency, "c"), soci::into(users);
    if (users > 0) {
      return domain::Error(
          absl::StatusCode::kFailedPrecondition, "CURRENCY_IN_USE",
          absl::StrCat("The price in ", price.currency, " cannot be removed: ", users,
                       " live subscription(s) of clients paying in ", price.currency,
                       " use this package."),
          {{"currency_code", price.currency}, {"package", PackageRef(id)}});
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<domain::Package> SelectPackage(soci::session& s, const std::string& id,
                                             bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", PackageColumns(), kPackageFrom, " where p.id = cast(:id as uuid)",
                    for_update ? " for update of p" : ""),
      soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return PackageFromRow(r);
}

absl::StatusOr<std::string> PackageStore::Create(const auth::Actor& actor,
                                                 const IdempotencyKey& key,
                                                 const PackageChange& in,
                                                 const Encoder<domain::Package>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::string id;
    s << "insert into packages (display_name, description) values (:n, :d) returning id::text",
        soci::use(in.display_name), soci::use(in.description), soci::into(id);
    InsertVersion(s, id, 1, in.terms);
    std::optional<domain::Package> p = SelectPackage(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"CreatePackage", PackageRef(id), "", "",
                 util::JsonObject().AddRaw("after", PackageJson(*p)).str()});
    return encode(*p);
  });
}

absl::StatusOr<domain::Package> PackageStore::Get(const std::string& id) {
  std::optional<domain::Package> p;
  absl::Status st = db_.Run([&](soci::session& s) {
    p = SelectPackage(s, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!p) return domain::NotFound(PackageRef(id));
  return *p;
}

absl::StatusOr<Page<domain::Package>> PackageStore::List(const PageRequest& page,
                                                         bool show_archived) {
  Page<domain::Package> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    KeysetQuery q(page, "p");
    std::string sql = absl::StrCat("select ", PackageColumns(), kPackageFrom, " where ", q.Where(),
                                   show_archived ? "" : " and p.archived_at is null",
                                   q.OrderLimit());
    soci::rowset<soci::row> rows = (s.prepare << sql, soci::use(q.after_us, "after_us"),
                                    soci::use(q.after_id, "after_id"), soci::use(q.fetch, "fetch"));
    for (const soci::row& r : rows) out.items.push_back(PackageFromRow(r));
    out.next = q.Trim(out.items, [](const domain::Package& p) {
      return PageCursor{ToMicros(p.create_time), p.id};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> PackageStore::Update(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& id,
    const std::function<absl::StatusOr<PackageChange>(const domain::Package&)>& change,
    const Encoder<domain::Package>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<domain::Package> before = SelectPackage(s, id, true);
    if (!before) return domain::NotFound(PackageRef(id));
    absl::StatusOr<PackageChange> next = change(*before);
    if (!next.ok()) return next.status();
    if (absl::Status st = CheckRemovedCurrencies(s, id, before->terms, next->terms); !st.ok()) {
      return st;
    }
    int version = before->current_version;
    if (!(next->terms == before->terms)) {
      ++version;
      InsertVersion(s, id, version, next->terms);
    }
    s << "update packages set display_name = :n, description = :d, current_version = :v,"
         " updated_at = now() where id = cast(:id as uuid)",
        soci::use(next->display_name, "n"), soci::use(next->description, "d"),
        soci::use(version, "v"), soci::use(id, "id");
    std::optional<domain::Package> after = SelectPackage(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"UpdatePackage", PackageRef(id), "", "",
                 util::JsonObject()
                     .AddRaw("before", PackageJson(*before))
                     .AddRaw("after", PackageJson(*after))
                     .str()});
    return encode(*after);
  });
}

absl::StatusOr<std::string> PackageStore::SetArchived(const auth::Actor& actor,
                                                      const IdempotencyKey& key,
                                                      const std::string& id, bool archived,
                                                      const Encoder<domain::Package>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<domain::Package> p = SelectPackage(s, id, true);
    if (!p) return domain::NotFound(PackageRef(id));
    if (p->archive_time.has_value() == archived) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                           absl::StrCat(PackageRef(id), archived ? " is already archived."
                                                                 : " is not archived."),
                           {{"resource_name", PackageRef(id)},
                            {"state", archived ? "ARCHIVED" : "ACTIVE"}});
    }
    s << (archived ? "update packages set archived_at = now(), updated_at = now() where id = cast(:id as uuid)"
                   : "update packages set archived_at = null, updated_at = now() where id = cast(:id as uuid)"),
        soci::use(id);
    p = SelectPackage(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {archived ? "ArchivePackage" : "UnarchivePackage", PackageRef(id), "", "", ""});
    return encode(*p);
  });
}

absl::StatusOr<domain::PackageVersion> PackageStore::GetVersion(const std::string& package_id,
                                                                int version) {
  std::optional<domain::PackageVersion> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    soci::row r;
    s << absl::StrCat("select v.version, ", SBT_EPOCH_US("v.created_at"), ", ", TermsColumns("v"),
                      " from package_versions v where v.package_id = cast(:p as uuid) and v.version = :v"),
        soci::use(package_id, "p"), soci::use(version, "v"), soci::into(r);
    if (s.got_data()) {
      out = domain::PackageVersion{package_id, r.get<int>(0), TermsFromRow(r, 2),
                                   FromMicros(r.get<long long>(1))};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!out) return domain::NotFound(absl::StrCat(PackageRef(package_id), "/versions/", version));
  return *out;
}

absl::StatusOr<Page<domain::PackageVersion>> PackageStore::ListVersions(
    const std::string& package_id, const PageRequest& page) {
  Page<domain::PackageVersion> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int exists = 0;
    s << "select count(*) from packages where id = cast(:p as uuid)", soci::use(package_id),
        soci::into(exists);
    if (exists == 0) return domain::NotFound(PackageRef(package_id));
    KeysetQuery q(page, "v");
    std::string sql = absl::StrCat("select v.version, ", SBT_EPOCH_US("v.created_at"), ", ",
                                   "v.id::text, ", TermsColumns("v"),
                                   " from package_versions v where v.package_id = cast(:p as uuid) and ",
                                   q.Where(), q.OrderLimit());
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(package_id, "p"), soci::use(q.after_us, "after_us"),
         soci::use(q.after_id, "after_id"), soci::use(q.fetch, "fetch"));
    std::vector<std::string> ids;
    for (const soci::row& r : rows) {
      out.items.push_back(domain::PackageVersion{package_id, r.get<int>(0), TermsFromRow(r, 3),
                                                 FromMicros(r.get<long long>(1))});
      ids.push_back(r.get<std::string>(2));
    }
    size_t i = 0;
    out.next = q.Trim(out.items, [&](const domain::PackageVersion& v) {
      i = out.items.size() - 1;
      return PageCursor{ToMicros(v.create_time), ids[i]};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace supportbytime::storage
