#include "server/api/idempotency_key.h"

#include <openssl/sha.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "server/domain/error.h"
#include "server/domain/validation.h"

namespace supportbytime::api {

absl::StatusOr<usecases::IdempotencyKey> IdempotencyKeyFor(const Call& call,
                                                          absl::string_view method,
                                                          const google::protobuf::Message& request) {
  usecases::IdempotencyKey key;
  key.principal = call.actor.key_id;
  key.method = std::string(method);
  key.request_id = absl::AsciiStrToLower(call.request_id);
  if (!key.request_id.empty() && !domain::IsUuid(key.request_id)) {
    return domain::InvalidField("request_id",
                                "must be a UUID such as 3f1c2a9e-8d4b-4c1a-9a57-0b6f2f1e9c11, "
                                "or empty to skip deduplication");
  }
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* f = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), f);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&out);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  key.request_hash.assign(reinterpret_cast<const char*>(digest), sizeof digest);
  return key;
}

}  // namespace supportbytime::api
