// What the example does, apart from main() so that a test can run it
// against a mock client (list_packages_test.cc).
#ifndef LIST_PACKAGES_LIST_PACKAGES_H_
#define LIST_PACKAGES_LIST_PACKAGES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "supportbytime/package_client.h"
#include "supportbytime/pagination.h"

// One "name<TAB>display name<TAB>version N" line per package, every page read.
inline absl::StatusOr<std::vector<std::string>> PackageLines(
    supportbytime::sdk::PackageClient& packages) {
  auto all = supportbytime::sdk::CollectPages(
      supportbytime::v1::ListPackagesRequest(),
      [&](const auto& request) { return packages.ListPackages(request); },
      [](const auto& response) { return response.packages(); });
  if (!all.ok()) return all.status();
  std::vector<std::string> lines;
  for (const auto& p : *all) {
    lines.push_back(p.name() + "\t" + p.display_name() + "\tversion " +
                    std::to_string(p.current_version()));
  }
  return lines;
}

#endif  // LIST_PACKAGES_LIST_PACKAGES_H_
