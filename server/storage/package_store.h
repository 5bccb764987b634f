// Packages and their immutable versions: usecases::PackagesRepository over
// PostgreSQL.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_

#include <optional>
#include <string>

#include "server/domain/package.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/page.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/packages_repository.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// Kept for the stores that still encode replies themselves (time log,
// billing); the use cases take usecases::Encoder.
template <class T>
using Encoder = usecases::Encoder<T>;

class PackageStore final : public usecases::PackagesRepository {
 public:
  std::optional<domain::Package> FindPackage(usecases::Tx& tx, const std::string& id,
                                             bool lock) override;
  std::string InsertPackage(usecases::Tx& tx, const std::string& display_name,
                            const std::string& description, absl::Time now) override;
  std::string InsertVersion(usecases::Tx& tx, const std::string& package_id, int version,
                            const domain::PackageTerms& terms, absl::Time now) override;
  void UpdatePackage(usecases::Tx& tx, const std::string& id, const std::string& display_name,
                     const std::string& description, int current_version,
                     absl::Time now) override;
  void SetArchived(usecases::Tx& tx, const std::string& id, bool archived,
                   absl::Time now) override;
  int CountLiveUsers(usecases::Tx& tx, const std::string& package_id,
                     const std::string& currency) override;
  domain::Page<domain::Package> ListPackages(usecases::Tx& tx, const domain::PageRequest& page,
                                             bool show_archived) override;
  std::optional<domain::PackageVersion> FindVersion(usecases::Tx& tx,
                                                    const std::string& package_id,
                                                    int version) override;
  domain::Page<domain::PackageVersion> ListVersions(usecases::Tx& tx,
                                                    const std::string& package_id,
                                                    const domain::PageRequest& page) override;
  void AppendAudit(usecases::Tx& tx, const domain::Who& who, const std::string& request_id,
                   const domain::AuditEntry& entry) override;
};

// Reads within an open transaction (used by other stores).
std::optional<domain::Package> SelectPackage(soci::session& s, const std::string& id,
                                             bool for_update);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_PACKAGE_STORE_H_
