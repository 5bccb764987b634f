// Packages and their immutable versions (R3): a change of terms publishes a
// new version; periods keep the snapshot they took.
#ifndef SUPPORTBYTIME_SERVER_USECASES_PACKAGES_H_
#define SUPPORTBYTIME_SERVER_USECASES_PACKAGES_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/domain/package.h"
#include "server/domain/package_change.h"
#include "server/domain/page.h"
#include "server/domain/who.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/packages_repository.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class Packages final {
 public:
  Packages(Transactions& transactions, Idempotency& idempotency, PackagesRepository& repo,
           const domain::Clock& clock)
      : tx_(transactions), idem_(idempotency), repo_(repo), clock_(clock) {}

  // Creates the package and its version 1; audited.
  absl::StatusOr<std::string> Create(const domain::Who& who, const IdempotencyKey& key,
                                     const domain::PackageChange& in,
                                     const Encoder<domain::Package>& encode);
  absl::StatusOr<domain::Package> Get(const std::string& id);
  absl::StatusOr<domain::Page<domain::Package>> List(const domain::PageRequest& page,
                                                     bool show_archived);

  // Locks the package, lets `change` compute the new state from the current
  // one, and stores it: a new version when the terms differ. CURRENCY_IN_USE
  // when a removed currency is used by a client of a live subscription.
  // Audited with before and after.
  absl::StatusOr<std::string> Update(
      const domain::Who& who, const IdempotencyKey& key, const std::string& id,
      const std::function<absl::StatusOr<domain::PackageChange>(const domain::Package&)>& change,
      const Encoder<domain::Package>& encode);

  // Archives (archived = true) or unarchives; INVALID_STATE_TRANSITION when
  // it already is. Audited.
  absl::StatusOr<std::string> SetArchived(const domain::Who& who, const IdempotencyKey& key,
                                          const std::string& id, bool archived,
                                          const Encoder<domain::Package>& encode);

  absl::StatusOr<domain::PackageVersion> GetVersion(const std::string& package_id, int version);
  absl::StatusOr<domain::Page<domain::PackageVersion>> ListVersions(
      const std::string& package_id, const domain::PageRequest& page);

 private:
  absl::Status CheckRemovedCurrencies(Tx& tx, const std::string& id,
                                      const domain::PackageTerms& before,
                                      const domain::PackageTerms& after);

  Transactions& tx_;
  Idempotency& idem_;
  PackagesRepository& repo_;
  const domain::Clock& clock_;
};

// The audit view of a package (also used by other use cases' audit details).
std::string PackageAuditJson(const domain::Package& p);

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_PACKAGES_H_
