// Accounts: API keys (only the SHA-256 of a secret is ever stored).
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/usecases/accounts.h"
#include "server/util/json.h"

namespace supportbytime::usecases {
namespace {

using domain::ApiKey;
using domain::ApiKeyResource;

std::string ApiKeyJson(const ApiKey& k) {
  util::JsonObject o;
  o.Add("display_name", k.display_name).Add("role", k.role);
  if (!k.client_id.empty()) o.Add("client", domain::ClientResource(k.client_id));
  o.Add("key_prefix", k.key_prefix);
  return o.str();
}

}  // namespace

absl::StatusOr<std::string> Accounts::CreateApiKey(const domain::Who& who,
                                                   const IdempotencyKey& key,
                                                   const domain::NewApiKey& in,
                                                   const Encoder<ApiKey>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<ApiKey>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<ApiKey> {
        if (!in.client_id.empty() && !repo_.FindClient(tx, in.client_id, false)) {
          return domain::NotFound(domain::ClientResource(in.client_id));
        }
        const std::string id = repo_.InsertApiKey(tx, in, now);
        std::optional<ApiKey> row = repo_.FindApiKey(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"CreateApiKey", ApiKeyResource(id), in.client_id, "",
                           util::JsonObject().AddRaw("after", ApiKeyJson(*row)).str()});
        return *row;
      },
      encode);
}

absl::StatusOr<ApiKey> Accounts::GetApiKey(const std::string& id) {
  std::optional<ApiKey> row;
  absl::Status st = tx_.Read([&](Tx& tx) {
    row = repo_.FindApiKey(tx, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!row) return domain::NotFound(ApiKeyResource(id));
  return *row;
}

absl::StatusOr<domain::Page<ApiKey>> Accounts::ListApiKeys(const domain::PageRequest& page,
                                                           const domain::ApiKeyFilter& filter) {
  domain::Page<ApiKey> out;
  absl::Status st = tx_.Read([&](Tx& tx) {
    out = repo_.ListApiKeys(tx, page, filter);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> Accounts::RevokeApiKey(const domain::Who& who,
                                                   const IdempotencyKey& key,
                                                   const std::string& id,
                                                   const Encoder<ApiKey>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<ApiKey>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<ApiKey> {
        std::optional<ApiKey> row = repo_.FindApiKey(tx, id, true);
        const std::string name = ApiKeyResource(id);
        if (!row) return domain::NotFound(name);
        if (row->revoke_time) {
          return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                               absl::StrCat(name, " is already revoked."),
                               {{"resource_name", name}, {"state", "REVOKED"}});
        }
        if (row->role == "ADMIN" && repo_.CountOtherActiveAdmins(tx, id) == 0) {
          return domain::Error(absl::StatusCode::kFailedPrecondition, "LAST_ADMIN_KEY",
                               "This is the last active ADMIN key; create another ADMIN key first.",
                               {{"resource_name", name}});
        }
        repo_.RevokeApiKey(tx, id, now);
        row = repo_.FindApiKey(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"RevokeApiKey", name, row->client_id, "",
                           util::JsonObject().AddRaw("before", ApiKeyJson(*row)).str()});
        return *row;
      },
      encode);
}

}  // namespace supportbytime::usecases
