// Reading a client row, shared by the stores that lock or return a client
// (accounts, the goodwill credit).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_

#include <optional>
#include <string>

#include "server/domain/account.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// The select list of a client aliased `c`, bound by ClientInto.
#define SBT_CLIENT_COLUMNS                                                                   \
  "c.id::text, c.display_name, c.currency, c.time_zone, coalesce(c.external_ref, ''),"      \
  " c.goodwill_credit_minor, " SBT_EPOCH_US("c.created_at") ", " SBT_EPOCH_US(              \
      "c.updated_at") ", (exists (select 1 from periods pe join subscriptions su"            \
                      " on su.id = pe.subscription_id where su.client_id = c.id))::int"

// The into() variables of SBT_CLIENT_COLUMNS.
struct ClientInto {
  domain::Client c;
  long long credit = 0, created_us = 0, updated_us = 0;
  int has_history = 0;

  void Bind(BoundStatement& st);
  domain::Client Get() const;
};

// The client, locked FOR UPDATE when `for_update`; nullopt when missing.
std::optional<domain::Client> SelectClient(soci::session& s, const std::string& id,
                                           bool for_update);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_
