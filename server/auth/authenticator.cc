#include "server/auth/authenticator.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "server/auth/api_key.h"
#include "server/domain/error.h"

namespace supportbytime::auth {
namespace {

constexpr std::size_t kMaxCachedKeys = 10000;

absl::Status Unauthenticated(absl::string_view reason, absl::string_view message) {
  return domain::Error(absl::StatusCode::kUnauthenticated, reason, message);
}

}  // namespace

Authenticator::Authenticator(Lookup lookup, Now now, absl::Duration cache_ttl)
    : lookup_(std::move(lookup)), now_(std::move(now)), ttl_(cache_ttl) {}

absl::StatusOr<Actor> Authenticator::Authenticate(absl::string_view header) {
  header = absl::StripAsciiWhitespace(header);
  if (header.empty()) {
    return Unauthenticated("API_KEY_MISSING",
                           "Send an API key as the metadata 'authorization: Bearer <key>'.");
  }
  constexpr absl::string_view kBearer = "bearer ";
  if (header.size() <= kBearer.size() ||
      !absl::EqualsIgnoreCase(header.substr(0, kBearer.size()), kBearer)) {
    return Unauthenticated("API_KEY_INVALID",
                           "The authorization metadata must read 'Bearer <key>'.");
  }
  absl::string_view secret = absl::StripAsciiWhitespace(header.substr(kBearer.size()));
  if (!LooksLikeSecret(secret)) {
    return Unauthenticated("API_KEY_INVALID", "The API key is not valid.");
  }
  const std::string hash = HashSecret(secret);
  const absl::Time now = now_();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = cache_.find(hash); it != cache_.end()) {
      if (it->second.expires > now) return it->second.actor;
      cache_.erase(it);
    }
  }
  absl::StatusOr<std::optional<KeyMatch>> found = lookup_(hash);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Unauthenticated("API_KEY_INVALID", "The API key is unknown.");
  if ((*found)->revoked) {
    return domain::Error(absl::StatusCode::kUnauthenticated, "API_KEY_REVOKED",
                         "The API key has been revoked.",
                         {{"api_key", (*found)->actor.Name()}});
  }
  if (ttl_ > absl::ZeroDuration()) {
    std::lock_guard<std::mutex> lock(mu_);
    if (cache_.size() >= kMaxCachedKeys) cache_.clear();
    cache_[hash] = Cached{(*found)->actor, now + ttl_};
  }
  return (*found)->actor;
}

}  // namespace supportbytime::auth
