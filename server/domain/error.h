// Refusals that carry the SPEC's machine-readable reason.
//
// Every layer returns absl::Status. A refusal made by this project carries,
// as status payloads, the UPPER_SNAKE reason of SPEC.md (ErrorInfo.reason on
// the wire), optional metadata (ErrorInfo.metadata, e.g. minutes left) and,
// for malformed input, the offending fields (google.rpc.BadRequest). The api
// layer turns these payloads into google.rpc.Status details; nothing here
// depends on protobuf.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_ERROR_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_ERROR_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace supportbytime::domain {

// Reasons shared by many call sites. Rule-specific reasons are spelled where
// the rule lives, always as the UPPER_SNAKE names of SPEC.md.
inline constexpr absl::string_view kReasonInvalidField = "INVALID_FIELD";
inline constexpr absl::string_view kReasonNotFound = "RESOURCE_NOT_FOUND";
inline constexpr absl::string_view kReasonInternal = "INTERNAL";

struct FieldViolation {
  std::string field;        // proto field path, e.g. "package.terms.included_minutes"
  std::string description;  // what is wrong and what is accepted

  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
};

struct ErrorDetail {
  std::string reason;                           // empty when none was attached
  std::map<std::string, std::string> metadata;  // ErrorInfo.metadata
  std::vector<FieldViolation> fields;           // BadRequest.field_violations
};

// A refusal with a reason and optional metadata.
absl::Status Error(absl::StatusCode code, absl::string_view reason,
                   absl::string_view message,
                   const std::map<std::string, std::string>& metadata = {});

// INVALID_ARGUMENT, reason INVALID_FIELD, naming one field.
absl::Status InvalidField(absl::string_view field, absl::string_view description);

// NOT_FOUND, reason RESOURCE_NOT_FOUND, metadata `resource_name` =
// `resource_name`: the name that was looked up, as the request gave or implied
// it (e.g. "clients/42/tickets/7"). Pass only names the caller already knows,
// so that the answer tells a CLIENT key nothing about other clients.
absl::Status NotFound(absl::string_view resource_name);

// Reads back what Error()/InvalidField() attached.
ErrorDetail DetailOf(const absl::Status& status);

// Collects every problem of one request so that a caller can fix them all at
// once; ToStatus() is OK when nothing was added.
class Violations final {
 public:
  void Add(absl::string_view field, absl::string_view description);
  // Adds the fields of an INVALID_FIELD status (from a single-field
  // validator); any other non-OK status is kept whole as a field-less problem.
  void Merge(const absl::Status& status);
  bool empty() const { return fields_.empty(); }
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> fields_;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_ERROR_H_
