// The append-only audit log, written in the transaction of the change it
// records (the table refuses UPDATE, DELETE and TRUNCATE).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_
#define SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_

#include <string>

#include "server/domain/who.h"
#include "soci/soci.h"

namespace supportbytime::storage {

struct AuditEntry {
  std::string action;        // the RPC or command, e.g. "CreateClient"
  std::string subject;       // resource name acted on
  std::string client_id;     // for client-scoped history; empty when none
  std::string ticket_id;     // for the ticket timeline; empty when none
  std::string details_json;  // a JSON object, e.g. {"before":…,"after":…}; empty: {}
};

// Appends one event. `request_id` may be empty.
void AppendAudit(soci::session& s, const domain::Who& who, const std::string& request_id,
                 const AuditEntry& entry);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_AUDIT_H_
