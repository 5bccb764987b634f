#include "server/api/client_parent.h"

#include "server/auth/actor.h"
#include "server/domain/validation.h"

namespace supportbytime::api {

absl::StatusOr<std::string> ParseClientParent(const Call& call, const std::string& parent) {
  if (parent == "clients/-") {
    if (auto st = auth::RequireRole(call.actor, {auth::Role::kAdmin, auth::Role::kOperator});
        !st.ok()) {
      return st;
    }
    return std::string();
  }
  auto client = domain::ParseName("clients/{client}", parent, "parent");
  if (!client.ok()) return client.status();
  if (auto st = auth::CheckClientAccess(call.actor, client->at(0), parent); !st.ok()) return st;
  return client->at(0);
}

}  // namespace supportbytime::api
