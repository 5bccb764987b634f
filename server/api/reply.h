// Helpers every service uses to turn store results into responses.
#ifndef SUPPORTBYTIME_SERVER_API_REPLY_H_
#define SUPPORTBYTIME_SERVER_API_REPLY_H_

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "server/domain/error.h"

namespace supportbytime::api {

// An encoder for storage mutations: converts the domain result with
// `to_proto` into a Response and serializes it (the idempotent answer).
template <class Response, class T, class ToProto>
auto Encode(ToProto to_proto) {
  return [to_proto](const T& value) {
    Response r;
    to_proto(value, &r);
    return r.SerializeAsString();
  };
}

// Parses a stored or fresh mutation answer into `out`.
inline absl::Status ParseReply(const absl::StatusOr<std::string>& bytes,
                               google::protobuf::Message* out) {
  if (!bytes.ok()) return bytes.status();
  if (!out->ParseFromString(*bytes)) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "A stored response could not be read.");
  }
  return absl::OkStatus();
}

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_REPLY_H_
