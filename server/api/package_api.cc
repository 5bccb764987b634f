#include "server/api/package_api.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_mask_util.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/package_convert.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using google::protobuf::util::FieldMaskUtil;

constexpr char kService[] = "supportbytime.v1.PackageService";
constexpr auto kAnyRole = {Role::kAdmin, Role::kOperator, Role::kClient};

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

auto EncodePackage() { return Encode<v1::Package, domain::Package>(PackageToProto); }

absl::StatusOr<std::string> PackageId(const std::string& name, absl::string_view field = "name") {
  auto ids = domain::ParseName("packages/{package}", name, field);
  if (!ids.ok()) return ids.status();
  return ids->at(0);
}

void ValidateDisplay(const v1::Package& p, domain::Violations& v) {
  v.Merge(
      domain::ValidateText("package.display_name", p.display_name(), {1, domain::kMaxNameLength}));
  v.Merge(domain::ValidateText("package.description", p.description(),
                               {0, domain::kMaxDescriptionLength, /*multiline=*/true}));
}

// UpdatePackage's mask: display_name, description, terms, terms.<field>, or *.
absl::Status ValidateMask(const google::protobuf::FieldMask& mask) {
  if (mask.paths_size() == 0) {
    return domain::InvalidField("update_mask", "is required: name the fields to change");
  }
  for (const std::string& path : mask.paths()) {
    const bool ok = path == "*" || path == "display_name" || path == "description" ||
                    path == "terms" ||
                    (absl::StartsWith(path, "terms.") &&
                     FieldMaskUtil::GetFieldDescriptors(v1::Package::descriptor(), path, nullptr));
    if (!ok) {
      return domain::InvalidField("update_mask",
                                  absl::StrCat("path '", path.substr(0, 100),
                                               "' is not one of display_name, description, terms, "
                                               "terms.<field> or *"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status PackageApi::CreatePackage(grpc::ServerContext* ctx,
                                       const v1::CreatePackageRequest* req, v1::Package* resp) {
  return run_(ctx, "PackageService/CreatePackage", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    if (!req->has_package()) v.Add("package", "is required");
    ValidateDisplay(req->package(), v);
    if (!req->package().has_terms()) v.Add("package.terms", "is required");
    domain::PackageChange in{req->package().display_name(), req->package().description(),
                              TermsFromProto(req->package().terms(), "package.terms.", v)};
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("CreatePackage"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(store_.Create(call.actor.Who(), *key, in, EncodePackage()), resp);
  });
}

grpc::Status PackageApi::GetPackage(grpc::ServerContext* ctx, const v1::GetPackageRequest* req,
                                    v1::Package* resp) {
  return run_(ctx, "PackageService/GetPackage", *req, [&](const Call&) -> absl::Status {
    auto id = PackageId(req->name());
    if (!id.ok()) return id.status();
    auto p = store_.Get(*id);
    if (!p.ok()) return p.status();
    PackageToProto(*p, resp);
    return absl::OkStatus();
  });
}

grpc::Status PackageApi::ListPackages(grpc::ServerContext* ctx, const v1::ListPackagesRequest* req,
                                      v1::ListPackagesResponse* resp) {
  return run_(ctx, "PackageService/ListPackages", *req, [&](const Call&) -> absl::Status {
    const std::string fingerprint = absl::StrCat("packages|", req->show_archived());
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) { return store_.List(page, req->show_archived()); },
        [&](const auto& p) { PackageToProto(p, resp->add_packages()); }, resp);
  });
}

grpc::Status PackageApi::UpdatePackage(grpc::ServerContext* ctx,
                                       const v1::UpdatePackageRequest* req, v1::Package* resp) {
  return run_(ctx, "PackageService/UpdatePackage", *req, [&](const Call& call) -> absl::Status {
    auto id = PackageId(req->package().name(), "package.name");
    if (!id.ok()) return id.status();
    if (auto st = ValidateMask(req->update_mask()); !st.ok()) return st;
    auto key = IdempotencyKeyFor(call, Method("UpdatePackage"), *req);
    if (!key.ok()) return key.status();
    // Applies the mask to the current package, then reads the result as a
    // whole, so every rule of CreatePackage holds for the new version too.
    auto change = [&](const domain::Package& current) -> absl::StatusOr<domain::PackageChange> {
      v1::Package merged;
      PackageToProto(current, &merged);
      google::protobuf::FieldMask mask = req->update_mask();
      if (mask.paths_size() == 1 && mask.paths(0) == "*") {
        mask.clear_paths();
        for (const char* p : {"display_name", "description", "terms"}) mask.add_paths(p);
      }
      FieldMaskUtil::MergeOptions options;
      options.set_replace_message_fields(true);
      options.set_replace_repeated_fields(true);
      FieldMaskUtil::MergeMessageTo(req->package(), mask, options, &merged);
      domain::Violations v;
      ValidateDisplay(merged, v);
      domain::PackageChange next{merged.display_name(), merged.description(),
                                  TermsFromProto(merged.terms(), "package.terms.", v)};
      if (v.empty() && next.terms.billing_cycle != current.terms.billing_cycle) {
        v.Add("package.terms.billing_cycle",
              "cannot change after the package is created; create another package instead");
      }
      if (!v.empty()) return v.ToStatus();
      return next;
    };
    return ParseReply(store_.Update(call.actor.Who(), *key, *id, change, EncodePackage()), resp);
  });
}

grpc::Status PackageApi::ArchivePackage(grpc::ServerContext* ctx,
                                        const v1::ArchivePackageRequest* req, v1::Package* resp) {
  return run_(ctx, "PackageService/ArchivePackage", *req, [&](const Call& call) -> absl::Status {
    auto id = PackageId(req->name());
    if (!id.ok()) return id.status();
    auto key = IdempotencyKeyFor(call, Method("ArchivePackage"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(store_.SetArchived(call.actor.Who(), *key, *id, true, EncodePackage()), resp);
  });
}

grpc::Status PackageApi::UnarchivePackage(grpc::ServerContext* ctx,
                                          const v1::UnarchivePackageRequest* req,
                                          v1::Package* resp) {
  return run_(ctx, "PackageService/UnarchivePackage", *req, [&](const Call& call) -> absl::Status {
    auto id = PackageId(req->name());
    if (!id.ok()) return id.status();
    auto key = IdempotencyKeyFor(call, Method("UnarchivePackage"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(store_.SetArchived(call.actor.Who(), *key, *id, false, EncodePackage()), resp);
  });
}

grpc::Status PackageApi::GetPackageVersion(grpc::ServerContext* ctx,
                                           const v1::GetPackageVersionRequest* req,
                                           v1::PackageVersion* resp) {
  return run_(ctx, "PackageService/GetPackageVersion", *req, [&](const Call&) -> absl::Status {
    auto ids = domain::ParseName("packages/{package}/versions/{version:token}", req->name());
    if (!ids.ok()) return ids.status();
    int version = 0;
    if (!absl::SimpleAtoi(ids->at(1), &version) || version < 1) {
      return domain::InvalidField("name", "the version must be a whole number from 1");
    }
    auto v = store_.GetVersion(ids->at(0), version);
    if (!v.ok()) return v.status();
    PackageVersionToProto(*v, resp);
    return absl::OkStatus();
  });
}

grpc::Status PackageApi::ListPackageVersions(grpc::ServerContext* ctx,
                                             const v1::ListPackageVersionsRequest* req,
                                             v1::ListPackageVersionsResponse* resp) {
  return run_(
      ctx, "PackageService/ListPackageVersions", *req, [&](const Call&) -> absl::Status {
        auto id = PackageId(req->parent(), "parent");
        if (!id.ok()) return id.status();
        const std::string fingerprint = absl::StrCat("versions|", *id);
        return ServePage(
            *req, fingerprint,
            [&](const domain::PageRequest& page) { return store_.ListVersions(*id, page); },
            [&](const auto& v) { PackageVersionToProto(v, resp->add_package_versions()); }, resp);
      });
}

}  // namespace supportbytime::api
