#include <cstdio>

#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "sdk/cli/cli.h"

namespace supportbytime::cli {
namespace {

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

// A dotted path's value as text ("terms.included_minutes").
std::string Field(const google::protobuf::Message& m, const std::string& path) {
  const google::protobuf::Message* cur = &m;
  size_t start = 0;
  for (;;) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const auto* f = cur->GetDescriptor()->FindFieldByName(name);
    if (f == nullptr || f->is_repeated()) return "";
    const auto* r = cur->GetReflection();
    if (dot != std::string::npos) {
      if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) return "";
      cur = &r->GetMessage(*cur, f);
      start = dot + 1;
      continue;
    }
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING: return r->GetString(*cur, f);
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32: return std::to_string(r->GetInt32(*cur, f));
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64: return std::to_string(r->GetInt64(*cur, f));
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(*cur, f) ? "true" : "false";
      case google::protobuf::FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(*cur, f)->name();
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE: {
        std::string j;
        (void)google::protobuf::util::MessageToJsonString(r->GetMessage(*cur, f), &j);
        return j;
      }
      default: return "";
    }
  }
}

}  // namespace

void PrintMessage(const Invocation& in, const google::protobuf::Message& message,
                  const std::vector<std::string>& fields) {
  if (in.json) {
    std::printf("%s\n", Json(message).c_str());
    return;
  }
  for (const auto& f : fields) std::printf("%-26s %s\n", (f + ":").c_str(), Field(message, f).c_str());
}

void PrintList(const Invocation& in, const std::vector<const google::protobuf::Message*>& items,
               const std::vector<std::string>& fields) {
  if (in.json) {
    std::vector<std::string> parts;
    for (const auto* m : items) parts.push_back(Json(*m));
    std::printf("[%s]\n", absl::StrJoin(parts, ",\n").c_str());
    return;
  }
  std::printf("%s\n", absl::StrJoin(fields, "\t").c_str());
  for (const auto* m : items) {
    std::vector<std::string> row;
    for (const auto& f : fields) row.push_back(Field(*m, f));
    std::printf("%s\n", absl::StrJoin(row, "\t").c_str());
  }
}

}  // namespace supportbytime::cli
