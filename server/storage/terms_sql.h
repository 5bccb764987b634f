// Reading package terms (package_versions + prices) from a row; PackageStore writes them.
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

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TERMS_SQL_H_
