// Decimal amounts on the command line ("40", "40.5", "0.125") as google.type.Money.
#ifndef SUPPORTBYTIME_SDK_CLI_MONEY_FLAG_H_
#define SUPPORTBYTIME_SDK_CLI_MONEY_FLAG_H_

#include <string>

#include "absl/status/status.h"
#include "google/type/money.pb.h"
#include "sdk/cli/cli.h"

namespace supportbytime::cli {

// Parses the flag exactly (no floating point); the server checks that the
// amount fits the currency's minor unit.
absl::Status ParseMoneyFlag(const Invocation& in, const std::string& flag,
                            const std::string& currency, google::type::Money* out);

}  // namespace supportbytime::cli

#endif  // SUPPORTBYTIME_SDK_CLI_MONEY_FLAG_H_
