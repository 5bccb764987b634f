#include "server/domain/period.h"

namespace supportbytime::domain {

PoolTerms PoolTermsOf(const Period& p) {
  return PoolTerms{p.terms.included_minutes, p.terms.billing_increment_minutes,
                   p.terms.rounding_scope, p.terms.rounding_direction};
}

int64_t RateOf(const Period& p) {
  return p.terms.prices.empty() ? 0 : p.terms.prices[0].overage_hourly_rate_minor;
}

}  // namespace supportbytime::domain
