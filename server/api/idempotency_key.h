// The R11 key of a mutation: who asks, with which request_id, for what.
#ifndef SUPPORTBYTIME_SERVER_API_IDEMPOTENCY_KEY_H_
#define SUPPORTBYTIME_SERVER_API_IDEMPOTENCY_KEY_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "server/api/call.h"
#include "server/usecases/idempotency.h"

namespace supportbytime::api {

// Validates request_id (empty, or a UUID: INVALID_FIELD request_id
// otherwise) and hashes the request without its request_id, serialized
// deterministically, so that "the same request" means the same fields.
absl::StatusOr<usecases::IdempotencyKey> IdempotencyKeyFor(const Call& call,
                                                          absl::string_view method,
                                                          const google::protobuf::Message& request);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_IDEMPOTENCY_KEY_H_
