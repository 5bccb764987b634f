// Keyset pagination types (domain/page.h), under the names storage used
// before they moved to the domain.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_

#include "server/domain/page.h"

namespace supportbytime::storage {

using domain::Page;
using domain::PageCursor;
using domain::PageRequest;

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_PAGE_H_
