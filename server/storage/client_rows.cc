#include "server/storage/client_rows.h"

#include "server/storage/database.h"

namespace supportbytime::storage {
namespace {

// One client by id.
constexpr Sql kSelectClient{"accounts.select_client",
                            "select " SBT_CLIENT_COLUMNS
                            " from clients c where c.id = cast(:id as uuid)"};
// One client by id, locked for a change.
constexpr Sql kLockClient{"accounts.lock_client",
                          "select " SBT_CLIENT_COLUMNS
                          " from clients c where c.id = cast(:id as uuid) for update of c"};

}  // namespace

void ClientInto::Bind(BoundStatement& st) {
  st.Add(soci::into(c.id));
  st.Add(soci::into(c.display_name));
  st.Add(soci::into(c.currency));
  st.Add(soci::into(c.time_zone));
  st.Add(soci::into(c.external_ref));
  st.Add(soci::into(credit));
  st.Add(soci::into(created_us));
  st.Add(soci::into(updated_us));
  st.Add(soci::into(has_history));
}

domain::Client ClientInto::Get() const {
  domain::Client out = c;
  out.goodwill_credit_minor = credit;
  out.create_time = FromMicros(created_us);
  out.update_time = FromMicros(updated_us);
  out.has_history = has_history != 0;
  return out;
}

std::optional<domain::Client> SelectClient(soci::session& s, const std::string& id,
                                           bool for_update) {
  ClientInto row;
  BoundStatement st(s, for_update ? kLockClient : kSelectClient);
  row.Bind(st);
  st.Add(soci::use(id, "id"));
  if (!st.Execute()) return std::nullopt;
  return row.Get();
}

}  // namespace supportbytime::storage
