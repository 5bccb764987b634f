#include "server/storage/overage_approvals.h"

namespace supportbytime::storage {

domain::OverageGrant ReadOverageGrant(soci::session& s, const std::string& ticket_id,
                                      const std::string& month_date) {
  domain::OverageGrant out;
  int approved = 0;
  int cap = 0;
  soci::indicator cap_ind = soci::i_null;
  s << "select (state = 'APPROVED')::int, cap_minutes from overage_approvals"
       " where ticket_id = cast(:t as uuid)"
       " and month is not distinct from cast(nullif(:m, '') as date)",
      soci::use(ticket_id, "t"), soci::use(month_date, "m"), soci::into(approved),
      soci::into(cap, cap_ind);
  if (!s.got_data()) return out;
  out.approved = approved != 0;
  if (out.approved && cap_ind == soci::i_ok) out.cap_minutes = cap;
  return out;
}

}  // namespace supportbytime::storage
