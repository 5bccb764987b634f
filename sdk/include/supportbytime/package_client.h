// PackageService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_PACKAGE_CLIENT_H_
#define SUPPORTBYTIME_SDK_PACKAGE_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/package_service.grpc.pb.h"

namespace supportbytime::sdk {

class PackageClient {
 public:
  virtual ~PackageClient() = default;

  virtual absl::StatusOr<v1::Package> CreatePackage(const v1::CreatePackageRequest& request) = 0;
  virtual absl::StatusOr<v1::Package> GetPackage(const v1::GetPackageRequest& request) = 0;
  virtual absl::StatusOr<v1::ListPackagesResponse> ListPackages(const v1::ListPackagesRequest& request) = 0;
  virtual absl::StatusOr<v1::Package> UpdatePackage(const v1::UpdatePackageRequest& request) = 0;
  virtual absl::StatusOr<v1::Package> ArchivePackage(const v1::ArchivePackageRequest& request) = 0;
  virtual absl::StatusOr<v1::Package> UnarchivePackage(const v1::UnarchivePackageRequest& request) = 0;
  virtual absl::StatusOr<v1::PackageVersion> GetPackageVersion(const v1::GetPackageVersionRequest& request) = 0;
  virtual absl::StatusOr<v1::ListPackageVersionsResponse> ListPackageVersions(const v1::ListPackageVersionsRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_PACKAGE_CLIENT_H_
