#include "server/api/client_convert.h"

#include "server/api/convert.h"

namespace supportbytime::api {

void ClientToProto(const domain::Client& c, v1::Client* out) {
  out->set_name(ClientName(c.id));
  out->set_display_name(c.display_name);
  out->set_currency_code(c.currency);
  out->set_time_zone(c.time_zone);
  out->set_external_ref(c.external_ref);
  ToMoney(c.goodwill_credit_minor, c.currency, out->mutable_goodwill_credit());
  out->set_has_history(c.has_history);
  ToTimestamp(c.create_time, out->mutable_create_time());
  ToTimestamp(c.update_time, out->mutable_update_time());
}

}  // namespace supportbytime::api
