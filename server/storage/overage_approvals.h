// The overage approval of a ticket in one period (R8), as the time entry
// path and the estimate read it. The approval rows are written by
// TicketStore (request, approve, decline), in overage_approvals.cc too.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_OVERAGE_APPROVALS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_OVERAGE_APPROVALS_H_

#include <string>

#include "soci/soci.h"

#include "server/domain/time_entry_rules.h"

namespace supportbytime::storage {

// The grant of `ticket_id` for the period whose month is `month_date`
// ("YYYY-MM-01", or "" for the ONE_TIME bucket): approved only in the state
// APPROVED, with its cap. Call it after locking the ticket row (FOR SHARE or
// FOR UPDATE): a decision is written under the ticket's FOR UPDATE lock, so
// the read then sees the latest committed one.
domain::OverageGrant ReadOverageGrant(soci::session& s, const std::string& ticket_id,
                                      const std::string& month_date);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_OVERAGE_APPROVALS_H_
