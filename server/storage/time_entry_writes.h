// What the time log's entry and timer files share: resource names, the
// OPERATOR_NOT_OWNER refusal, and the one path that creates an entry.
// Internal to server/storage.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TIME_ENTRY_WRITES_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TIME_ENTRY_WRITES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/auth/actor.h"
#include "server/domain/lifecycle.h"
#include "server/storage/time_log_store.h"
#include "soci/soci.h"

namespace supportbytime::storage {

std::string TicketRef(const std::string& client_id, const std::string& ticket_id);
std::string EntryRef(const std::string& client_id, const std::string& ticket_id,
                     const std::string& id);
std::string TimerRef(const std::string& client_id, const std::string& ticket_id,
                     const std::string& id);

// A tickets.state value; unknown values read as OPEN.
domain::TicketStatus ParseTicketStatus(const std::string& s);

// PERMISSION_DENIED OPERATOR_NOT_OWNER for `name`.
absl::Status NotOwner(const std::string& name);

// R20: FAILED_PRECONDITION WORK_OUTSIDE_SUBSCRIPTION unless `worked_at` lies
// within the subscription's window (first activation to termination).
absl::Status CheckWorkInWindow(soci::session& s, const std::string& client_id,
                               const std::string& subscription_id, absl::Time worked_at);

// Creates an entry (CreateTimeEntry, StopTimer) inside the caller's
// transaction: period (created with its snapshot on first touch) locked, the
// rules decided, entry, totals, alerts, subscription state and audit
// written. `timer` marks a TIMER entry; `action` is the audit action.
absl::StatusOr<TimeEntryRecord> CreateInTransaction(soci::session& s, const auth::Actor& actor,
                                                    const std::string& request_id,
                                                    const NewEntry& in, bool timer,
                                                    const std::string& action,
                                                    const std::string& timer_id);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TIME_ENTRY_WRITES_H_
