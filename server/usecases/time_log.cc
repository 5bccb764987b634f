// TimeLog: creating entries (CreateTimeEntry, StopTimer), periods on first
// touch, and the writes every change of a period shares.
#include "server/usecases/time_log.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/domain/account.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"
#include "server/domain/money.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/time_zone.h"
#include "server/domain/usage.h"
#include "server/usecases/time_log_events.h"
#include "server/util/json.h"

namespace supportbytime::usecases {

using domain::BillingCycle;
using domain::SubscriptionStatus;

namespace {

absl::StatusOr<absl::TimeZone> ClientZone(const std::string& name) {
  absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", name);
  if (!tz.ok()) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone could not be loaded.");
  }
  return tz;
}

// R20 applies to a subscription that takes entries; one that does not is
// refused later with its state (SUBSCRIPTION_NOT_ACTIVE, R9), which says more.
bool WindowApplies(SubscriptionStatus status) {
  return status == SubscriptionStatus::kActive || status == SubscriptionStatus::kDepleted;
}

// What a new entry does to its period, decided under the period's lock.
struct NewEntryPlan {
  domain::EntryAllocation appended;
  SubscriptionStatus subscription_status = SubscriptionStatus::kActive;
  int64_t line_overage_minutes = 0;  // after
  int64_t line_cost_minor = 0;       // after
  int64_t cost_delta_minor = 0;
};

// R4, R5, R7, R8, R9 for a new entry appended to `p`.
absl::StatusOr<NewEntryPlan> DecideNewEntry(const domain::Period& p, const TicketInPeriod& line,
                                            const domain::OverageGrant& grant,
                                            const domain::NewEntry& in) {
  domain::EntryChangeContext context;
  context.cycle = p.terms.billing_cycle;
  context.period_state = p.state;
  context.subscription_status = line.subscription_status;
  context.ticket_status = line.ticket_status;
  context.require_overage_approval = p.terms.require_overage_approval;
  context.ticket_id = in.ticket_id;
  context.overage = grant;
  context.ticket_overage_minutes = line.overage_minutes;
  const domain::PoolTerms terms = domain::PoolTermsOf(p);
  absl::StatusOr<domain::EntryAllocation> appended = domain::AllocateAppended(
      terms, p.used_minutes, line.billable_raw_minutes,
      domain::PoolEntry{"new", in.ticket_id, in.minutes, in.billable});
  if (!appended.ok()) return appended.status();
  if (absl::Status st = domain::CheckNewEntry(context, terms, p.used_minutes, *appended);
      !st.ok()) {
    if (domain::DetailOf(st).reason == domain::kReasonPeriodClosed) {
      return PeriodClosedError(domain::PeriodResource(p.client_id, p.subscription_id, p.key));
    }
    return WithPeriod(st, p);
  }
  NewEntryPlan plan{*appended, line.subscription_status};
  plan.line_overage_minutes = line.overage_minutes + appended->overage_minutes;
  absl::StatusOr<int64_t> cost = domain::OverageCost(plan.line_overage_minutes, domain::RateOf(p));
  if (!cost.ok()) return cost.status();
  plan.line_cost_minor = *cost;
  plan.cost_delta_minor = *cost - line.overage_cost_minor;
  return plan;
}

EntryRow RowOf(const domain::Period& p, const domain::NewEntry& in,
               const std::string& operator_name, const domain::EntryAllocation& a, bool timer,
               absl::Time now) {
  EntryRow row;
  row.period_id = p.id;
  row.subscription_id = p.subscription_id;
  row.client_id = in.client_id;
  row.ticket_id = in.ticket_id;
  row.operator_id = in.operator_id;
  row.operator_display_name = operator_name;
  row.note = in.note;
  row.worked_at = in.worked_at;
  row.minutes = in.minutes;
  row.billed_minutes = a.billed_minutes;
  row.included_minutes = a.included_minutes;
  row.overage_minutes = a.overage_minutes;
  row.billable = in.billable;
  row.timer = timer;
  row.now = now;
  return row;
}

EntryAddition AdditionOf(const domain::Period& p, const domain::NewEntry& in,
                         const NewEntryPlan& plan, absl::Time now) {
  EntryAddition add;
  add.period_id = p.id;
  add.ticket_id = in.ticket_id;
  add.subscription_id = p.subscription_id;
  add.client_id = in.client_id;
  add.minutes = in.minutes;
  add.billed_minutes = plan.appended.billed_minutes;
  add.overage_minutes = plan.appended.overage_minutes;
  add.non_billable_minutes = in.billable ? 0 : in.minutes;
  add.line_overage_minutes = plan.line_overage_minutes;
  add.line_cost_minor = plan.line_cost_minor;
  add.cost_delta_minor = plan.cost_delta_minor;
  add.worked_at = in.worked_at;
  add.now = now;
  return add;
}

}  // namespace

absl::StatusOr<std::string> TimeLog::CreateEntry(const domain::Who& who, const IdempotencyKey& key,
                                                 const domain::NewEntry& in,
                                                 const Encoder<domain::TimeEntry>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<domain::TimeEntry>(
      idempotency_, key,
      [&](Tx& tx) { return LogEntry(tx, who, key.request_id, in, nullptr, now); }, encode);
}

absl::StatusOr<domain::TimeEntry> TimeLog::LogEntry(Tx& tx, const domain::Who& who,
                                                    const std::string& request_id,
                                                    const domain::NewEntry& in,
                                                    const TimerRef* timer, absl::Time now) {
  std::optional<EntryTicket> ticket = repo_.FindTicket(tx, in.client_id, in.ticket_id);
  if (!ticket) return domain::NotFound(domain::TicketResource(in.client_id, in.ticket_id));
  // R20 before any period is found or created (so before PERIOD_CLOSED).
  if (WindowApplies(ticket->subscription_status)) {
    if (absl::Status st =
            CheckInWindow(tx, in.client_id, ticket->subscription_id, in.worked_at);
        !st.ok()) {
      return st;
    }
  }
  absl::StatusOr<std::string> operator_name = OperatorName(tx, in);
  if (!operator_name.ok()) return operator_name.status();
  absl::StatusOr<domain::Period> period = LockPeriodFor(tx, in.client_id, *ticket, in.worked_at, now);
  if (!period.ok()) return period.status();

  // Under the period lock: the ticket (shared), its line in the period.
  const TicketInPeriod line = repo_.ReadTicketInPeriod(tx, period->id, in.ticket_id);
  absl::StatusOr<NewEntryPlan> plan =
      DecideNewEntry(*period, line, repo_.ReadOverageGrant(tx, in.ticket_id, *period), in);
  if (!plan.ok()) return plan.status();

  repo_.AddToTotals(tx, AdditionOf(*period, in, *plan, now));
  domain::TimeEntry e = repo_.InsertEntry(
      tx, RowOf(*period, in, *operator_name, plan->appended, timer != nullptr, now));
  e.period_key = period->key;
  e.show_work_log = period->terms.show_work_log_to_client;
  const int64_t used_after = period->used_minutes + plan->appended.billed_minutes;
  repo_.InsertAlerts(tx, *period,
                     domain::CrossedThresholds(period->terms.included_minutes,
                                               period->used_minutes, used_after,
                                               period->terms.notify_thresholds_percent),
                     used_after);
  if (std::optional<SubscriptionStatus> next = domain::SubscriptionTransition(
          period->terms.billing_cycle, period->terms.included_minutes, plan->subscription_status,
          used_after)) {
    ChangeSubscriptionStatus(tx, who, request_id, *period, plan->subscription_status, *next,
                             used_after, now);
  }
  util::JsonObject details;
  details.AddRaw("after", EntryJson(e));
  if (timer != nullptr) {
    const std::string timer_name = domain::TimerResource(in.client_id, in.ticket_id, timer->id);
    if (!repo_.DeleteTimer(tx, timer->id)) return domain::NotFound(timer_name);
    details.Add("timer", timer_name);
  }
  repo_.Audit(tx, who, request_id,
              {timer ? "StopTimer" : "CreateTimeEntry",
               domain::TimeEntryResource(in.client_id, in.ticket_id, e.id), in.client_id,
               in.ticket_id, details.str()});
  return e;
}

absl::StatusOr<std::string> TimeLog::OperatorName(Tx& tx, const domain::NewEntry& in) {
  if (!in.operator_display_name.empty()) return in.operator_display_name;
  // An ADMIN logging for another key: it must be a live OPERATOR or ADMIN key.
  std::optional<OperatorKey> key = repo_.FindOperatorKey(tx, in.operator_id);
  if (!key) return domain::NotFound(domain::ApiKeyResource(in.operator_id));
  if (key->role != "OPERATOR" && key->role != "ADMIN") {
    return domain::InvalidField("time_entry.operator",
                                "must name an OPERATOR or ADMIN key, not a CLIENT key");
  }
  return key->display_name;
}

absl::Status TimeLog::CheckInWindow(Tx& tx, const std::string& client_id,
                                    const std::string& subscription_id, absl::Time worked_at) {
  return domain::CheckWorkWindow(repo_.SubscriptionWindow(tx, subscription_id), worked_at,
                                 domain::SubscriptionResource(client_id, subscription_id));
}

// The period that holds `worked_at`, locked; created on first touch.
absl::StatusOr<domain::Period> TimeLog::LockPeriodFor(Tx& tx, const std::string& client_id,
                                                      const EntryTicket& ticket,
                                                      absl::Time worked_at, absl::Time now) {
  std::optional<absl::CivilMonth> month;
  if (ticket.cycle == BillingCycle::kMonthly) {
    absl::StatusOr<absl::TimeZone> tz = ClientZone(ticket.time_zone);
    if (!tz.ok()) return tz.status();
    month = domain::MonthOf(worked_at, *tz);
  }
  // Usually the period exists: find and lock it in one statement.
  std::optional<domain::Period> period =
      repo_.FindPeriodOfMonth(tx, ticket.subscription_id, month, /*lock=*/true);
  if (period) return *period;
  absl::StatusOr<std::string> created = EnsurePeriod(tx, client_id, ticket.subscription_id,
                                                     ticket.cycle, ticket.time_zone, worked_at, now);
  if (!created.ok()) return created.status();
  period = repo_.FindPeriod(tx, *created, /*lock=*/true);
  if (!period) return domain::NotFound("period");
  return *period;
}

// The period of `subscription_id` that holds `worked_at`, created with its
// snapshot on first touch (R2, R3). Returns its id; does not lock an
// existing period (the caller locks, in id order when it needs two).
absl::StatusOr<std::string> TimeLog::EnsurePeriod(Tx& tx, const std::string& client_id,
                                                  const std::string& subscription_id,
                                                  BillingCycle cycle, const std::string& time_zone,
                                                  absl::Time worked_at, absl::Time now) {
  std::optional<absl::CivilMonth> month;
  std::optional<domain::TimeRange> bounds;
  if (cycle == BillingCycle::kMonthly) {
    absl::StatusOr<absl::TimeZone> tz = ClientZone(time_zone);
    if (!tz.ok()) return tz.status();
    month = domain::MonthOf(worked_at, *tz);
    bounds = domain::MonthBounds(*month, *tz);
  }
  if (std::optional<std::string> id = repo_.FindPeriodId(tx, subscription_id, month)) return *id;
  // A month that ClosePeriods has passed counts as CLOSED even without a period.
  if (month && repo_.ClosingPassed(tx, subscription_id, *month, bounds->end, now)) {
    return PeriodClosedError(
        domain::PeriodResource(client_id, subscription_id, domain::PeriodKey(*month)));
  }
  // R3: the terms in force when the period began, whenever it is touched.
  const TermsInForce terms = repo_.FindTermsInForce(
      tx, subscription_id,
      bounds ? std::optional<absl::Time>(bounds->start) : std::nullopt, now);
  if (!terms.priced) {
    return domain::CurrencyNotPriced(domain::PackageResource(terms.package_id),
                                     terms.currency);
  }
  std::optional<std::string> id = repo_.InsertPeriod(
      tx, NewPeriod{subscription_id, month, bounds, terms.version_id, terms.currency, now});
  // Created concurrently: the insert waited for it.
  if (!id) id = repo_.FindPeriodId(tx, subscription_id, month);
  if (!id) return domain::NotFound("period");
  return *id;
}

// R7: a ONE_TIME subscription used up becomes DEPLETED (and ACTIVE again
// when a correction frees minutes).
void TimeLog::ChangeSubscriptionStatus(Tx& tx, const domain::Who& who,
                                       const std::string& request_id, const domain::Period& p,
                                       SubscriptionStatus from, SubscriptionStatus to,
                                       int64_t used_after, absl::Time now) {
  repo_.SetSubscriptionStatus(tx, p.subscription_id, to, now);
  repo_.Audit(tx, who, request_id,
              {to == SubscriptionStatus::kDepleted ? "DepleteSubscription"
                                                   : "ReplenishSubscription",
               domain::SubscriptionResource(p.client_id, p.subscription_id), p.client_id, "",
               util::JsonObject()
                   .Add("from", domain::SubscriptionStatusName(from))
                   .Add("to", domain::SubscriptionStatusName(to))
                   .Add("used_minutes", used_after)
                   .Add("included_minutes", static_cast<int64_t>(p.terms.included_minutes))
                   .str()});
}

absl::Status TimeLog::Rewrite(Tx& tx, const domain::Who& who, const std::string& request_id,
                              const domain::Period& p, const domain::StoredSplits& stored,
                              const domain::PoolAllocation& after, const std::string& ticket_id,
                              SubscriptionStatus status, absl::Time now) {
  std::set<std::string> always;
  if (!ticket_id.empty()) always.insert(ticket_id);
  absl::StatusOr<domain::PeriodRewrite> plan = domain::PlanPeriodRewrite(
      p, p.used_minutes, stored, after, repo_.TicketLines(tx, p.id), always, status);
  if (!plan.ok()) return plan.status();
  repo_.WriteRewrite(tx, p, *plan, now);
  if (plan->subscription_status) {
    ChangeSubscriptionStatus(tx, who, request_id, p, status, *plan->subscription_status,
                             after.used_minutes, now);
  }
  return absl::OkStatus();
}

}  // namespace supportbytime::usecases
