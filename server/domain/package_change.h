// What an update of a package changes; `terms` differing from the current
// terms publishes a new version (R3: periods keep their snapshots).
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_CHANGE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_CHANGE_H_

#include <string>

#include "server/domain/package.h"

namespace supportbytime::domain {

struct PackageChange {
  std::string display_name;
  std::string description;
  PackageTerms terms;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_PACKAGE_CHANGE_H_
