// API keys as stored: only the SHA-256 of a secret is ever kept.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_API_KEY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_API_KEY_H_

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace supportbytime::domain {

struct ApiKey {
  std::string id;
  std::string display_name;
  std::string role = "CLIENT";  // "ADMIN", "OPERATOR" or "CLIENT"
  std::string client_id;        // CLIENT keys only
  std::string key_prefix;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
};

struct ApiKeyFilter {
  std::string role;  // empty: any
  std::string client_id;
  bool show_revoked = false;
};

struct NewApiKey {
  std::string display_name;
  std::string role = "CLIENT";
  std::string client_id;
  std::string key_hash_hex;  // SHA-256 of the secret
  std::string key_prefix;
};

// The holder of a key found by the hash of its secret, as authentication
// needs it.
struct KeyHolder {
  std::string key_id;
  std::string role;       // "ADMIN", "OPERATOR" or "CLIENT"
  std::string client_id;  // CLIENT keys only
  std::string display_name;
  bool revoked = false;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_API_KEY_H_
