#include "server/auth/api_key.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace supportbytime::auth {
namespace {
constexpr absl::string_view kPrefix = "sbt_";
constexpr std::size_t kSecretBytes = 32;
}  // namespace

std::string GenerateSecret() {
  std::array<unsigned char, kSecretBytes> bytes{};
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) std::abort();  // no entropy: never issue a weak key
  return absl::StrCat(kPrefix, absl::BytesToHexString(absl::string_view(
                                   reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

std::string HashSecret(absl::string_view secret) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest.data());
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string SecretPrefix(absl::string_view secret) {
  return std::string(secret.substr(0, kPrefix.size() + 8));
}

bool LooksLikeSecret(absl::string_view secret) {
  if (!absl::StartsWith(secret, kPrefix) || secret.size() != kPrefix.size() + 2 * kSecretBytes) {
    return false;
  }
  for (char c : secret.substr(kPrefix.size())) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

}  // namespace supportbytime::auth
