// Time entries, the periods they fall into and the timers that produce them.
//
// Every write runs under the period's row lock (docs/schema.md): the
// idempotency claim, the first touch of the period with its snapshot (R3),
// the domain's decision (R4, R5, R7, R8, R9), the entry, the running totals of
// the period and of the ticket's line, usage alerts (R14), the ONE_TIME
// subscription's DEPLETED state, and the audit event, in one transaction.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_
#define SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/auth/actor.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"
#include "server/storage/database.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/page.h"
#include "server/storage/period_rows.h"

namespace supportbytime::storage {

struct TimeEntryRecord {
  std::string id;
  std::string client_id;
  std::string ticket_id;
  std::string subscription_id;
  std::string period_key;
  int64_t log_seq = 0;
  std::string operator_id;  // api key id
  std::string operator_display_name;
  std::string note;
  absl::Time worked_at;
  int64_t minutes = 0;
  int64_t billed_minutes = 0;
  int64_t included_minutes = 0;
  int64_t overage_minutes = 0;
  bool billable = true;  // false: never billed (R21)
  bool timer = false;
  bool show_work_log = false;  // the period snapshot's show_work_log_to_client
  std::optional<absl::Time> delete_time;
  absl::Time create_time;
  absl::Time update_time;
};

struct TimerRecord {
  std::string id;
  std::string client_id;
  std::string ticket_id;
  std::string operator_id;
  std::string operator_display_name;
  std::string note;
  absl::Time start_time;
  int64_t ticket_number = 0;
  std::string ticket_title;
};

// A new entry, validated by the api layer.
struct NewEntry {
  std::string client_id;
  std::string ticket_id;
  std::string operator_id;
  std::string operator_display_name;
  std::string note;
  absl::Time worked_at;
  int64_t minutes = 0;
  bool billable = true;
};

// The fields of an edit; unset ones stay.
struct EntryEdit {
  std::optional<int64_t> minutes;
  std::optional<std::string> note;
  std::optional<absl::Time> worked_at;
  std::optional<bool> billable;
};

struct EntryFilter {
  std::string client_id;
  std::string ticket_id;    // empty: every ticket of the client
  std::string period_id;    // empty: every period
  std::string operator_id;  // empty: every operator
  bool show_deleted = false;
  // A CLIENT key's view: the operator filter matches only entries whose
  // period shows the work log (R15), so it reveals no hidden operator.
  bool client_view = false;
};

struct TimerFilter {
  std::string client_id;    // empty: every client
  std::string ticket_id;    // empty: every ticket
  std::string operator_id;  // empty: every operator
};

class TimeLogStore final {
 public:
  explicit TimeLogStore(Database& db) : db_(db) {}

  // CreateTimeEntry. `now` is the call's time. NOT_FOUND for the ticket.
  absl::StatusOr<std::string> CreateEntry(const auth::Actor& actor, const IdempotencyKey& key,
                                          const NewEntry& in, absl::Time now,
                                          const Encoder<TimeEntryRecord>& encode);
  absl::StatusOr<TimeEntryRecord> GetEntry(const std::string& client_id,
                                           const std::string& ticket_id, const std::string& id);
  // Entries in logged order. NOT_FOUND when the ticket (or client) is missing.
  absl::StatusOr<Page<TimeEntryRecord>> ListEntries(const EntryFilter& filter,
                                                    const PageRequest& page);
  // `owner` non-empty: only that operator's entry may change
  // (OPERATOR_NOT_OWNER otherwise).
  absl::StatusOr<std::string> UpdateEntry(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& client_id,
                                          const std::string& ticket_id, const std::string& id,
                                          const std::string& owner, const EntryEdit& edit,
                                          absl::Time now, const Encoder<TimeEntryRecord>& encode);
  absl::StatusOr<std::string> DeleteEntry(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& client_id,
                                          const std::string& ticket_id, const std::string& id,
                                          const std::string& owner,
                                          const Encoder<TimeEntryRecord>& encode);

  // A period by its key ("YYYY-MM" or "bucket"); NOT_FOUND when never touched.
  absl::StatusOr<PeriodRecord> GetPeriod(const std::string& client_id,
                                         const std::string& subscription_id,
                                         const std::string& key);
  // Newest first; the cursor's created_us holds the month's day number.
  absl::StatusOr<Page<PeriodRecord>> ListPeriods(const std::string& client_id,
                                                 const std::string& subscription_id,
                                                 std::optional<domain::PeriodState> state,
                                                 const PageRequest& page);
  // The period id of a key, for filters (NOT_FOUND when never touched).
  absl::StatusOr<std::string> PeriodId(const std::string& client_id,
                                       const std::string& subscription_id, const std::string& key);

  absl::StatusOr<std::string> StartTimer(const auth::Actor& actor, const IdempotencyKey& key,
                                         const std::string& client_id, const std::string& ticket_id,
                                         const std::string& note, absl::Time now,
                                         const Encoder<TimerRecord>& encode);
  absl::StatusOr<TimerRecord> GetTimer(const std::string& client_id, const std::string& ticket_id,
                                       const std::string& id);
  absl::StatusOr<Page<TimerRecord>> ListTimers(const TimerFilter& filter, const PageRequest& page);
  // Stops the timer into an entry (the timer row goes in the same
  // transaction); a refusal keeps the timer. `minutes`/`note` override.
  absl::StatusOr<std::string> StopTimer(const auth::Actor& actor, const IdempotencyKey& key,
                                        const std::string& client_id, const std::string& ticket_id,
                                        const std::string& id, const std::string& owner,
                                        std::optional<int64_t> minutes,
                                        std::optional<std::string> note, absl::Time now,
                                        const Encoder<TimeEntryRecord>& encode);
  absl::StatusOr<std::string> CancelTimer(const auth::Actor& actor, const IdempotencyKey& key,
                                          const std::string& client_id,
                                          const std::string& ticket_id, const std::string& id,
                                          const std::string& owner,
                                          const Encoder<TimerRecord>& encode);

 private:
  Database& db_;
};

// ChangePackage with apply_to_current_period, inside its transaction, which
// already holds the period's row lock (taken before the subscription's):
// replaces the period's snapshot with version `version_id` and the price of
// the period's currency, and recomputes every live entry's billed minutes and
// split and all totals, through the same code path as edits.
// BUCKET_EXHAUSTED (minutes_left 0) when a ONE_TIME bucket would then hold
// more than its allocation.
absl::Status ResnapshotPeriodInTransaction(soci::session& s, const auth::Actor& actor,
                                           const std::string& request_id,
                                           const std::string& period_id,
                                           const std::string& version_id);

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_TIME_LOG_STORE_H_
