// One event for the append-only audit log, as a use case describes it.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_AUDIT_ENTRY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_AUDIT_ENTRY_H_

#include <string>

namespace supportbytime::domain {

struct AuditEntry {
  std::string action;        // the RPC or command, e.g. "CreateClient"
  std::string subject;       // resource name acted on
  std::string client_id;     // for client-scoped history; empty when none
  std::string ticket_id;     // for the ticket timeline; empty when none
  std::string details_json;  // a JSON object; empty: {}
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_AUDIT_ENTRY_H_
