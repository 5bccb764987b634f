#include "server/storage/audit.h"

namespace supportbytime::storage {

void AppendAudit(soci::session& s, const auth::Actor& actor, const std::string& request_id,
                 const AuditEntry& entry) {
  const bool system = actor.key_id == "system";
  const std::string role = system ? "SYSTEM" : std::string(auth::RoleName(actor.role));
  const std::string details = entry.details_json.empty() ? "{}" : entry.details_json;
  // SOCI binds references and runs the statement at the end of the full
  // expression: every bound value must be a named object, never a temporary.
  const std::string key_id = system ? std::string() : actor.key_id;
  s << "insert into audit_events (actor_key_id, actor_role, actor_display_name, action, subject,"
       " client_id, ticket_id, request_id, details)"
       " values (cast(nullif(:key, '') as uuid), :role, :name, :action, :subject,"
       " cast(nullif(:client, '') as uuid), cast(nullif(:ticket, '') as uuid),"
       " cast(nullif(:rid, '') as uuid), cast(:details as jsonb))",
      soci::use(key_id, "key"), soci::use(role, "role"),
      soci::use(actor.display_name, "name"), soci::use(entry.action, "action"),
      soci::use(entry.subject, "subject"), soci::use(entry.client_id, "client"),
      soci::use(entry.ticket_id, "ticket"), soci::use(request_id, "rid"),
      soci::use(details, "details");
}

}  // namespace supportbytime::storage
