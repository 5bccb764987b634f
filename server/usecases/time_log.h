// The time log: entries, the periods they fall into, and timers (R1-R9,
// R14, R20, R21).
//
// Every write runs in one transaction under the period's row lock
// (docs/schema.md): the idempotency claim, the first touch of the period
// with its snapshot (R3), the domain's decision (R4, R5, R7, R8, R9), the
// entry, the running totals of the period and of the ticket's line, usage
// alerts (R14), the ONE_TIME subscription's DEPLETED state, and the audit
// event. The instant of a call comes from the injected clock.
#ifndef SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_H_
#define SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/clock.h"
#include "server/domain/page.h"
#include "server/domain/period.h"
#include "server/domain/time_entry.h"
#include "server/domain/timer.h"
#include "server/domain/who.h"
#include "server/usecases/idempotency.h"
#include "server/usecases/time_log_repository.h"
#include "server/usecases/transaction.h"

namespace supportbytime::usecases {

class TimeLog final {
 public:
  TimeLog(Transactions& transactions, Idempotency& idempotency, TimeLogRepository& repository,
          const domain::Clock& clock)
      : transactions_(transactions),
        idempotency_(idempotency),
        repo_(repository),
        clock_(clock) {}

  // CreateTimeEntry. NOT_FOUND for the ticket.
  absl::StatusOr<std::string> CreateEntry(const domain::Who& who, const IdempotencyKey& key,
                                          const domain::NewEntry& in,
                                          const Encoder<domain::TimeEntry>& encode);
  // An OPERATOR changes only its own entries (OPERATOR_NOT_OWNER).
  absl::StatusOr<std::string> UpdateEntry(const domain::Who& who, const IdempotencyKey& key,
                                          const domain::EntryId& id, const domain::EntryEdit& edit,
                                          const Encoder<domain::TimeEntry>& encode);
  absl::StatusOr<std::string> DeleteEntry(const domain::Who& who, const IdempotencyKey& key,
                                          const domain::EntryId& id,
                                          const Encoder<domain::TimeEntry>& encode);
  absl::StatusOr<domain::TimeEntry> GetEntry(const domain::EntryId& id);
  // Entries in logged order. NOT_FOUND when the ticket (or client) is missing.
  absl::StatusOr<domain::Page<domain::TimeEntry>> ListEntries(const domain::EntryFilter& filter,
                                                              const domain::PageRequest& page);

  // A period by its key ("YYYY-MM" or "bucket"); NOT_FOUND when never touched.
  absl::StatusOr<domain::Period> GetPeriod(const std::string& client_id,
                                           const std::string& subscription_id,
                                           const std::string& key);
  // Newest first; the cursor's created_us holds the month's day number.
  absl::StatusOr<domain::Page<domain::Period>> ListPeriods(
      const std::string& client_id, const std::string& subscription_id,
      std::optional<domain::PeriodState> state, const domain::PageRequest& page);

  // R1: a timer of the caller on the ticket, started now.
  absl::StatusOr<std::string> StartTimer(const domain::Who& who, const IdempotencyKey& key,
                                         const std::string& client_id, const std::string& ticket_id,
                                         const std::string& note,
                                         const Encoder<domain::Timer>& encode);
  // An OPERATOR sees only its own timers (OPERATOR_NOT_OWNER).
  absl::StatusOr<domain::Timer> GetTimer(const domain::Who& who, const std::string& client_id,
                                         const std::string& ticket_id, const std::string& id);
  absl::StatusOr<domain::Page<domain::Timer>> ListTimers(const domain::TimerFilter& filter,
                                                         const domain::PageRequest& page);
  // Stops the timer into a TIMER entry of the minutes elapsed until now
  // (the timer goes in the same transaction); a refusal keeps the timer.
  // `minutes`/`note` override.
  absl::StatusOr<std::string> StopTimer(const domain::Who& who, const IdempotencyKey& key,
                                        const std::string& client_id, const std::string& ticket_id,
                                        const std::string& id, std::optional<int64_t> minutes,
                                        std::optional<std::string> note,
                                        const Encoder<domain::TimeEntry>& encode);
  absl::StatusOr<std::string> CancelTimer(const domain::Who& who, const IdempotencyKey& key,
                                          const std::string& client_id,
                                          const std::string& ticket_id, const std::string& id,
                                          const Encoder<domain::Timer>& encode);

 private:
  struct Change;
  struct ChangeSide;
  struct Sides;
  // The timer a TIMER entry stops.
  struct TimerRef {
    std::string id;
  };

  // Creating an entry (time_log.cc).
  absl::StatusOr<domain::TimeEntry> LogEntry(Tx& tx, const domain::Who& who,
                                             const std::string& request_id,
                                             const domain::NewEntry& in,
                                             const TimerRef* timer, absl::Time now);
  absl::StatusOr<std::string> OperatorName(Tx& tx, const domain::NewEntry& in);
  absl::StatusOr<domain::Period> LockPeriodFor(Tx& tx, const std::string& client_id,
                                               const EntryTicket& ticket, absl::Time worked_at,
                                               absl::Time now);
  absl::Status CheckInWindow(Tx& tx, const std::string& client_id,
                             const std::string& subscription_id, absl::Time worked_at);
  absl::StatusOr<std::string> EnsurePeriod(Tx& tx, const std::string& client_id,
                                           const std::string& subscription_id,
                                           domain::BillingCycle cycle,
                                           const std::string& time_zone, absl::Time worked_at,
                                           absl::Time now);
  void ChangeSubscriptionStatus(Tx& tx, const domain::Who& who, const std::string& request_id,
                                const domain::Period& p, domain::SubscriptionStatus from,
                                domain::SubscriptionStatus to, int64_t used_after,
                                absl::Time now);
  // Rewrites a recomputed period and its subscription's state.
  absl::Status Rewrite(Tx& tx, const domain::Who& who, const std::string& request_id,
                       const domain::Period& p, const domain::StoredSplits& stored,
                       const domain::PoolAllocation& after, const std::string& ticket_id,
                       domain::SubscriptionStatus status, absl::Time now);

  // Editing and deleting (time_log_change.cc).
  absl::StatusOr<domain::TimeEntry> ChangeEntry(Tx& tx, const domain::Who& who,
                                                const std::string& request_id,
                                                const domain::EntryId& id, const Change& change,
                                                absl::Time now);
  absl::StatusOr<Sides> LockSides(Tx& tx, const domain::EntryId& id, const Change& change,
                                  absl::Time now);
  absl::StatusOr<std::vector<ChangeSide>> EvaluateSides(
      Tx& tx, const Sides& sides, const domain::EntryId& id, int64_t minutes, bool billable,
      bool remove, std::pair<domain::TicketStatus, domain::SubscriptionStatus> states);
  absl::StatusOr<ChangeSide> Evaluate(Tx& tx, const domain::Period& p,
                                      const domain::EntryChange& change,
                                      const std::string& ticket_id,
                                      std::pair<domain::TicketStatus, domain::SubscriptionStatus>
                                          states);

  Transactions& transactions_;
  Idempotency& idempotency_;
  TimeLogRepository& repo_;
  const domain::Clock& clock_;
};

}  // namespace supportbytime::usecases

#endif  // SUPPORTBYTIME_SERVER_USECASES_TIME_LOG_H_
