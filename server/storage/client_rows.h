// Reading a client row, shared by the stores that lock or return a client
// (accounts, the goodwill credit).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_

#include <optional>
#include <string>

#include "server/domain/account.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// The select list of a client aliased `c`, read back by ClientFromRow.
std::string ClientColumns();
domain::Client ClientFromRow(const soci::row& r);

// The client, locked FOR UPDATE when `for_update`; nullopt when missing.
std::optional<domain::Client> SelectClient(soci::session& s, const std::string& id,
                                           bool for_update);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_CLIENT_ROWS_H_
