// A timer (R1): a server-held clock of one operator on one ticket that stops
// into a TIMER entry.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TIMER_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TIMER_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace supportbytime::domain {

struct Timer {
  std::string id;
  std::string client_id;
  std::string ticket_id;
  std::string operator_id;
  std::string operator_display_name;
  std::string note;
  absl::Time start_time;
  int64_t ticket_number = 0;
  std::string ticket_title;
};

struct TimerFilter {
  std::string client_id;    // empty: every client
  std::string ticket_id;    // empty: every ticket
  std::string operator_id;  // empty: every operator
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TIMER_H_
