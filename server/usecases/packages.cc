#include "server/usecases/packages.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/util/json.h"

namespace supportbytime::usecases {
namespace {

using domain::Package;
using domain::PackageResource;

std::string TermsJson(const domain::PackageTerms& t) {
  std::string prices = "[";
  for (const auto& p : t.prices) {
    if (prices.size() > 1) prices += ",";
    prices += util::JsonObject()
                  .Add("currency_code", p.currency)
                  .Add("period_price_minor", p.period_price_minor)
                  .Add("overage_hourly_rate_minor", p.overage_hourly_rate_minor)
                  .str();
  }
  prices += "]";
  return util::JsonObject()
      .Add("billing_cycle", domain::BillingCycleName(t.billing_cycle))
      .Add("included_minutes", t.included_minutes)
      .Add("billing_increment_minutes", t.billing_increment_minutes)
      .Add("rounding_scope", domain::ScopeName(t.rounding_scope))
      .Add("rounding_direction", domain::DirectionName(t.rounding_direction))
      .AddRaw("prices", prices)
      .Add("response_priority", domain::PriorityName(t.response_priority))
      .Add("invoice_action", domain::InvoiceActionName(t.invoice_action))
      .Add("item_name", t.item_name)
      .Add("show_work_log_to_client", t.show_work_log_to_client)
      .AddRaw("notify_thresholds_percent",
              absl::StrCat("[", absl::StrJoin(t.notify_thresholds_percent, ","), "]"))
      .Add("require_overage_approval", t.require_overage_approval)
      .str();
}

}  // namespace

std::string PackageAuditJson(const Package& p) {
  return util::JsonObject()
      .Add("display_name", p.display_name)
      .Add("description", p.description)
      .Add("current_version", p.current_version)
      .Add("archived", p.archive_time.has_value())
      .AddRaw("terms", TermsJson(p.terms))
      .str();
}

absl::StatusOr<std::string> Packages::Create(const domain::Who& who, const IdempotencyKey& key,
                                             const domain::PackageChange& in,
                                             const Encoder<Package>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Package>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Package> {
        const std::string id = repo_.InsertPackage(tx, in.display_name, in.description, now);
        repo_.InsertVersion(tx, id, 1, in.terms, now);
        std::optional<Package> p = repo_.FindPackage(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"CreatePackage", PackageResource(id), "", "",
                           util::JsonObject().AddRaw("after", PackageAuditJson(*p)).str()});
        return *p;
      },
      encode);
}

absl::StatusOr<Package> Packages::Get(const std::string& id) {
  std::optional<Package> p;
  absl::Status st = tx_.Read([&](Tx& tx) {
    p = repo_.FindPackage(tx, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!p) return domain::NotFound(PackageResource(id));
  return *p;
}

absl::StatusOr<domain::Page<Package>> Packages::List(const domain::PageRequest& page,
                                                     bool show_archived) {
  domain::Page<Package> out;
  absl::Status st = tx_.Read([&](Tx& tx) {
    out = repo_.ListPackages(tx, page, show_archived);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::Status Packages::CheckRemovedCurrencies(Tx& tx, const std::string& id,
                                              const domain::PackageTerms& before,
                                              const domain::PackageTerms& after) {
  for (const auto& price : before.prices) {
    if (after.PriceFor(price.currency) != nullptr) continue;
    const int users = repo_.CountLiveUsers(tx, id, price.currency);
    if (users > 0) {
      return domain::Error(
          absl::StatusCode::kFailedPrecondition, "CURRENCY_IN_USE",
          absl::StrCat("The price in ", price.currency, " cannot be removed: ", users,
                       " live subscription(s) of clients paying in ", price.currency,
                       " use this package."),
          {{"currency_code", price.currency}, {"package", PackageResource(id)}});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Packages::Update(
    const domain::Who& who, const IdempotencyKey& key, const std::string& id,
    const std::function<absl::StatusOr<domain::PackageChange>(const Package&)>& change,
    const Encoder<Package>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Package>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Package> {
        std::optional<Package> before = repo_.FindPackage(tx, id, true);
        if (!before) return domain::NotFound(PackageResource(id));
        absl::StatusOr<domain::PackageChange> next = change(*before);
        if (!next.ok()) return next.status();
        if (absl::Status st = CheckRemovedCurrencies(tx, id, before->terms, next->terms);
            !st.ok()) {
          return st;
        }
        // R3: new terms are a new version; a version never changes.
        int version = before->current_version;
        if (!(next->terms == before->terms)) repo_.InsertVersion(tx, id, ++version, next->terms, now);
        repo_.UpdatePackage(tx, id, next->display_name, next->description, version, now);
        std::optional<Package> after = repo_.FindPackage(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {"UpdatePackage", PackageResource(id), "", "",
                           util::JsonObject()
                               .AddRaw("before", PackageAuditJson(*before))
                               .AddRaw("after", PackageAuditJson(*after))
                               .str()});
        return *after;
      },
      encode);
}

absl::StatusOr<std::string> Packages::SetArchived(const domain::Who& who,
                                                  const IdempotencyKey& key,
                                                  const std::string& id, bool archived,
                                                  const Encoder<Package>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Package>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Package> {
        std::optional<Package> p = repo_.FindPackage(tx, id, true);
        const std::string name = PackageResource(id);
        if (!p) return domain::NotFound(name);
        if (p->archive_time.has_value() == archived) {
          return domain::Error(
              absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
              absl::StrCat(name, archived ? " is already archived." : " is not archived."),
              {{"resource_name", name}, {"state", archived ? "ARCHIVED" : "ACTIVE"}});
        }
        repo_.SetArchived(tx, id, archived, now);
        p = repo_.FindPackage(tx, id, false);
        repo_.AppendAudit(tx, who, key.request_id,
                          {archived ? "ArchivePackage" : "UnarchivePackage", name, "", "", ""});
        return *p;
      },
      encode);
}

absl::StatusOr<domain::PackageVersion> Packages::GetVersion(const std::string& package_id,
                                                            int version) {
  std::optional<domain::PackageVersion> out;
  absl::Status st = tx_.Read([&](Tx& tx) {
    out = repo_.FindVersion(tx, package_id, version);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!out) return domain::NotFound(domain::PackageVersionResource(package_id, version));
  return *out;
}

absl::StatusOr<domain::Page<domain::PackageVersion>> Packages::ListVersions(
    const std::string& package_id, const domain::PageRequest& page) {
  domain::Page<domain::PackageVersion> out;
  absl::Status st = tx_.Read([&](Tx& tx) -> absl::Status {
    if (!repo_.FindPackage(tx, package_id, false)) {
      return domain::NotFound(PackageResource(package_id));
    }
    out = repo_.ListVersions(tx, package_id, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace supportbytime::usecases
