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
#include "server/domain/page.h"

namespace supportbytime::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

std::string EncodePageToken(const domain::PageCursor& cursor, absl::string_view fingerprint);

// INVALID_FIELD naming page_token when the token is malformed or was made
// for a different request.
absl::StatusOr<domain::PageCursor> DecodePageToken(absl::string_view token,
                                                    absl::string_view fingerprint);

// Reads page_size/page_token into a page request: 0 means the
// default, above the maximum is clamped (AIP-158), negative is refused.
absl::StatusOr<domain::PageRequest> ToPageRequest(int page_size, absl::string_view page_token,
                                                   absl::string_view fingerprint);

// The next_page_token of a response.
std::string NextPageToken(const std::optional<domain::PageCursor>& next,
                          absl::string_view fingerprint);

// Serves one page of a List RPC: reads the request's page_size and
// page_token (bound to `fingerprint`, the request's other fields), fetches
// the page with `fetch(domain::PageRequest)`, hands each item to `add`, and
// sets the response's next_page_token.
template <class Request, class Response, class Fetch, class Add>
absl::Status ServePage(const Request& request, absl::string_view fingerprint, Fetch fetch, Add add,
                       Response* response) {
  auto page = ToPageRequest(request.page_size(), request.page_token(), fingerprint);
  if (!page.ok()) return page.status();
  auto result = fetch(*page);
  if (!result.ok()) return result.status();
  for (const auto& item : result->items) add(item);
  response->set_next_page_token(NextPageToken(result->next, fingerprint));
  return absl::OkStatus();
}

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_PAGE_TOKEN_H_
