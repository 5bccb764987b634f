// Reads every page of a List call.
#ifndef SUPPORTBYTIME_SDK_PAGINATION_H_
#define SUPPORTBYTIME_SDK_PAGINATION_H_

#include <vector>

#include "absl/status/statusor.h"

namespace supportbytime::sdk {

// Calls `list(request)` page after page and collects `items(response)`:
//   auto all = CollectPages(request,
//       [&](const auto& r) { return packages->ListPackages(r); },
//       [](const auto& resp) { return resp.packages(); });
// Stops at `max_items` (0: no limit).
template <class Request, class ListFn, class ItemsFn>
auto CollectPages(Request request, ListFn list, ItemsFn items, size_t max_items = 0)
    -> absl::StatusOr<std::vector<typename std::decay_t<decltype(items(
        *list(request)))>::value_type>> {
  using Item = typename std::decay_t<decltype(items(*list(request)))>::value_type;
  std::vector<Item> out;
  for (;;) {
    auto page = list(request);
    if (!page.ok()) return page.status();
    for (const auto& item : items(*page)) {
      out.push_back(item);
      if (max_items != 0 && out.size() >= max_items) return out;
    }
    if (page->next_page_token().empty()) return out;
    request.set_page_token(page->next_page_token());
  }
}

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_PAGINATION_H_
