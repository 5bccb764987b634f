#include "server/util/json.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace supportbytime::util {

std::string JsonEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void JsonObject::Key(absl::string_view key) {
  if (body_.size() > 1) body_ += ",";
  absl::StrAppend(&body_, "\"", JsonEscape(key), "\":");
}

JsonObject& JsonObject::Add(absl::string_view key, absl::string_view value) {
  Key(key);
  absl::StrAppend(&body_, "\"", JsonEscape(value), "\"");
  return *this;
}

JsonObject& JsonObject::Add(absl::string_view key, int64_t value) {
  Key(key);
  absl::StrAppend(&body_, value);
  return *this;
}

JsonObject& JsonObject::Add(absl::string_view key, bool value) {
  Key(key);
  body_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::AddRaw(absl::string_view key, absl::string_view json) {
  Key(key);
  absl::StrAppend(&body_, json);
  return *this;
}

}  // namespace supportbytime::util
