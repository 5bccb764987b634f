#include "server/util/log.h"

#include <cstdio>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/util/json.h"

namespace supportbytime::util {

void Log(absl::string_view level, absl::string_view message, const std::vector<LogField>& fields) {
  std::string line = absl::StrCat(
      "{\"ts\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", level, "\",\"msg\":\"", util::JsonEscape(message), "\"");
  for (const LogField& f : fields) {
    absl::StrAppend(&line, ",\"", util::JsonEscape(f.key), "\":");
    if (f.raw) {
      absl::StrAppend(&line, f.value);
    } else {
      absl::StrAppend(&line, "\"", util::JsonEscape(f.value), "\"");
    }
  }
  line += "}\n";
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace supportbytime::util
