#include "server/api/usage_convert.h"

#include <algorithm>

namespace supportbytime::api {

v1::UsageLevel ToProto(domain::UsageLevel level) {
  switch (level) {
    case domain::UsageLevel::kOk:
      return v1::USAGE_LEVEL_OK;
    case domain::UsageLevel::kWarning:
      return v1::USAGE_LEVEL_WARNING;
    case domain::UsageLevel::kExceeded:
      return v1::USAGE_LEVEL_EXCEEDED;
  }
  return v1::USAGE_LEVEL_UNSPECIFIED;
}

v1::TicketBadge ToProto(domain::TicketBadge badge) {
  switch (badge) {
    case domain::TicketBadge::kOpen:
      return v1::TICKET_BADGE_OPEN;
    case domain::TicketBadge::kCovered:
      return v1::TICKET_BADGE_COVERED;
    case domain::TicketBadge::kBilled:
      return v1::TICKET_BADGE_BILLED;
    case domain::TicketBadge::kUnpaid:
      return v1::TICKET_BADGE_UNPAID;
    case domain::TicketBadge::kPaid:
      return v1::TICKET_BADGE_PAID;
    case domain::TicketBadge::kCancelled:
      return v1::TICKET_BADGE_CANCELLED;
  }
  return v1::TICKET_BADGE_UNSPECIFIED;
}

void ToHoursMinutes(int64_t minutes, v1::HoursMinutes* out) {
  minutes = std::max<int64_t>(0, minutes);
  out->set_hours(static_cast<int32_t>(minutes / 60));
  out->set_minutes(static_cast<int32_t>(minutes % 60));
}

}  // namespace supportbytime::api
