#include "server/storage/api_key_store.h"

#include "server/storage/account_store.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::Tx;

// The caller behind a bearer secret, on every authenticated call.
constexpr Sql kFindByHash{
    "api_key_find_by_hash",
    "select id::text, role, coalesce(client_id::text, ''), display_name,"
    " (revoked_at is not null)::int from api_keys where key_hash = decode(:h, 'hex')"};

#define SBT_API_KEY_SELECT                                                                     \
  "select id::text, display_name, role, coalesce(client_id::text, ''), key_prefix, "          \
  SBT_EPOCH_US("created_at") ", " SBT_EPOCH_US("revoked_at") " from api_keys"

// One key.
constexpr Sql kSelectApiKey{"api_keys.select", SBT_API_KEY_SELECT " where id = cast(:id as uuid)"};
// One key, locked for a change.
constexpr Sql kLockApiKey{"api_keys.lock",
                          SBT_API_KEY_SELECT " where id = cast(:id as uuid) for update"};
// A page of keys in creation order, filtered; revoked ones only when :all = 1.
constexpr Sql kListApiKeys{
    "api_keys.list",
    SBT_API_KEY_SELECT
    " where (:after_id = '' or (created_at, id) > (" SBT_TS(":after_us")
    ", cast(nullif(:after_id, '') as uuid))) and (:all = 1 or revoked_at is null)"
    " and (:role = '' or role = :role)"
    " and (:client = '' or client_id = cast(nullif(:client, '') as uuid))"
    " order by created_at, id limit :fetch"};
// A new key, stored by the hash of its secret.
constexpr Sql kInsertApiKey{
    "api_keys.insert",
    "insert into api_keys (display_name, role, client_id, key_hash, key_prefix, created_at)"
    " values (:n, :r, cast(nullif(:c, '') as uuid), decode(:h, 'hex'), :p, " SBT_TS(":now")
    ") returning id::text"};
// Revokes a key.
constexpr Sql kRevokeApiKey{
    "api_keys.revoke",
    "update api_keys set revoked_at = " SBT_TS(":now") " where id = cast(:id as uuid)"};
// Serialises revocations of admin keys, so two of them cannot each leave the
// other as the last one.
constexpr Sql kLockAdminKeys{"api_keys.lock_admins",
                             "select pg_advisory_xact_lock(hashtext('api_keys.admin'))"};
// Active ADMIN keys other than :id.
constexpr Sql kCountOtherAdmins{
    "api_keys.count_other_admins",
    "select count(*) from api_keys where role = 'ADMIN' and revoked_at is null"
    " and id <> cast(:id as uuid)"};

// The into() variables of SBT_API_KEY_SELECT.
struct ApiKeyInto {
  domain::ApiKey k;
  long long created_us = 0, revoked_us = 0;
  soci::indicator revoked_ind = soci::i_null;

  void Bind(BoundStatement& st) {
    st.Add(soci::into(k.id));
    st.Add(soci::into(k.display_name));
    st.Add(soci::into(k.role));
    st.Add(soci::into(k.client_id));
    st.Add(soci::into(k.key_prefix));
    st.Add(soci::into(created_us));
    st.Add(soci::into(revoked_us, revoked_ind));
  }
  domain::ApiKey Get() const {
    domain::ApiKey out = k;
    out.create_time = FromMicros(created_us);
    out.revoke_time.reset();
    if (revoked_ind == soci::i_ok) out.revoke_time = FromMicros(revoked_us);
    return out;
  }
};

}  // namespace

absl::StatusOr<std::optional<domain::KeyHolder>> ApiKeyStore::FindByHash(
    const std::string& key_hash_hex) {
  std::optional<domain::KeyHolder> match;
  absl::Status st = db_.Run([&](soci::session& s) {
    domain::KeyHolder k;
    int revoked = 0;
    if (Exec(s, kFindByHash, soci::use(key_hash_hex, "h"), soci::into(k.key_id),
             soci::into(k.role), soci::into(k.client_id), soci::into(k.display_name),
             soci::into(revoked))) {
      k.revoked = revoked != 0;
      match = std::move(k);
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return match;
}

std::optional<domain::ApiKey> AccountStore::FindApiKey(Tx& tx, const std::string& id, bool lock) {
  ApiKeyInto row;
  BoundStatement st(SessionOf(tx), lock ? kLockApiKey : kSelectApiKey);
  row.Bind(st);
  st.Add(soci::use(id, "id"));
  if (!st.Execute()) return std::nullopt;
  return row.Get();
}

std::string AccountStore::InsertApiKey(Tx& tx, const domain::NewApiKey& in, absl::Time now) {
  const long long now_us = ToMicros(now);
  std::string id;
  Exec(SessionOf(tx), kInsertApiKey, soci::use(in.display_name, "n"), soci::use(in.role, "r"),
       soci::use(in.client_id, "c"), soci::use(in.key_hash_hex, "h"),
       soci::use(in.key_prefix, "p"), soci::use(now_us, "now"), soci::into(id));
  return id;
}

void AccountStore::RevokeApiKey(Tx& tx, const std::string& id, absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kRevokeApiKey, soci::use(now_us, "now"), soci::use(id, "id"));
}

int AccountStore::CountOtherActiveAdmins(Tx& tx, const std::string& except_id) {
  soci::session& s = SessionOf(tx);
  Exec(s, kLockAdminKeys);
  int others = 0;
  Exec(s, kCountOtherAdmins, soci::use(except_id, "id"), soci::into(others));
  return others;
}

domain::Page<domain::ApiKey> AccountStore::ListApiKeys(Tx& tx, const domain::PageRequest& page,
                                                       const domain::ApiKeyFilter& filter) {
  domain::Page<domain::ApiKey> out;
  KeysetQuery q(page);
  const int all = filter.show_revoked ? 1 : 0;
  ApiKeyInto row;
  BoundStatement st(SessionOf(tx), kListApiKeys);
  row.Bind(st);
  st.Add(soci::use(q.after_us, "after_us"));
  st.Add(soci::use(q.after_id, "after_id"));
  st.Add(soci::use(q.fetch, "fetch"));
  st.Add(soci::use(all, "all"));
  st.Add(soci::use(filter.role, "role"));
  st.Add(soci::use(filter.client_id, "client"));
  for (bool more = st.Execute(); more; more = st.Fetch()) out.items.push_back(row.Get());
  out.next = q.Trim(out.items, [](const domain::ApiKey& k) {
    return PageCursor{ToMicros(k.create_time), k.id};
  });
  return out;
}

}  // namespace supportbytime::storage
