#include "supportbytime/package_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcPackageClient final : public PackageClient {
 public:
  using Stub = v1::PackageService::Stub;
  GrpcPackageClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::PackageService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::Package> CreatePackage(const v1::CreatePackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreatePackage, request);
  }
  absl::StatusOr<v1::Package> GetPackage(const v1::GetPackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetPackage, request);
  }
  absl::StatusOr<v1::ListPackagesResponse> ListPackages(const v1::ListPackagesRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListPackages, request);
  }
  absl::StatusOr<v1::Package> UpdatePackage(const v1::UpdatePackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UpdatePackage, request);
  }
  absl::StatusOr<v1::Package> ArchivePackage(const v1::ArchivePackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ArchivePackage, request);
  }
  absl::StatusOr<v1::Package> UnarchivePackage(const v1::UnarchivePackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UnarchivePackage, request);
  }
  absl::StatusOr<v1::PackageVersion> GetPackageVersion(const v1::GetPackageVersionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetPackageVersion, request);
  }
  absl::StatusOr<v1::ListPackageVersionsResponse> ListPackageVersions(const v1::ListPackageVersionsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListPackageVersions, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options) {
  return MakePackageClient(options, MakeChannel(options));
}

std::unique_ptr<PackageClient> MakePackageClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcPackageClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
