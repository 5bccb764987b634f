// What the time log's use cases say: refusals that name resources, and the
// JSON of entries in audit events. Internal to server/usecases.
#ifndef SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_EVENTS_H_
#define SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "server/domain/period.h"
#include "server/domain/time_entry.h"
#include "server/domain/who.h"

namespace supportbytime::usecases {

// The entry's fields an audit event records.
std::string EntryJson(const domain::TimeEntry& e);

// PERMISSION_DENIED OPERATOR_NOT_OWNER for `name`.
absl::Status NotOwner(const std::string& name);

// FAILED_PRECONDITION PERIOD_CLOSED for the period `name`.
absl::Status PeriodClosedError(const std::string& name);

// R8 refusals name the period they apply to.
absl::Status WithPeriod(const absl::Status& st, const domain::Period& p);

// The key id an OPERATOR is limited to; empty for other roles.
std::string OwnerOf(const domain::Who& who);

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_EVENTS_H_
