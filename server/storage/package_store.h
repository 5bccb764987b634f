// Packages and their immutable versions.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/auth/actor.h"
#include "server/domain/package.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/page.h"

namespace supportbytime::storage {

template <class T>
using Encoder = std::function<std::string(const T&)>;

// What an update changes; `terms` differing from the current terms
// publishes a new version.
struct PackageChange {
  std::string display_name;
  std::string description;
  domain::PackageTerms terms;
};

class PackageStore final {
 public:
  explicit PackageStore(Database& db) : db_(db) {}

  // Creates the package and its version 1; audited.
  absl::StatusOr<std::string> Create(const auth::Actor& actor, const IdempotencyKey& key,
                                     const PackageChange& in, const Encoder<domain::Package>& encode);

  absl::StatusOr<domain::Package> Get(const std::string& id);
  absl::StatusOr<Page<domain::Package>> List(const PageRequest& page, bool show_archived);

  // Locks the package, lets `change` compute the new state from the current
  // one, and stores it: a new version when the terms differ (R3: periods
  // keep their snapshots). CURRENCY_IN_USE when a removed currency is used
  // by a client of a live subscription. Audited with before and after.
  absl::StatusOr<std::string> Update(
      const auth::Actor& actor, const IdempotencyKey& key, const std::string& id,
      const std::function<absl::StatusOr<PackageChange>(const domain::Package&)>& change,
      const Encoder<domain::Package>& encode);

  // Archives (archived = true) or unarchives; INVALID_STATE_TRANSITION when
  // it already is. Audited.
  absl::StatusOr<std::string> SetArchived(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& id, bool archived,
                                          const Encoder<domain::Package>& encode);

  absl::StatusOr<domain::PackageVersion> GetVersion(const std::string& package_id, int version);
  absl::StatusOr<Page<domain::PackageVersion>> ListVersions(const std::string& package_id,
                                                            const PageRequest& page);

 private:
  Database& db_;
};

// Reads within an open transaction (used by other stores).
std::optional<domain::Package> SelectPackage(soci::session& s, const std::string& id,
                                             bool for_update);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_
