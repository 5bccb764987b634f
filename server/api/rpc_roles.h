// Who may call each RPC (R15), in one table: the call runner checks it after
// authentication and before any handler runs. Finer rules that depend on the
// request (a CLIENT key sees only its own client; an OPERATOR edits only its
// own entries) stay with the handler that knows the request.
#ifndef SUPPORTBYTIME_SERVER_API_RPC_ROLES_H_
#define SUPPORTBYTIME_SERVER_API_RPC_ROLES_H_

#include "server/api/call.h"

namespace supportbytime::api {

// Declares the roles of every RPC of every service on `run`.
void AllowRoles(CallRunner& run);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_RPC_ROLES_H_
