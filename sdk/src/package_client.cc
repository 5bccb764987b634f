#include "supportbytime/package_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcPackageClient final : public internal::GrpcClient<PackageClient, v1::PackageService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::Package> CreatePackage(const v1::CreatePackageRequest& request) override { return Call(&Stub::CreatePackage, request); }
  absl::StatusOr<v1::Package> GetPackage(const v1::GetPackageRequest& request) override { return Call(&Stub::GetPackage, request); }
  absl::StatusOr<v1::ListPackagesResponse> ListPackages(const v1::ListPackagesRequest& request) override { return Call(&Stub::ListPackages, request); }
  absl::StatusOr<v1::Package> UpdatePackage(const v1::UpdatePackageRequest& request) override { return Call(&Stub::UpdatePackage, request); }
  absl::StatusOr<v1::Package> ArchivePackage(const v1::ArchivePackageRequest& request) override { return Call(&Stub::ArchivePackage, request); }
  absl::StatusOr<v1::Package> UnarchivePackage(const v1::UnarchivePackageRequest& request) override { return Call(&Stub::UnarchivePackage, request); }
  absl::StatusOr<v1::PackageVersion> GetPackageVersion(const v1::GetPackageVersionRequest& request) override { return Call(&Stub::GetPackageVersion, request); }
  absl::StatusOr<v1::ListPackageVersionsResponse> ListPackageVersions(const v1::ListPackageVersionsRequest& request) override { return Call(&Stub::ListPackageVersions, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcPackageClient>(options);
}

std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcPackageClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
