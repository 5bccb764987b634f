#include "server/domain/error.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supportbytime::domain {
namespace {

// Payload type URLs. The field list is encoded as "field\tdescription" lines:
// field paths never contain tabs or newlines, and descriptions are ours.
constexpr absl::string_view kReasonUrl = "type.supportbytime.v1/reason";
constexpr absl::string_view kMetaPrefix = "type.supportbytime.v1/meta/";
constexpr absl::string_view kFieldsUrl = "type.supportbytime.v1/fields";

std::string OneLine(absl::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

absl::Status Error(absl::StatusCode code, absl::string_view reason,
                   absl::string_view message,
                   const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  status.SetPayload(kReasonUrl, absl::Cord(reason));
  for (const auto& [key, value] : metadata) {
    status.SetPayload(absl::StrCat(kMetaPrefix, key), absl::Cord(value));
  }
  return status;
}

absl::Status InvalidField(absl::string_view field, absl::string_view description) {
  Violations v;
  v.Add(field, description);
  return v.ToStatus();
}

absl::Status NotFound(absl::string_view resource_name) {
  return Error(absl::StatusCode::kNotFound, kReasonNotFound,
               absl::StrCat(resource_name, " was not found."),
               {{"resource_name", std::string(resource_name)}});
}

ErrorDetail DetailOf(const absl::Status& status) {
  ErrorDetail detail;
  if (auto reason = status.GetPayload(kReasonUrl)) {
    detail.reason = std::string(*reason);
  }
  if (auto fields = status.GetPayload(kFieldsUrl)) {
    std::string text(*fields);
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits('\t', 1));
      detail.fields.push_back({kv.first, kv.second});
    }
  }
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    if (absl::StartsWith(url, kMetaPrefix)) {
      detail.metadata[std::string(url.substr(kMetaPrefix.size()))] = std::string(value);
    }
  });
  return detail;
}

void Violations::Add(absl::string_view field, absl::string_view description) {
  fields_.push_back({OneLine(field), OneLine(description)});
}

void Violations::Merge(const absl::Status& status) {
  if (status.ok()) return;
  ErrorDetail detail = DetailOf(status);
  if (detail.fields.empty()) {
    fields_.push_back({"", OneLine(status.message())});
    return;
  }
  for (auto& f : detail.fields) fields_.push_back(std::move(f));
}

absl::Status Violations::ToStatus() const {
  if (fields_.empty()) return absl::OkStatus();
  std::string message;
  std::string encoded;
  for (const auto& f : fields_) {
    absl::StrAppend(&message, message.empty() ? "" : " ", f.field, ": ", f.description);
    absl::StrAppend(&encoded, f.field, "\t", f.description, "\n");
  }
  absl::Status status = Error(absl::StatusCode::kInvalidArgument, kReasonInvalidField, message,
                              {{"field", fields_.front().field}});
  status.SetPayload(kFieldsUrl, absl::Cord(encoded));
  return status;
}

}  // namespace supportbytime::domain
