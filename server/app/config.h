// Server configuration: every knob, its flag, its environment variable.
#ifndef SUPPORTBYTIME_SERVER_APP_CONFIG_H_
#define SUPPORTBYTIME_SERVER_APP_CONFIG_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/app/flags.h"
#include "server/domain/business_calendar.h"
#include "server/domain/goodwill.h"

namespace supportbytime::app {

struct Config {
  std::string database_url;
  std::string listen_address;
  int db_pool_size = 8;
  int rpc_threads = 256;
  std::string default_time_zone;
  // The provider's business hours for first-response SLAs (R13); set when
  // serving.
  std::optional<domain::BusinessCalendar> business_calendar;
  // The goodwill base deposit of each currency (R22); set when serving.
  domain::GoodwillBases goodwill_bases;
  absl::Duration auth_cache_ttl;
  absl::Duration idempotency_ttl;
  absl::Duration health_interval;
  absl::Duration shutdown_grace;
};

// Defines the options shared by every sub-command (the database) and, when
// `serving`, those of `serve`.
void DefineConfigFlags(Flags& flags, bool serving);

// Reads and validates the options defined above; errors name the flag.
absl::StatusOr<Config> LoadConfig(const Flags& flags, bool serving);

// --goodwill-base, for every command that creates clients or resets their
// goodwill credit: serve (defined with the flags above), close-periods and
// seed-demo. They must agree, so they read the same variable.
void DefineGoodwillFlag(Flags& flags);
absl::StatusOr<domain::GoodwillBases> LoadGoodwillBases(const Flags& flags);

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_CONFIG_H_
