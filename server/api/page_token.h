// Opaque page tokens (AIP-158) over keyset cursors.
//
// A token carries the cursor and a fingerprint of the list's other request
// fields, so a token is refused when replayed with different filters. It is
// base64url, not encrypted: it names only rows the caller already saw.
#ifndef SUPPORTBYTIME_SERVER_API_PAGE_TOKEN_H_
#define SUPPORTBYTIME_SERVER_API_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/storage/page.h"

namespace supportbytime::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

std::string EncodePageToken(const storage::PageCursor& cursor, absl::string_view fingerprint);

// INVALID_FIELD naming page_token when the token is malformed or was made
// for a different request.
absl::StatusOr<storage::PageCursor> DecodePageToken(absl::string_view token,
                                                    absl::string_view fingerprint);

// Reads page_size/page_token into a storage page request: 0 means the
// default, above the maximum is clamped (AIP-158), negative is refused.
absl::StatusOr<storage::PageRequest> ToPageRequest(int page_size, absl::string_view page_token,
                                                   absl::string_view fingerprint);

// The next_page_token of a response.
std::string NextPageToken(const std::optional<storage::PageCursor>& next,
                          absl::string_view fingerprint);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_PAGE_TOKEN_H_
