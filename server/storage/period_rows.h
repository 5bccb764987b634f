// Reading periods (R2, R3): the row with its snapshot and running totals,
// shared by the stores that log time, bill and show history.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_PERIOD_ROWS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_PERIOD_ROWS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"
#include "server/domain/period.h"
#include "server/domain/pool.h"
#include "server/storage/page.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// The period record is domain::Period.
using PeriodRecord = domain::Period;
using domain::kBucketKey;
using domain::PoolTermsOf;
using domain::RateOf;

// "clients/{client}/subscriptions/{subscription}/periods/{key}" (transitional:
// the billing and history stores still name periods in their refusals).
std::string PeriodRef(const std::string& client_id, const std::string& subscription_id,
                      const std::string& key);

// The select list read by PeriodFromRow, over the tables of kPeriodFrom.
std::string PeriodColumns();
extern const char* const kPeriodFrom;
PeriodRecord PeriodFromRow(const soci::row& r);

// "YYYY-MM-01" for a month, "" for the bucket.
std::string MonthDate(const std::optional<absl::CivilMonth>& month);

// nullopt when there is no such period; `for_update` takes its row lock.
std::optional<PeriodRecord> SelectPeriodById(soci::session& s, const std::string& id,
                                             bool for_update);
std::optional<PeriodRecord> SelectPeriodByMonth(soci::session& s,
                                                const std::string& subscription_id,
                                                const std::string& month_date, bool for_update);

// A subscription's periods, newest month first (the bucket first of all),
// optionally in one state; `months_only` keeps the history navigator's: the
// months that have logged time (a month whose entries were all deleted has
// a period but none). The cursor holds the last month's day number (days
// since 1970-01-01).
Page<PeriodRecord> SelectPeriodsNewestFirst(soci::session& s, const std::string& subscription_id,
                                            std::optional<domain::PeriodState> state,
                                            bool months_only, const PageRequest& page);

// The period's live entries in logged order (the pool's input, R5). When
// `stored` is given, it receives each entry's stored billed, included and
// overage minutes.
std::vector<domain::PoolEntry> LiveEntries(soci::session& s, const std::string& period_id,
                                           std::map<std::string, std::array<int64_t, 3>>* stored);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_PERIOD_ROWS_H_
