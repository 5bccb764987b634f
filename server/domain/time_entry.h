// A time entry (R1): minutes of work on a ticket, billed in the period that
// holds its work time, and what creating, editing and listing entries take.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"

namespace supportbytime::domain {

struct TimeEntry {
  std::string id;
  std::string client_id;
  std::string ticket_id;
  std::string subscription_id;
  std::string period_key;  // "YYYY-MM" or "bucket"
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

// A new entry, validated by the api layer.
struct NewEntry {
  std::string client_id;
  std::string ticket_id;
  std::string operator_id;
  // Empty: the operator is another key, looked up (it must be OPERATOR or ADMIN).
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

// Which entry: its client, ticket and id.
struct EntryId {
  std::string client_id;
  std::string ticket_id;
  std::string id;
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

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_TIME_ENTRY_H_
