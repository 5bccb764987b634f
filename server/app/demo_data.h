// The reference policy of SPEC section 1: the seed data of a demo install.
#ifndef SUPPORTBYTIME_SERVER_APP_DEMO_DATA_H_
#define SUPPORTBYTIME_SERVER_APP_DEMO_DATA_H_

#include <string>
#include <vector>

#include "server/domain/package.h"

namespace supportbytime::app {

struct DemoPackage {
  std::string display_name;
  std::string description;
  domain::PackageTerms terms;
};

// Extra Support, Professional Support and Development Support, priced in EUR.
std::vector<DemoPackage> ReferencePackages();

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_DEMO_DATA_H_
