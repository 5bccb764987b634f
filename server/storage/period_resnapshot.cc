// ChangePackage's new terms for a running period (transitional: called by
// AccountStore inside its transaction until ChangePackage is a use case).
#include "absl/strings/str_cat.h"
#include "server/domain/account.h"
#include "server/domain/period_rewrite.h"
#include "server/domain/resource_names.h"
#include "server/storage/audit.h"
#include "server/storage/database.h"
#include "server/storage/period_rows.h"
#include "server/storage/statements.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

// The pool terms and cycle of a package version.
constexpr Sql kVersionPoolTerms{
    "time_log.version_pool_terms",
    "select v.included_minutes, v.billing_increment_minutes, v.rounding_scope,"
    " v.rounding_direction, v.billing_cycle from package_versions v where v.id = cast(:v as uuid)"};

// A period's snapshot replaced by version :v (priced in the period's
// currency), with totals consistent with the new terms at once (the CHECKs
// hold after each statement); the cost is summed again from the lines.
constexpr Sql kResnapshotPeriod{
    "time_log.resnapshot_period",
    "update periods pe set package_version_id = v.id, included_minutes = v.included_minutes,"
    " billing_increment_minutes = v.billing_increment_minutes,"
    " rounding_scope = v.rounding_scope, rounding_direction = v.rounding_direction,"
    " period_price_minor = pr.period_price_minor,"
    " overage_hourly_rate_minor = pr.overage_hourly_rate_minor, item_name = v.item_name,"
    " invoice_action = v.invoice_action, show_work_log_to_client = v.show_work_log_to_client,"
    " notify_thresholds_percent = v.notify_thresholds_percent,"
    " require_overage_approval = v.require_overage_approval,"
    " raw_minutes = :r, used_minutes = :u, overage_minutes = :o, overage_cost_minor = 0,"
    " updated_at = " SBT_TS(":now")
    " from package_versions v join package_version_prices pr on pr.package_version_id = v.id"
    " where v.id = cast(:v as uuid) and pr.currency = pe.currency and pe.id = cast(:p as uuid)"};

struct VersionTerms {
  domain::PoolTerms pool;
  domain::BillingCycle cycle = domain::BillingCycle::kMonthly;
};

VersionTerms ReadVersionTerms(soci::session& s, const std::string& version_id) {
  int included = 0, increment = 1;
  std::string scope, direction, cycle;
  Exec(s, kVersionPoolTerms, soci::use(version_id, "v"), soci::into(included),
       soci::into(increment), soci::into(scope), soci::into(direction), soci::into(cycle));
  VersionTerms out;
  out.pool.included_minutes = included;
  out.pool.increment_minutes = increment;
  domain::ParseScope(scope, &out.pool.scope);
  domain::ParseDirection(direction, &out.pool.direction);
  domain::ParseBillingCycle(cycle, &out.cycle);
  return out;
}

void AuditSubscription(soci::session& s, const domain::Who& who, const std::string& request_id,
                       const domain::Period& p, domain::SubscriptionStatus from,
                       domain::SubscriptionStatus to, int64_t used_after) {
  AppendAudit(
      s, who, request_id,
      {to == domain::SubscriptionStatus::kDepleted ? "DepleteSubscription"
                                                   : "ReplenishSubscription",
       domain::SubscriptionResource(p.client_id, p.subscription_id), p.client_id, "",
       util::JsonObject()
           .Add("from", domain::SubscriptionStatusName(from))
           .Add("to", domain::SubscriptionStatusName(to))
           .Add("used_minutes", used_after)
           .Add("included_minutes", static_cast<int64_t>(p.terms.included_minutes))
           .str()});
}

}  // namespace

absl::Status ResnapshotPeriodInTransaction(soci::session& s, const domain::Who& who,
                                           const std::string& request_id,
                                           const std::string& period_id,
                                           const std::string& version_id, absl::Time now) {
  SessionTx tx(s);
  TimeLogStore repo;
  std::optional<domain::Period> before = repo.FindPeriod(tx, period_id, /*lock=*/true);
  if (!before) return absl::OkStatus();
  const VersionTerms terms = ReadVersionTerms(s, version_id);
  domain::PeriodEntries entries = repo.LiveEntries(tx, period_id);
  absl::StatusOr<domain::PoolAllocation> after = domain::Allocate(terms.pool, entries.entries);
  if (!after.ok()) return after.status();
  if (absl::Status st = domain::CheckTermsFitBucket(terms.cycle, terms.pool.included_minutes,
                                                    after->used_minutes);
      !st.ok()) {
    return st;
  }
  const long long raw = after->raw_minutes, used = after->used_minutes,
                  over = after->overage_minutes, now_us = ToMicros(now);
  Exec(s, kResnapshotPeriod, soci::use(raw, "r"), soci::use(used, "u"), soci::use(over, "o"),
       soci::use(version_id, "v"), soci::use(period_id, "p"), soci::use(now_us, "now"));
  std::optional<domain::Period> p = repo.FindPeriod(tx, period_id, /*lock=*/false);
  const domain::SubscriptionStatus status = repo.ReadSubscriptionStatus(tx, p->subscription_id);
  // Alerts compare with the usage before.
  absl::StatusOr<domain::PeriodRewrite> plan = domain::PlanPeriodRewrite(
      *p, before->used_minutes, entries.stored, *after, repo.TicketLines(tx, period_id), {},
      status);
  if (!plan.ok()) return plan.status();
  repo.WriteRewrite(tx, *p, *plan, now);
  if (plan->subscription_status) {
    repo.SetSubscriptionStatus(tx, p->subscription_id, *plan->subscription_status, now);
    AuditSubscription(s, who, request_id, *p, status, *plan->subscription_status,
                      after->used_minutes);
  }
  return absl::OkStatus();
}

}  // namespace supportbytime::storage
