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
#include "absl/time/time.h"
#include "server/storage/period_rows.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// What the period of `month` (nullopt: the ONE_TIME bucket) is, or will be
// once first touched: an existing period as stored, otherwise an empty one
// with the terms in force at its start and the client's currency's price.
// NOT_FOUND for an unknown subscription; CURRENCY_NOT_PRICED when the
// version in force has no price in the client's currency.
// `now` stands for the first activation of a bucket never activated.
absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month,
                                              absl::Time now);
// Transitional, for callers without a clock: the same at the wall clock's time.
absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month);

// "YYYY-MM-DD" (as to_char writes a date) to its month; nullopt for "".
std::optional<absl::CivilMonth> OptionalMonth(const std::string& date);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TERMS_IN_FORCE_H_
