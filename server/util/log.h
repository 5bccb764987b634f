// One JSON object per line on stderr: easy to read, easy to ship.
#ifndef SUPPORTBYTIME_SERVER_UTIL_LOG_H_
#define SUPPORTBYTIME_SERVER_UTIL_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace supportbytime::util {

// A field's value is written as a JSON string unless `raw` (numbers).
struct LogField {
  std::string key;
  std::string value;
  bool raw = false;
};

void Log(absl::string_view level, absl::string_view message, const std::vector<LogField>& fields = {});

}  // namespace supportbytime::util

#endif  // SUPPORTBYTIME_SERVER_UTIL_LOG_H_
