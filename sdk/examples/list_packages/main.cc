// Lists the packages of a supportbytime server:
//   SBT_ENDPOINT=127.0.0.1:50051 SBT_API_KEY=sbt_… ./list_packages
#include <cstdio>
#include <cstdlib>

#include "supportbytime/error.h"
#include "supportbytime/package_client.h"
#include "supportbytime/pagination.h"

int main() {
  supportbytime::sdk::ClientOptions options;
  if (const char* e = std::getenv("SBT_ENDPOINT")) options.endpoint = e;
  if (const char* k = std::getenv("SBT_API_KEY")) options.api_key = k;
  auto packages = supportbytime::sdk::MakePackageClient(options);
  auto all = supportbytime::sdk::CollectPages(
      supportbytime::v1::ListPackagesRequest(),
      [&](const auto& request) { return packages->ListPackages(request); },
      [](const auto& response) { return response.packages(); });
  if (!all.ok()) {
    auto details = supportbytime::sdk::GetErrorDetails(all.status());
    std::fprintf(stderr, "error %s: %s\n", details.reason.c_str(),
                 std::string(all.status().message()).c_str());
    return 1;
  }
  for (const auto& p : *all) {
    std::printf("%s\t%s\tversion %d\n", p.name().c_str(), p.display_name().c_str(),
                p.current_version());
  }
  return 0;
}
