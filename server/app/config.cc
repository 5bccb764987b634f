#include "server/app/config.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace supportbytime::app {

void DefineConfigFlags(Flags& flags, bool serving) {
  flags.Define("database-url", "SBT_DATABASE_URL", "",
               "PostgreSQL connection URI or key=value string (required)");
  flags.Define("db-pool-size", "SBT_DB_POOL_SIZE", "8",
               "database connections held by this process (1-200)");
  if (!serving) return;
  flags.Define("listen", "SBT_LISTEN", "127.0.0.1:50051",
               "address and port to serve gRPC on; port 0 picks a free port");
  flags.Define("rpc-threads", "SBT_RPC_THREADS", "256",
               "most RPCs served at once (2-4096); a call beyond is refused with "
               "RESOURCE_EXHAUSTED. Calls past --db-pool-size wait for a connection");
  flags.Define("default-time-zone", "SBT_DEFAULT_TIME_ZONE", "Europe/Warsaw",
               "IANA time zone of clients created without one");
  flags.Define("business-hours", "SBT_BUSINESS_HOURS",
               std::string(domain::kDefaultBusinessCalendar),
               "business hours of first-response SLAs, e.g. "
               "'Mon-Fri 09:00-18:00; tz=Europe/Warsaw; holidays=2026-12-24,12-25'");
  DefineGoodwillFlag(flags);
  flags.Define("auth-cache-ttl", "SBT_AUTH_CACHE_TTL", "5s",
               "how long a verified API key is remembered; a revocation takes effect within it");
  flags.Define("idempotency-ttl", "SBT_IDEMPOTENCY_TTL", "48h",
               "how long request_id keys are kept for safe retries (at least 24h)");
  flags.Define("health-interval", "SBT_HEALTH_INTERVAL", "2s",
               "how often the health status re-checks the database and its schema");
  flags.Define("shutdown-grace", "SBT_SHUTDOWN_GRACE", "20s",
               "on SIGTERM, how long in-flight calls may take to finish");
}

void DefineGoodwillFlag(Flags& flags) {
  flags.Define("goodwill-base", "SBT_GOODWILL_BASE", std::string(domain::kDefaultGoodwillBases),
               "goodwill base deposit per currency, CURRENCY:AMOUNT entries separated by commas "
               "in each currency's own decimals, e.g. EUR:30.00,USD:25.00,KWD:10.000,JPY:3000; "
               "a client starts with its currency's base and is reset to it by a missed "
               "payment; a currency not listed has no goodwill credit (zero)");
}

absl::StatusOr<domain::GoodwillBases> LoadGoodwillBases(const Flags& flags) {
  auto bases = domain::GoodwillBases::Parse(flags.GetString("goodwill-base"));
  if (!bases.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--goodwill-base: ", bases.status().message()));
  }
  return bases;
}

absl::StatusOr<Config> LoadConfig(const Flags& flags, bool serving) {
  Config c;
  c.database_url = flags.GetString("database-url");
  if (c.database_url.empty()) {
    return absl::InvalidArgumentError(
        "--database-url (or SBT_DATABASE_URL) is required, e.g. "
        "postgresql://user@localhost:5432/supportbytime");
  }
  auto pool = flags.GetInt("db-pool-size", 1, 200);
  if (!pool.ok()) return pool.status();
  c.db_pool_size = *pool;
  if (!serving) return c;

  c.listen_address = flags.GetString("listen");
  if (c.listen_address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen must be host:port, got '", c.listen_address, "'"));
  }
  auto threads = flags.GetInt("rpc-threads", 2, 4096);
  if (!threads.ok()) return threads.status();
  c.rpc_threads = *threads;
  c.default_time_zone = flags.GetString("default-time-zone");
  absl::TimeZone tz;
  if (c.default_time_zone.empty() || !absl::LoadTimeZone(c.default_time_zone, &tz)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--default-time-zone must be an IANA time zone such as Europe/Warsaw, got '",
        c.default_time_zone, "'"));
  }
  auto calendar = domain::BusinessCalendar::Parse(flags.GetString("business-hours"),
                                                  "business-hours");
  if (!calendar.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--business-hours: ", calendar.status().message()));
  }
  c.business_calendar = *calendar;
  auto goodwill = LoadGoodwillBases(flags);
  if (!goodwill.ok()) return goodwill.status();
  c.goodwill_bases = *std::move(goodwill);
  for (auto [name, target] : {std::pair{"auth-cache-ttl", &c.auth_cache_ttl},
                              std::pair{"idempotency-ttl", &c.idempotency_ttl},
                              std::pair{"health-interval", &c.health_interval},
                              std::pair{"shutdown-grace", &c.shutdown_grace}}) {
    auto d = flags.GetDuration(name);
    if (!d.ok()) return d.status();
    *target = *d;
  }
  if (c.idempotency_ttl < absl::Hours(24)) {
    return absl::InvalidArgumentError("--idempotency-ttl must be at least 24h (R11)");
  }
  if (c.health_interval < absl::Milliseconds(100)) {
    return absl::InvalidArgumentError("--health-interval must be at least 100ms");
  }
  return c;
}

}  // namespace supportbytime::app
