// API key secrets: generated once, shown once, stored only as a hash.
#ifndef SUPPORTBYTIME_SERVER_AUTH_API_KEY_H_
#define SUPPORTBYTIME_SERVER_AUTH_API_KEY_H_

#include <string>

#include "absl/strings/string_view.h"

namespace supportbytime::auth {

// "sbt_" followed by 64 hex digits of a CSPRNG (256 bits).
std::string GenerateSecret();

// Lower-case hex SHA-256 of the secret: the only form that is stored. A
// plain hash suffices because the secret has 256 bits of entropy.
std::string HashSecret(absl::string_view secret);

// The first characters of a secret, kept to recognise a key in lists.
std::string SecretPrefix(absl::string_view secret);

// Whether `secret` has the shape GenerateSecret() produces.
bool LooksLikeSecret(absl::string_view secret);

}  // namespace supportbytime::auth

#endif  // SUPPORTBYTIME_SERVER_AUTH_API_KEY_H_
