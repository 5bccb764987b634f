// Months, days and instants on the command line: --month=2026-04,
// --due-date=2026-05-10, --as-of=2026-05-01T00:00:00Z.
#ifndef SUPPORTBYTIME_SDK_CLI_DATE_FLAG_H_
#define SUPPORTBYTIME_SDK_CLI_DATE_FLAG_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "sdk/cli/cli.h"

namespace supportbytime::cli {

// YYYY-MM as a month (day 0); `key` gets the canonical "YYYY-MM" of period
// names. INVALID_ARGUMENT naming the flag when malformed.
absl::Status ParseMonthFlag(const Invocation& in, const std::string& flag, google::type::Date* out,
                            std::string* key = nullptr);

// YYYY-MM-DD as a full date.
absl::Status ParseDateFlag(const Invocation& in, const std::string& flag, google::type::Date* out);

// RFC 3339 with an offset, e.g. 2026-04-01T09:30:00+02:00.
absl::Status ParseTimeFlag(const Invocation& in, const std::string& flag,
                           google::protobuf::Timestamp* out);

}  // namespace supportbytime::cli

#endif  // SUPPORTBYTIME_SDK_CLI_DATE_FLAG_H_
