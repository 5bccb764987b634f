#include "server/storage/audit.h"

#include "server/storage/statements.h"

namespace supportbytime::storage {
namespace {

// One audit event; the table refuses UPDATE and DELETE.
constexpr Sql kAppendAudit{
    "audit.append",
    "insert into audit_events (actor_key_id, actor_role, actor_display_name, action, subject,"
    " client_id, ticket_id, request_id, details)"
    " values (cast(nullif(:key, '') as uuid), :role, :name, :action, :subject,"
    " cast(nullif(:client, '') as uuid), cast(nullif(:ticket, '') as uuid),"
    " cast(nullif(:rid, '') as uuid), cast(:details as jsonb))"};

}  // namespace

void AppendAudit(soci::session& s, const domain::Who& who, const std::string& request_id,
                 const AuditEntry& entry) {
  const std::string details = entry.details_json.empty() ? "{}" : entry.details_json;
  Exec(s, kAppendAudit, soci::use(who.key_id, "key"), soci::use(who.role, "role"),
       soci::use(who.display_name, "name"), soci::use(entry.action, "action"),
       soci::use(entry.subject, "subject"), soci::use(entry.client_id, "client"),
       soci::use(entry.ticket_id, "ticket"), soci::use(request_id, "rid"),
       soci::use(details, "details"));
}

}  // namespace supportbytime::storage
