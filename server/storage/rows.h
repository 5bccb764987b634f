// Small helpers for reading rows and building keyset-paged queries.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_ROWS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_ROWS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/storage/database.h"
#include "server/storage/page.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// A nullable epoch-microseconds column.
inline std::optional<absl::Time> OptionalTime(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return FromMicros(r.get<long long>(i));
}

// The WHERE/ORDER/LIMIT of a list ordered by (created_at, id), binding
// :after_us, :after_id and :fetch. It fetches one row more than the page to
// learn whether another page follows.
class KeysetQuery final {
 public:
  explicit KeysetQuery(const PageRequest& page, std::string table_alias = "")
      : alias_(table_alias.empty() ? "" : table_alias + "."), limit_(page.limit) {
    if (page.after) {
      after_us = page.after->created_us;
      after_id = page.after->id;
    }
    fetch = limit_ + 1;
  }

  std::string Where() const {
    return absl::StrCat("(:after_id = '' or (", alias_, "created_at, ", alias_, "id) > (",
                        SBT_TS(":after_us"), ", cast(nullif(:after_id, '') as uuid)))");
  }
  std::string OrderLimit() const {
    return absl::StrCat(" order by ", alias_, "created_at, ", alias_, "id limit :fetch");
  }

  // Drops the look-ahead row; returns the cursor of the next page, if any.
  template <class T, class CursorOf>
  std::optional<PageCursor> Trim(std::vector<T>& items, const CursorOf& cursor) const {
    if (static_cast<int>(items.size()) <= limit_) return std::nullopt;
    items.resize(limit_);
    return cursor(items.back());
  }

  long long after_us = 0;
  std::string after_id;
  int fetch = 0;

 private:
  std::string alias_;
  int limit_;
};

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_ROWS_H_
