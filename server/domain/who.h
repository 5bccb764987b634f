// Who made a change, as the audit log records it: a plain value, so that
// storage writes audit rows without knowing how callers are authenticated.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_WHO_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_WHO_H_

#include <string>

namespace supportbytime::domain {

struct Who {
  std::string key_id;        // the API key's UUID; empty for the system
  std::string role;          // "ADMIN", "OPERATOR", "CLIENT" or "SYSTEM"
  std::string display_name;  // as the audit log and work logs show it
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_WHO_H_
