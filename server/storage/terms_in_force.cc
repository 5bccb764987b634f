#include "server/storage/terms_in_force.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/billing.h"
#include "server/domain/time_zone.h"
#include "server/storage/database.h"
#include "server/storage/terms_sql.h"

namespace supportbytime::storage {

namespace {

struct Owner {
  std::string time_zone;
  std::string currency;
};

absl::StatusOr<Owner> ReadOwner(soci::session& s, const std::string& client_id,
                                const std::string& subscription_id) {
  Owner o;
  s << "select c.time_zone, c.currency from subscriptions su join clients c on c.id = su.client_id"
       " where su.id = cast(:s as uuid) and su.client_id = cast(:c as uuid)",
      soci::use(subscription_id, "s"), soci::use(client_id, "c"), soci::into(o.time_zone),
      soci::into(o.currency);
  if (!s.got_data()) {
    return domain::NotFound(
        absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
  }
  return o;
}

}  // namespace

absl::StatusOr<PeriodRecord> PeriodOrProspect(soci::session& s, const std::string& client_id,
                                              const std::string& subscription_id,
                                              std::optional<absl::CivilMonth> month) {
  if (std::optional<PeriodRecord> p =
          SelectPeriodByMonth(s, subscription_id, MonthDate(month), /*for_update=*/false)) {
    if (p->client_id != client_id) {
      return domain::NotFound(
          absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
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
  const long long starts_us = p.start_time ? ToMicros(*p.start_time) : 0;
  const int bucket = month ? 0 : 1;
  soci::row r;
  s << absl::StrCat("select v.package_id::text, v.version, ", TermsColumns("v"),
                    " from subscriptions su join package_versions v on v.id = "
                    SBT_VERSION_IN_FORCE " where su.id = cast(:s as uuid)"),
      soci::use(bucket, "b"), soci::use(starts_us, "st"), soci::use(subscription_id, "s"),
      soci::into(r);
  p.package_id = r.get<std::string>(0);
  p.package_version = r.get<int>(1);
  p.terms = TermsFromRow(r, 2);
  const domain::CurrencyPrice* price = p.terms.PriceFor(owner->currency);
  if (price == nullptr) {
    return domain::CurrencyNotPriced(absl::StrCat("packages/", p.package_id), owner->currency);
  }
  p.terms.prices = {*price};
  return p;
}

std::optional<absl::CivilMonth> OptionalMonth(const std::string& date) {
  absl::CivilDay day;
  if (date.empty() || !absl::ParseCivilTime(date, &day)) return std::nullopt;
  return absl::CivilMonth(day);
}

}  // namespace supportbytime::storage
