// What usecases::Packages needs from storage: packages, their immutable
// versions (R3) and the audit log.
#ifndef SUPPORTBYTIME_SERVER_USECASES_PACKAGES_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_PACKAGES_REPOSITORY_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/domain/audit_entry.h"
#include "server/domain/package.h"
#include "server/domain/page.h"
#include "server/domain/who.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class PackagesRepository {
 public:
  virtual ~PackagesRepository() = default;

  // The package with its current terms; locked FOR UPDATE when `lock`.
  virtual std::optional<domain::Package> FindPackage(Tx& tx, const std::string& id,
                                                     bool lock) = 0;
  // A new package with no version yet; returns its id.
  virtual std::string InsertPackage(Tx& tx, const std::string& display_name,
                                    const std::string& description, absl::Time now) = 0;
  // Publishes version `version` of the package, created at `now`; returns its id.
  virtual std::string InsertVersion(Tx& tx, const std::string& package_id, int version,
                                    const domain::PackageTerms& terms, absl::Time now) = 0;
  virtual void UpdatePackage(Tx& tx, const std::string& id, const std::string& display_name,
                             const std::string& description, int current_version,
                             absl::Time now) = 0;
  // Archives at `now`, or unarchives when `archived` is false.
  virtual void SetArchived(Tx& tx, const std::string& id, bool archived, absl::Time now) = 0;
  // How many live subscriptions of clients paying in `currency` use (or
  // move to) the package.
  virtual int CountLiveUsers(Tx& tx, const std::string& package_id,
                             const std::string& currency) = 0;

  virtual domain::Page<domain::Package> ListPackages(Tx& tx, const domain::PageRequest& page,
                                                     bool show_archived) = 0;
  virtual std::optional<domain::PackageVersion> FindVersion(Tx& tx, const std::string& package_id,
                                                            int version) = 0;
  virtual domain::Page<domain::PackageVersion> ListVersions(Tx& tx, const std::string& package_id,
                                                            const domain::PageRequest& page) = 0;

  virtual void AppendAudit(Tx& tx, const domain::Who& who, const std::string& request_id,
                           const domain::AuditEntry& entry) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_PACKAGES_REPOSITORY_H_
