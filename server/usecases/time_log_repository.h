// What the time log's use cases read and write: entries, periods, ticket
// lines, timers and the few facts of other aggregates they decide on (the
// ticket's and subscription's state, the subscription's window, the terms in
// force, an overage approval). Every method runs inside the caller's Tx;
// none decides a rule.
#ifndef SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_REPOSITORY_H_
#define SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/page.h"
#include "server/domain/period.h"
#include "server/domain/period_rewrite.h"
#include "server/domain/time_entry.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/time_zone.h"
#include "server/domain/timer.h"
#include "server/domain/who.h"
#include "server/domain/work_window.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

// The ticket an entry is logged on, with what decides where it goes.
struct EntryTicket {
  std::string subscription_id;
  std::string time_zone;  // the client's
  domain::BillingCycle cycle = domain::BillingCycle::kMonthly;
  domain::SubscriptionStatus subscription_status = domain::SubscriptionStatus::kActive;
  domain::TicketStatus ticket_status = domain::TicketStatus::kOpen;
};

// Another API key, named as the operator of an entry.
struct OperatorKey {
  std::string role;  // "ADMIN", "OPERATOR" or "CLIENT"
  std::string display_name;
};

// A ticket and its line in a period, read under the period's lock.
struct TicketInPeriod {
  domain::TicketStatus ticket_status = domain::TicketStatus::kOpen;
  domain::SubscriptionStatus subscription_status = domain::SubscriptionStatus::kActive;
  int64_t billable_raw_minutes = 0;  // the line's raw minutes that TICKET scope rounds
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;
  int64_t overage_cost_minor = 0;
};

// R3: the package version that bills a period starting at `start` (or the
// bucket), with whether it has a price in the client's currency.
struct TermsInForce {
  std::string package_id;
  std::string version_id;
  std::string currency;
  bool priced = false;
};

// A period to create on first touch.
struct NewPeriod {
  std::string subscription_id;
  std::optional<absl::CivilMonth> month;  // nullopt: the bucket
  std::optional<domain::TimeRange> bounds;
  std::string version_id;
  std::string currency;
  absl::Time now;
};

// A new entry's row, with its split decided.
struct EntryRow {
  std::string period_id;
  std::string subscription_id;
  std::string client_id;
  std::string ticket_id;
  std::string operator_id;
  std::string operator_display_name;
  std::string note;
  absl::Time worked_at;
  int64_t minutes = 0;
  int64_t billed_minutes = 0;
  int64_t included_minutes = 0;
  int64_t overage_minutes = 0;
  bool billable = true;
  bool timer = false;
  absl::Time now;
};

// What a new entry adds to its ticket's line and to its period.
struct EntryAddition {
  std::string period_id;
  std::string ticket_id;
  std::string subscription_id;
  std::string client_id;
  int64_t minutes = 0;
  int64_t billed_minutes = 0;
  int64_t overage_minutes = 0;       // the entry's
  int64_t non_billable_minutes = 0;  // the entry's
  int64_t line_overage_minutes = 0;  // the line's after the entry
  int64_t line_cost_minor = 0;       // the line's after the entry
  int64_t cost_delta_minor = 0;      // what the line's cost grew by
  absl::Time worked_at;
  absl::Time now;
};

// An edited entry's new fields; `deleted` marks it deleted, `moved` gives
// it a new logged position (it joined another period).
struct EntryUpdate {
  std::string id;
  std::string period_id;
  int64_t minutes = 0;
  std::string note;
  absl::Time worked_at;
  bool billable = true;
  bool deleted = false;
  bool moved = false;
  absl::Time now;
};

// An entry with the id of the period that holds it.
struct StoredEntry {
  domain::TimeEntry entry;
  std::string period_id;
};

// An audit event (its subject is a resource name).
struct AuditEvent {
  std::string action;
  std::string subject;
  std::string client_id;
  std::string ticket_id;
  std::string details_json;
};

class TimeLogRepository {
 public:
  virtual ~TimeLogRepository() = default;

  // --- what entries are logged on ---
  virtual std::optional<EntryTicket> FindTicket(Tx& tx, const std::string& client_id,
                                                const std::string& ticket_id) = 0;
  virtual std::optional<OperatorKey> FindOperatorKey(Tx& tx, const std::string& key_id) = 0;
  virtual domain::WorkWindow SubscriptionWindow(Tx& tx, const std::string& subscription_id) = 0;
  // The ticket's and its subscription's states, the ticket row share-locked.
  virtual std::pair<domain::TicketStatus, domain::SubscriptionStatus> TicketStates(
      Tx& tx, const std::string& ticket_id) = 0;
  virtual domain::SubscriptionStatus ReadSubscriptionStatus(
      Tx& tx, const std::string& subscription_id) = 0;
  // R8: the client's decision on overage for the ticket in the period.
  virtual domain::OverageGrant ReadOverageGrant(Tx& tx, const std::string& ticket_id,
                                            const domain::Period& period) = 0;

  // --- periods ---
  virtual std::optional<domain::Period> FindPeriod(Tx& tx, const std::string& id, bool lock) = 0;
  // The period of a month (nullopt: the bucket).
  virtual std::optional<domain::Period> FindPeriodOfMonth(
      Tx& tx, const std::string& subscription_id, std::optional<absl::CivilMonth> month,
      bool lock) = 0;
  virtual std::optional<std::string> FindPeriodId(Tx& tx, const std::string& subscription_id,
                                                  std::optional<absl::CivilMonth> month) = 0;
  // Whether a run of ClosePeriods passed `month` (ending at `end`): a run's
  // as_of covers its end, or a later month is CLOSED. When the month has
  // ended by `now`, first waits for a run that is writing its watermark.
  virtual bool ClosingPassed(Tx& tx, const std::string& subscription_id, absl::CivilMonth month,
                             absl::Time end, absl::Time now) = 0;
  virtual TermsInForce FindTermsInForce(Tx& tx, const std::string& subscription_id,
                                        std::optional<absl::Time> start, absl::Time now) = 0;
  // The new period's id; nullopt when it was created concurrently.
  virtual std::optional<std::string> InsertPeriod(Tx& tx, const NewPeriod& period) = 0;
  virtual domain::PeriodEntries LiveEntries(Tx& tx, const std::string& period_id) = 0;
  virtual std::vector<domain::TicketLine> TicketLines(Tx& tx, const std::string& period_id) = 0;
  // Writes a recomputed period (splits, lines, totals, alerts; not the
  // subscription state).
  virtual void WriteRewrite(Tx& tx, const domain::Period& period,
                            const domain::PeriodRewrite& rewrite, absl::Time now) = 0;
  virtual void InsertAlerts(Tx& tx, const domain::Period& period, const std::vector<int>& thresholds,
                            int64_t used_minutes) = 0;
  virtual void SetSubscriptionStatus(Tx& tx, const std::string& subscription_id,
                                     domain::SubscriptionStatus status, absl::Time now) = 0;

  // --- entries ---
  virtual TicketInPeriod ReadTicketInPeriod(Tx& tx, const std::string& period_id,
                                        const std::string& ticket_id) = 0;
  // Inserts the entry; returns it with its id, log_seq and times.
  virtual domain::TimeEntry InsertEntry(Tx& tx, const EntryRow& row) = 0;
  virtual void AddToTotals(Tx& tx, const EntryAddition& addition) = 0;
  virtual std::optional<StoredEntry> FindEntry(Tx& tx, const domain::EntryId& id, bool lock) = 0;
  // The (empty) line of a ticket in a period an entry moves into.
  virtual void EnsureTicketLine(Tx& tx, const std::string& period_id, const std::string& ticket_id,
                                const std::string& subscription_id, const std::string& client_id,
                                absl::Time now) = 0;
  virtual void UpdateEntry(Tx& tx, const EntryUpdate& update) = 0;

  // --- timers ---
  virtual std::optional<domain::Timer> FindTimer(Tx& tx, const std::string& client_id,
                                                 const std::string& ticket_id,
                                                 const std::string& id) = 0;
  // nullopt when the operator already runs a timer on the ticket.
  virtual std::optional<std::string> InsertTimer(Tx& tx, const std::string& ticket_id,
                                                 const domain::Who& who, const std::string& note,
                                                 absl::Time now) = 0;
  virtual std::string RunningTimerId(Tx& tx, const std::string& operator_id,
                                     const std::string& ticket_id) = 0;
  // False when it was gone.
  virtual bool DeleteTimer(Tx& tx, const std::string& id) = 0;

  // --- reads of the API ---
  virtual bool ClientExists(Tx& tx, const std::string& client_id) = 0;
  virtual bool TicketExists(Tx& tx, const std::string& client_id, const std::string& ticket_id) = 0;
  virtual bool SubscriptionExists(Tx& tx, const std::string& client_id,
                                  const std::string& subscription_id) = 0;
  virtual domain::Page<domain::TimeEntry> ListEntries(Tx& tx, const domain::EntryFilter& filter,
                                                      const domain::PageRequest& page) = 0;
  virtual domain::Page<domain::Period> ListPeriods(Tx& tx, const std::string& subscription_id,
                                                   std::optional<domain::PeriodState> state,
                                                   const domain::PageRequest& page) = 0;
  virtual domain::Page<domain::Timer> ListTimers(Tx& tx, const domain::TimerFilter& filter,
                                                 const domain::PageRequest& page) = 0;

  virtual void Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                     const AuditEvent& event) = 0;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_REPOSITORY_H_
