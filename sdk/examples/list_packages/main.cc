// Lists the packages of a supportbytime server:
//   SBT_ENDPOINT=127.0.0.1:50051 SBT_API_KEY=sbt_… ./list_packages
#include <cstdio>
#include <cstdlib>

#include "list_packages.h"
#include "supportbytime/error.h"

int main() {
  supportbytime::sdk::ClientOptions options;
  if (const char* e = std::getenv("SBT_ENDPOINT")) options.endpoint = e;
  if (const char* k = std::getenv("SBT_API_KEY")) options.api_key = k;
  auto packages = supportbytime::sdk::MakePackageClient(options);
  auto lines = PackageLines(*packages);
  if (!lines.ok()) {
    auto details = supportbytime::sdk::GetErrorDetails(lines.status());
    std::fprintf(stderr, "error %s: %s\n", details.reason.c_str(),
                 std::string(lines.status().message()).c_str());
    return 1;
  }
  for (const auto& line : *lines) std::printf("%s\n", line.c_str());
  return 0;
}
