// PackageTerms, Package and PackageVersion between proto and domain.
#ifndef SUPPORTBYTIME_SERVER_API_PACKAGE_CONVERT_H_
#define SUPPORTBYTIME_SERVER_API_PACKAGE_CONVERT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "server/domain/error.h"
#include "server/domain/package.h"
#include "supportbytime/v1/package.pb.h"

namespace supportbytime::api {

// Reads terms as the API documents them (defaults for unset optional
// fields), adding one violation per bad field under `prefix` ("package.terms.").
domain::PackageTerms TermsFromProto(const v1::PackageTerms& proto, absl::string_view prefix,
                                    domain::Violations& v);

void TermsToProto(const domain::PackageTerms& terms, v1::PackageTerms* out);
void PackageToProto(const domain::Package& p, v1::Package* out);
void PackageVersionToProto(const domain::PackageVersion& p, v1::PackageVersion* out);

v1::BillingCycle BillingCycleToProto(domain::BillingCycle c);
v1::InvoiceAction InvoiceActionToProto(domain::InvoiceAction a);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_PACKAGE_CONVERT_H_
