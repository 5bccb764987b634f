// Reading and writing package terms (package_versions + prices).
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TERMS_SQL_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TERMS_SQL_H_

#include <string>

#include "server/domain/package.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// The select list of a version aliased `v` (10 columns), read back by TermsFromRow.
std::string TermsColumns(const std::string& alias);
domain::PackageTerms TermsFromRow(const soci::row& r, std::size_t first);
// The last two of those columns: "80,100" and "EUR:10000:6000,USD:...".
void ParseThresholdsAndPrices(const std::string& thresholds, const std::string& prices,
                              domain::PackageTerms* t);

// Inserts version `version` of `package_id` with its prices; returns its id.
std::string InsertVersion(soci::session& s, const std::string& package_id, int version,
                          const domain::PackageTerms& terms);

// A JSON object of the terms, for audit details.
std::string TermsJson(const domain::PackageTerms& terms);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TERMS_SQL_H_
