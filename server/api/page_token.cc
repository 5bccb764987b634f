#include "server/api/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/auth/api_key.h"
#include "server/domain/error.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

constexpr absl::string_view kVersion = "p1";

absl::Status BadToken() {
  return domain::InvalidField("page_token",
                              "is not a token returned by this list with the same request; "
                              "start again without page_token");
}

// A short digest, so tokens stay small whatever the filters.
std::string Digest(absl::string_view fingerprint) {
  return auth::HashSecret(fingerprint).substr(0, 16);
}

}  // namespace

std::string EncodePageToken(const domain::PageCursor& cursor, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kVersion, "|", cursor.created_us, "|", cursor.id, "|", Digest(fingerprint)));
}

absl::StatusOr<domain::PageCursor> DecodePageToken(absl::string_view token,
                                                    absl::string_view fingerprint) {
  std::string raw;
  if (token.size() > 512 || !absl::WebSafeBase64Unescape(token, &raw)) return BadToken();
  std::vector<std::string> parts = absl::StrSplit(raw, '|');
  domain::PageCursor cursor;
  if (parts.size() != 4 || parts[0] != kVersion || !absl::SimpleAtoi(parts[1], &cursor.created_us) ||
      !domain::IsUuid(parts[2]) || parts[3] != Digest(fingerprint)) {
    return BadToken();
  }
  cursor.id = parts[2];
  return cursor;
}

absl::StatusOr<domain::PageRequest> ToPageRequest(int page_size, absl::string_view page_token,
                                                   absl::string_view fingerprint) {
  if (page_size < 0) return domain::InvalidField("page_size", "must not be negative");
  domain::PageRequest page;
  page.limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  if (!page_token.empty()) {
    auto cursor = DecodePageToken(page_token, fingerprint);
    if (!cursor.ok()) return cursor.status();
    page.after = *cursor;
  }
  return page;
}

std::string NextPageToken(const std::optional<domain::PageCursor>& next,
                          absl::string_view fingerprint) {
  return next ? EncodePageToken(*next, fingerprint) : "";
}

}  // namespace supportbytime::api
