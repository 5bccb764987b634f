#include "server/storage/terms_in_force.h"

#include "absl/strings/str_cat.h"
#include "server/domain/billing.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_zone.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"
#include "server/storage/terms_sql.h"

namespace supportbytime::storage {

namespace {

// The zone and currency of the client of a subscription.
constexpr Sql kProspectOwner{
    "terms.prospect_owner",
    "select c.time_zone, c.currency from subscriptions su join clients c on c.id = su.client_id"
    " where su.id = cast(:s as uuid) and su.client_id = cast(:c as uuid)"};

// R3: the version that bills the period of subscription :s starting at :st
// (or the bucket when :b = 1, from the first activation, or :now before
// it), with its terms and prices.
constexpr Sql kProspectTerms{
    "terms.prospect_terms",
    "select v.package_id::text, v.version, v.billing_cycle, v.included_minutes,"
    " v.billing_increment_minutes, v.rounding_scope, v.rounding_direction,"
    " v.response_priority, v.invoice_action, v.item_name, v.show_work_log_to_client::int,"
    " v.require_overage_approval::int, array_to_string(v.notify_thresholds_percent, ','),"
    " coalesce((select string_agg(pr.currency || ':' || pr.period_price_minor || ':' ||"
    " pr.overage_hourly_rate_minor, ',' order by pr.currency) from package_version_prices pr"
    " where pr.package_version_id = v.id), '')"
    " from subscriptions su join package_versions v on v.id = subscription_version_at(su.id,"
    " case when :b = 1 then coalesce(su.activated_at, " SBT_TS(":now") ")"
    " else greatest(" SBT_TS(":st") ", su.activated_at) end)"
    " where su.id = cast(:s as uuid)"};

struct Owner {
  std::string time_zone;
  std::string currency;
};

absl::StatusOr<Owner> ReadOwner(soci::session& s, const std::string& client_id,
                                const std::string& subscription_id) {
  Owner o;
  if (!Exec(s, kProspectOwner, soci::use(subscription_id, "s"), soci::use(client_id, "c"),
            soci::into(o.time_zone), soci::into(o.currency))) {
    return domain::NotFound(domain::SubscriptionResource(client_id, subscription_id));
  }
  return o;
}

// The package, version and terms in force for the period `p` starts.
void ReadTermsInForce(soci::session& s, const std::string& subscription_id, absl::Time now,
                      PeriodRecord* p) {
  const long long starts_us = p->start_time ? ToMicros(*p->start_time) : 0;
  const long long now_us = ToMicros(now);
  const int bucket = p->month ? 0 : 1;
  std::string cycle, scope, direction, priority, action, thresholds, prices;
  int show = 0, approval = 0;
  domain::PackageTerms& t = p->terms;
  Exec(s, kProspectTerms, soci::use(bucket, "b"), soci::use(starts_us, "st"),
       soci::use(now_us, "now"), soci::use(subscription_id, "s"), soci::into(p->package_id),
       soci::into(p->package_version), soci::into(cycle), soci::into(t.included_minutes),
       soci::into(t.billing_increment_minutes), soci::into(scope), soci::into(direction),
       soci::into(priority), soci::into(action), soci::into(t.item_name), soci::into(show),
       soci::into(approval), soci::into(thresholds), soci::into(prices));
  domain::ParseBillingCycle(cycle, &t.billing_cycle);
  domain::ParseScope(scope, &t.rounding_scope);
  domain::ParseDirection(direction, &t.rounding_direction);
  domain::ParsePriority(priority, &t.response_priority);
  domain::ParseInvoiceAction(action, &t.invoice_action);
  t.show_work_log_to_client = show != 0;
  t.require_overage_approval = approval != 0;
  ParseThresholdsAndPrices(thresholds, prices, &t);
}

}  // namespace

absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month,
                                              absl::Time now) {
  if (std::optional<PeriodRecord> p =
          SelectPeriodByMonth(s, subscription_id, MonthDate(month), /*for_update=*/false)) {
    if (p->client_id != client_id) {
      return domain::NotFound(domain::SubscriptionResource(client_id, subscription_id));
    }
    return *p;
  }
  absl::StatusOr<Owner> owner = ReadOwner(s, client_id, subscription_id);
  if (!owner.ok()) return owner.status();
  absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", owner->time_zone);
  if (!tz.ok()) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone could not be loaded.");
  }
  PeriodRecord p;
  p.subscription_id = subscription_id;
  p.client_id = client_id;
  p.time_zone = owner->time_zone;
  p.month = month;
  p.key = month ? domain::PeriodKey(*month) : kBucketKey;
  if (month) {
    const domain::TimeRange bounds = domain::MonthBounds(*month, *tz);
    p.start_time = bounds.start;
    p.end_time = bounds.end;
  }
  ReadTermsInForce(s, subscription_id, now, &p);
  const domain::CurrencyPrice* price = p.terms.PriceFor(owner->currency);
  if (price == nullptr) {
    return domain::CurrencyNotPriced(domain::PackageResource(p.package_id), owner->currency);
  }
  p.terms.prices = {*price};
  return p;
}

absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month) {
  return PeriodOrProspect(s, client_id, subscription_id, month,
                          domain::SystemClock::Instance().Now());
}

std::optional<absl::CivilMonth> OptionalMonth(const std::string& date) {
  absl::CivilDay day;
  if (date.empty() || !absl::ParseCivilTime(date, &day)) return std::nullopt;
  return absl::CivilMonth(day);
}

}  // namespace supportbytime::storage
