// Who is calling, and what that caller may touch (R15).
#ifndef SUPPORTBYTIME_SERVER_AUTH_ACTOR_H_
#define SUPPORTBYTIME_SERVER_AUTH_ACTOR_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/domain/who.h"

namespace supportbytime::auth {

enum class Role { kAdmin, kOperator, kClient };

absl::string_view RoleName(Role role);  // "ADMIN", "OPERATOR", "CLIENT"
bool ParseRole(absl::string_view name, Role* role);

struct Actor {
  std::string key_id;        // api key UUID; "system" for server sub-commands
  Role role = Role::kClient;
  std::string client_id;     // set only for CLIENT keys
  std::string display_name;  // doubles as the operator name on work logs

  // The resource name used in logs and audit events.
  std::string Name() const;

  // The actor of server sub-commands (migrate, seed-demo, close-periods).
  static Actor System();

  // As the audit log records it.
  domain::Who Who() const;
};

// PERMISSION_DENIED (ROLE_NOT_ALLOWED) unless the actor has one of `roles`.
absl::Status RequireRole(const Actor& actor, std::initializer_list<Role> roles);

// PERMISSION_DENIED, reason ROLE_NOT_ALLOWED, metadata `role` = the actor's
// role as its enum value name ("ROLE_OPERATOR"): the actor's role may not do
// what `message` says.
absl::Status RoleNotAllowed(const Actor& actor, absl::string_view message);

// Whether the actor may see data of `client_id`: staff see every client, a
// CLIENT key only its own.
bool CanAccessClient(const Actor& actor, absl::string_view client_id);

// NOT_FOUND for a client the actor may not see, worded exactly like a
// missing resource so that a CLIENT key learns nothing about other clients.
absl::Status CheckClientAccess(const Actor& actor, absl::string_view client_id,
                               absl::string_view resource_name);

}  // namespace supportbytime::auth

#endif  // SUPPORTBYTIME_SERVER_AUTH_ACTOR_H_
