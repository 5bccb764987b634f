// Keyset pagination: lists are ordered by (created_at, id) and resume after
// the last row of the previous page, so pages stay stable under inserts.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PAGE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace supportbytime::domain {

struct PageCursor {
  int64_t created_us = 0;  // created_at of the last row, microseconds since epoch
  std::string id;          // id of the last row (tie-breaker)
};

struct PageRequest {
  int limit = 50;
  std::optional<PageCursor> after;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<PageCursor> next;  // set when more rows may follow
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PAGE_H_
