#include "server/storage/client_rows.h"

#include "absl/strings/str_cat.h"
#include "server/storage/database.h"

namespace supportbytime::storage {

std::string ClientColumns() {
  return absl::StrCat(
      "c.id::text, c.display_name, c.currency, c.time_zone, coalesce(c.external_ref, ''), "
      "c.goodwill_credit_minor, ",
      SBT_EPOCH_US("c.created_at"), ", ", SBT_EPOCH_US("c.updated_at"),
      ", (exists (select 1 from periods pe join subscriptions su on su.id = pe.subscription_id"
      " where su.client_id = c.id))::int");
}

domain::Client ClientFromRow(const soci::row& r) {
  domain::Client c;
  c.id = r.get<std::string>(0);
  c.display_name = r.get<std::string>(1);
  c.currency = r.get<std::string>(2);
  c.time_zone = r.get<std::string>(3);
  c.external_ref = r.get<std::string>(4);
  c.goodwill_credit_minor = r.get<long long>(5);
  c.create_time = FromMicros(r.get<long long>(6));
  c.update_time = FromMicros(r.get<long long>(7));
  c.has_history = r.get<int>(8) != 0;
  return c;
}

std::optional<domain::Client> SelectClient(soci::session& s, const std::string& id,
                                           bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", ClientColumns(), " from clients c where c.id = cast(:id as uuid)",
                    for_update ? " for update of c" : ""),
      soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return ClientFromRow(r);
}

}  // namespace supportbytime::storage
