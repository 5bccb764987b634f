#include "server/storage/api_key_store.h"

#include "absl/strings/str_cat.h"
#include "server/auth/api_key.h"
#include "server/domain/error.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

constexpr const char* kColumns =
    "id::text, display_name, role, coalesce(client_id::text, ''), key_prefix, " SBT_EPOCH_US(
        "created_at") ", " SBT_EPOCH_US("revoked_at");

ApiKeyRow FromRow(const soci::row& r) {
  ApiKeyRow k;
  k.id = r.get<std::string>(0);
  k.display_name = r.get<std::string>(1);
  auth::ParseRole(r.get<std::string>(2), &k.role);
  k.client_id = r.get<std::string>(3);
  k.key_prefix = r.get<std::string>(4);
  k.create_time = FromMicros(r.get<long long>(5));
  k.revoke_time = OptionalTime(r, 6);
  return k;
}

std::optional<ApiKeyRow> SelectById(soci::session& s, const std::string& id, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", kColumns, " from api_keys where id = cast(:id as uuid)",
                    for_update ? " for update" : ""),
      soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return FromRow(r);
}

// The caller behind a bearer secret, on every authenticated call.
constexpr Sql kFindByHash{
    "api_key_find_by_hash",
    "select id::text, role, coalesce(client_id::text, ''), display_name,"
    " (revoked_at is not null)::int from api_keys where key_hash = decode(:h, 'hex')"};

std::string AuditJson(const ApiKeyRow& k) {
  util::JsonObject o;
  o.Add("display_name", k.display_name).Add("role", auth::RoleName(k.role));
  if (!k.client_id.empty()) o.Add("client", absl::StrCat("clients/", k.client_id));
  o.Add("key_prefix", k.key_prefix);
  return o.str();
}

}  // namespace

absl::StatusOr<std::optional<auth::KeyMatch>> ApiKeyStore::FindByHash(
    const std::string& key_hash_hex) {
  std::optional<auth::KeyMatch> match;
  absl::Status st = db_.Run([&](soci::session& s) {
    std::string id, role, client_id, name;
    int revoked = 0;
    if (Exec(s, kFindByHash, soci::use(key_hash_hex, "h"), soci::into(id), soci::into(role),
             soci::into(client_id), soci::into(name), soci::into(revoked))) {
      auth::Actor a{id, auth::Role::kClient, client_id, name};
      auth::ParseRole(role, &a.role);
      match = auth::KeyMatch{a, revoked != 0};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return match;
}

absl::StatusOr<std::string> ApiKeyStore::Create(
    const auth::Actor& actor, const IdempotencyKey& key, const NewApiKey& in,
    const std::string& secret, const std::function<std::string(const ApiKeyRow&)>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    if (!in.client_id.empty()) {
      int exists = 0;
      s << "select count(*) from clients where id = cast(:c as uuid)", soci::use(in.client_id),
          soci::into(exists);
      if (exists == 0) return domain::NotFound(absl::StrCat("clients/", in.client_id));
    }
    const std::string hash = auth::HashSecret(secret);
    const std::string prefix = auth::SecretPrefix(secret);
    const std::string role(auth::RoleName(in.role));
    std::string id;
    s << "insert into api_keys (display_name, role, client_id, key_hash, key_prefix)"
         " values (:n, :r, cast(nullif(:c, '') as uuid), decode(:h, 'hex'), :p) returning id::text",
        soci::use(in.display_name), soci::use(role), soci::use(in.client_id), soci::use(hash),
        soci::use(prefix), soci::into(id);
    std::optional<ApiKeyRow> row = SelectById(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"CreateApiKey", absl::StrCat("apiKeys/", id), in.client_id, "",
                 util::JsonObject().AddRaw("after", AuditJson(*row)).str()});
    return encode(*row);
  });
}

absl::StatusOr<ApiKeyRow> ApiKeyStore::Get(const std::string& id) {
  std::optional<ApiKeyRow> row;
  absl::Status st = db_.Run([&](soci::session& s) {
    row = SelectById(s, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!row) return domain::NotFound(absl::StrCat("apiKeys/", id));
  return *row;
}

absl::StatusOr<Page<ApiKeyRow>> ApiKeyStore::List(const PageRequest& page,
                                                  const ApiKeyFilter& filter) {
  Page<ApiKeyRow> out;
  absl::Status st = db_.Run([&](soci::session& s) {
    KeysetQuery q(page);
    const std::string role = filter.role ? std::string(auth::RoleName(*filter.role)) : "";
    std::string sql = absl::StrCat(
        "select ", kColumns, " from api_keys where ", q.Where(),
        filter.show_revoked ? "" : " and revoked_at is null", " and (:role = '' or role = :role)",
        " and (:client = '' or client_id = cast(nullif(:client, '') as uuid))", q.OrderLimit());
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(q.after_us, "after_us"), soci::use(q.after_id, "after_id"),
         soci::use(q.fetch, "fetch"), soci::use(role, "role"),
         soci::use(filter.client_id, "client"));
    for (const soci::row& r : rows) out.items.push_back(FromRow(r));
    out.next = q.Trim(out.items, [](const ApiKeyRow& k) { return PageCursor{ToMicros(k.create_time), k.id}; });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> ApiKeyStore::Revoke(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& id,
    const std::function<std::string(const ApiKeyRow&)>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<ApiKeyRow> row = SelectById(s, id, true);
    if (!row) return domain::NotFound(absl::StrCat("apiKeys/", id));
    const std::string name = absl::StrCat("apiKeys/", id);
    if (row->revoke_time) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                           absl::StrCat(name, " is already revoked."),
                           {{"resource_name", name}, {"state", "REVOKED"}});
    }
    if (row->role == auth::Role::kAdmin) {
      // Serialises concurrent revocations of admin keys, so two of them
      // cannot each leave the other as the last one.
      s << "select pg_advisory_xact_lock(hashtext('api_keys.admin'))";
      int others = 0;
      s << "select count(*) from api_keys where role = 'ADMIN' and revoked_at is null"
           " and id <> cast(:id as uuid)",
          soci::use(id), soci::into(others);
      if (others == 0) {
        return domain::Error(absl::StatusCode::kFailedPrecondition, "LAST_ADMIN_KEY",
                             "This is the last active ADMIN key; create another ADMIN key first.",
                             {{"resource_name", name}});
      }
    }
    s << "update api_keys set revoked_at = now() where id = cast(:id as uuid)", soci::use(id);
    row = SelectById(s, id, false);
    AppendAudit(s, actor, key.request_id,
                {"RevokeApiKey", name, row->client_id, "",
                 util::JsonObject().AddRaw("before", AuditJson(*row)).str()});
    return encode(*row);
  });
}

}  // namespace supportbytime::storage
