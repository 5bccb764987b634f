// PackageService: validates and converts; usecases::Packages does the rest.
#ifndef SUPPORTBYTIME_SERVER_API_PACKAGE_API_H_
#define SUPPORTBYTIME_SERVER_API_PACKAGE_API_H_

#include "server/api/call.h"
#include "server/usecases/packages.h"
#include "supportbytime/v1/package_service.grpc.pb.h"

namespace supportbytime::api {

class PackageApi final : public v1::PackageService::Service {
 public:
  PackageApi(CallRunner& run, usecases::Packages& store) : run_(run), store_(store) {}

  grpc::Status CreatePackage(grpc::ServerContext* ctx, const v1::CreatePackageRequest* req,
                             v1::Package* resp) override;
  grpc::Status GetPackage(grpc::ServerContext* ctx, const v1::GetPackageRequest* req,
                          v1::Package* resp) override;
  grpc::Status ListPackages(grpc::ServerContext* ctx, const v1::ListPackagesRequest* req,
                            v1::ListPackagesResponse* resp) override;
  grpc::Status UpdatePackage(grpc::ServerContext* ctx, const v1::UpdatePackageRequest* req,
                             v1::Package* resp) override;
  grpc::Status ArchivePackage(grpc::ServerContext* ctx, const v1::ArchivePackageRequest* req,
                              v1::Package* resp) override;
  grpc::Status UnarchivePackage(grpc::ServerContext* ctx, const v1::UnarchivePackageRequest* req,
                                v1::Package* resp) override;
  grpc::Status GetPackageVersion(grpc::ServerContext* ctx, const v1::GetPackageVersionRequest* req,
                                 v1::PackageVersion* resp) override;
  grpc::Status ListPackageVersions(grpc::ServerContext* ctx,
                                   const v1::ListPackageVersionsRequest* req,
                                   v1::ListPackageVersionsResponse* resp) override;

 private:
  CallRunner& run_;
  usecases::Packages& store_;
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_PACKAGE_API_H_
