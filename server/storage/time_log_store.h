// The time log's repository over PostgreSQL: entries, periods, ticket lines
// and timers, each read and write one named statement (docs/schema.md).
// Locks: a period row is taken FOR UPDATE before its entries change; the
// ticket row is share-locked under it.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/domain/clock.h"
#include "server/domain/who.h"
#include "server/usecases/time_log_repository.h"
#include "soci/soci.h"

namespace supportbytime::storage {

class TimeLogStore final : public usecases::TimeLogRepository {
 public:
  using Tx = usecases::Tx;

  std::optional<usecases::EntryTicket> FindTicket(Tx& tx, const std::string& client_id,
                                                  const std::string& ticket_id) override;
  std::optional<usecases::OperatorKey> FindOperatorKey(Tx& tx, const std::string& key_id) override;
  domain::WorkWindow SubscriptionWindow(Tx& tx, const std::string& subscription_id) override;
  std::pair<domain::TicketStatus, domain::SubscriptionStatus> TicketStates(
      Tx& tx, const std::string& ticket_id) override;
  domain::SubscriptionStatus ReadSubscriptionStatus(Tx& tx,
                                                    const std::string& subscription_id) override;
  domain::OverageGrant ReadOverageGrant(Tx& tx, const std::string& ticket_id,
                                        const domain::Period& period) override;

  std::optional<domain::Period> FindPeriod(Tx& tx, const std::string& id, bool lock) override;
  std::optional<domain::Period> FindPeriodOfMonth(Tx& tx, const std::string& subscription_id,
                                                  std::optional<absl::CivilMonth> month,
                                                  bool lock) override;
  std::optional<std::string> FindPeriodId(Tx& tx, const std::string& subscription_id,
                                          std::optional<absl::CivilMonth> month) override;
  bool ClosingPassed(Tx& tx, const std::string& subscription_id, absl::CivilMonth month,
                     absl::Time end, absl::Time now) override;
  usecases::TermsInForce FindTermsInForce(Tx& tx, const std::string& subscription_id,
                                          std::optional<absl::Time> start,
                                          absl::Time now) override;
  std::optional<std::string> InsertPeriod(Tx& tx, const usecases::NewPeriod& period) override;
  domain::PeriodEntries LiveEntries(Tx& tx, const std::string& period_id) override;
  std::vector<domain::TicketLine> TicketLines(Tx& tx, const std::string& period_id) override;
  void WriteRewrite(Tx& tx, const domain::Period& period, const domain::PeriodRewrite& rewrite,
                    absl::Time now) override;
  void InsertAlerts(Tx& tx, const domain::Period& period, const std::vector<int>& thresholds,
                    int64_t used_minutes) override;
  void SetSubscriptionStatus(Tx& tx, const std::string& subscription_id,
                             domain::SubscriptionStatus status, absl::Time now) override;

  usecases::TicketInPeriod ReadTicketInPeriod(Tx& tx, const std::string& period_id,
                                              const std::string& ticket_id) override;
  domain::TimeEntry InsertEntry(Tx& tx, const usecases::EntryRow& row) override;
  void AddToTotals(Tx& tx, const usecases::EntryAddition& addition) override;
  std::optional<usecases::StoredEntry> FindEntry(Tx& tx, const domain::EntryId& id,
                                                 bool lock) override;
  void EnsureTicketLine(Tx& tx, const std::string& period_id, const std::string& ticket_id,
                        const std::string& subscription_id, const std::string& client_id,
                        absl::Time now) override;
  void UpdateEntry(Tx& tx, const usecases::EntryUpdate& update) override;

  std::optional<domain::Timer> FindTimer(Tx& tx, const std::string& client_id,
                                         const std::string& ticket_id,
                                         const std::string& id) override;
  std::optional<std::string> InsertTimer(Tx& tx, const std::string& ticket_id,
                                         const domain::Who& who, const std::string& note,
                                         absl::Time now) override;
  std::string RunningTimerId(Tx& tx, const std::string& operator_id,
                             const std::string& ticket_id) override;
  bool DeleteTimer(Tx& tx, const std::string& id) override;

  bool ClientExists(Tx& tx, const std::string& client_id) override;
  bool TicketExists(Tx& tx, const std::string& client_id, const std::string& ticket_id) override;
  bool SubscriptionExists(Tx& tx, const std::string& client_id,
                          const std::string& subscription_id) override;
  domain::Page<domain::TimeEntry> ListEntries(Tx& tx, const domain::EntryFilter& filter,
                                              const domain::PageRequest& page) override;
  domain::Page<domain::Period> ListPeriods(Tx& tx, const std::string& subscription_id,
                                           std::optional<domain::PeriodState> state,
                                           const domain::PageRequest& page) override;
  domain::Page<domain::Timer> ListTimers(Tx& tx, const domain::TimerFilter& filter,
                                         const domain::PageRequest& page) override;

  void Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
             const usecases::AuditEvent& event) override;
};

// ChangePackage with apply_to_current_period, inside its transaction, which
// already holds the period's row lock (taken before the subscription's):
// replaces the period's snapshot with version `version_id` and the price of
// the period's currency, and recomputes every live entry's billed minutes and
// split and all totals, through the same writes as edits.
// BUCKET_EXHAUSTED (minutes_left 0) when a ONE_TIME bucket would then hold
// more than its allocation. Transitional, until ChangePackage is a use case.
absl::Status ResnapshotPeriodInTransaction(soci::session& s, const domain::Who& who,
                                           const std::string& request_id,
                                           const std::string& period_id,
                                           const std::string& version_id, absl::Time now);
}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_
