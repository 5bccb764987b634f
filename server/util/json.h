// Minimal JSON writing for log lines and audit details (no parsing needed).
#ifndef SUPPORTBYTIME_SERVER_UTIL_JSON_H_
#define SUPPORTBYTIME_SERVER_UTIL_JSON_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace supportbytime::util {

// The body of a JSON string literal (without quotes).
std::string JsonEscape(absl::string_view s);

// Builds one JSON object, key by key, in insertion order.
class JsonObject final {
 public:
  JsonObject& Add(absl::string_view key, absl::string_view value);
  JsonObject& Add(absl::string_view key, const char* value) { return Add(key, absl::string_view(value)); }
  JsonObject& Add(absl::string_view key, int64_t value);
  JsonObject& Add(absl::string_view key, int value) { return Add(key, static_cast<int64_t>(value)); }
  JsonObject& Add(absl::string_view key, bool value);
  // `json` must already be valid JSON (an object, array, number…).
  JsonObject& AddRaw(absl::string_view key, absl::string_view json);
  std::string str() const { return body_ + "}"; }

 private:
  void Key(absl::string_view key);
  std::string body_ = "{";
};

}  // namespace supportbytime::util

#endif  // SUPPORTBYTIME_SERVER_UTIL_JSON_H_
