#include "server/auth/actor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::auth {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "ADMIN";
    case Role::kOperator: return "OPERATOR";
    case Role::kClient: return "CLIENT";
  }
  return "CLIENT";
}

bool ParseRole(absl::string_view name, Role* role) {
  for (Role r : {Role::kAdmin, Role::kOperator, Role::kClient}) {
    if (RoleName(r) == name) {
      *role = r;
      return true;
    }
  }
  return false;
}

std::string Actor::Name() const {
  return key_id == "system" ? "system" : absl::StrCat("apiKeys/", key_id);
}

Actor Actor::System() { return Actor{"system", Role::kAdmin, "", "system"}; }

absl::Status RequireRole(const Actor& actor, std::initializer_list<Role> roles) {
  if (std::find(roles.begin(), roles.end(), actor.role) != roles.end()) return absl::OkStatus();
  return RoleNotAllowed(actor, absl::StrCat("An API key with role ", RoleName(actor.role),
                                            " may not make this call."));
}

domain::Who Actor::Who() const {
  if (key_id == "system") return domain::Who{"", "SYSTEM", display_name};
  return domain::Who{key_id, std::string(RoleName(role)), display_name};
}

absl::Status RoleNotAllowed(const Actor& actor, absl::string_view message) {
  return domain::Error(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED", message,
                       {{"role", absl::StrCat("ROLE_", RoleName(actor.role))}});
}

bool CanAccessClient(const Actor& actor, absl::string_view client_id) {
  return actor.role != Role::kClient || actor.client_id == client_id;
}

absl::Status CheckClientAccess(const Actor& actor, absl::string_view client_id,
                               absl::string_view resource_name) {
  if (CanAccessClient(actor, client_id)) return absl::OkStatus();
  return domain::NotFound(resource_name);
}

}  // namespace supportbytime::auth
