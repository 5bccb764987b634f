// The parent of the lists that may span clients.
#ifndef SUPPORTBYTIME_SERVER_API_CLIENT_PARENT_H_
#define SUPPORTBYTIME_SERVER_API_CLIENT_PARENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/api/call.h"

namespace supportbytime::api {

// "clients/{client}" gives the client's id (NOT_FOUND for a CLIENT key of
// another client); "clients/-" gives "" (every client), for ADMIN and
// OPERATOR keys only.
absl::StatusOr<std::string> ParseClientParent(const Call& call, const std::string& parent);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_CLIENT_PARENT_H_
