// The append-only audit log, written in the transaction of the change it
// records (the table refuses UPDATE, DELETE and TRUNCATE).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_
#define SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_

#include <string>

#include "server/domain/audit_entry.h"
#include "server/domain/who.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// One event, as the use case describes it (domain/audit_entry.h).
using domain::AuditEntry;

// Appends one event. `request_id` may be empty.
void AppendAudit(soci::session& s, const domain::Who& who, const std::string& request_id,
                 const AuditEntry& entry);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_
