// R3: the terms a period is billed on are those in force when it began,
// whenever it is first touched. One place answers "which terms" for period
// creation (first touch), the current usage of an untouched month, and the
// history of months that have no period yet.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TERMS_IN_FORCE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TERMS_IN_FORCE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/storage/period_rows.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// SQL: the id of the package version that bills the period of subscription
// `su` (an alias in scope) starting at the month start bound as :st
// (microseconds), or the bucket when :b = 1: of the package in force then,
// the version current at that instant, or at the first activation when later.
#define SBT_VERSION_IN_FORCE                                                         \
  "subscription_version_at(su.id, case when :b = 1 then coalesce(su.activated_at, now())" \
  " else greatest(" SBT_TS(":st") ", su.activated_at) end)"

// What the period of `month` (nullopt: the ONE_TIME bucket) is, or will be
// once first touched: an existing period as stored, otherwise an empty one
// with the terms in force at its start and the client's currency's price.
// NOT_FOUND for an unknown subscription; CURRENCY_NOT_PRICED when the
// version in force has no price in the client's currency.
absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month);

// "YYYY-MM-DD" (as to_char writes a date) to its month; nullopt for "".
std::optional<absl::CivilMonth> OptionalMonth(const std::string& date);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TERMS_IN_FORCE_H_
