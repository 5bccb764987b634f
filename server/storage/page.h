// Keyset pagination (the records live in domain/page.h; the names stay
// available here for storage code).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_

#include "server/domain/page.h"

namespace supportbytime::storage {

using domain::PageCursor;
using domain::PageRequest;
template <class T>
using Page = domain::Page<T>;

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_
