// Wire forms of usage figures shared by BillingService and HistoryService:
// levels (R17), badges (R16) and minutes as hours and minutes.
#ifndef SUPPORTBYTIME_SERVER_API_USAGE_CONVERT_H_
#define SUPPORTBYTIME_SERVER_API_USAGE_CONVERT_H_

#include <cstdint>

#include "server/domain/billing.h"
#include "server/domain/usage.h"
#include "supportbytime/v1/billing.pb.h"

namespace supportbytime::api {

v1::UsageLevel ToProto(domain::UsageLevel level);
v1::TicketBadge ToProto(domain::TicketBadge badge);
// 90 -> {hours: 1, minutes: 30}; negative counts as 0.
void ToHoursMinutes(int64_t minutes, v1::HoursMinutes* out);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_USAGE_CONVERT_H_
