// Billed minutes and the included-minutes pool of one period (R4, R5).
//
// Given a period's terms and its live entries in the order they were logged,
// Allocate() explains every minute: what each entry bills after rounding, how
// much of that comes out of the included allocation and how much is overage,
// and the totals per ticket and per period. Storage keeps running totals on
// the period row; this is the single definition they are computed from, and
// EvaluateChange() lets storage decide a create, edit or delete in one step.
//
// Rounding scopes:
//   ENTRY  - each entry bills RoundMinutes(raw).
//   TICKET - an entry bills the difference it makes to its ticket's rounded
//            running sum in the period:
//              billed_i = round(ticket_raw_after_i) - round(ticket_raw_before_i)
//            so the billed minutes of a ticket's entries always add up to
//            round(ticket raw total). Rounding is monotonic, so billed_i is
//            never negative; it is uneven on purpose: with UP the first entry
//            bills the whole first increment and later entries may bill 0
//            until the sum passes the next increment; with DOWN early entries
//            bill 0 and the entry that completes an increment bills all of
//            it; with NEAREST the entry that passes the half-way point bills
//            the increment. Which entry bills what depends on logged order,
//            never on worked_at.
//
// Pool (R5): entries consume the included minutes in logged order; the entry
// that crosses the allocation is split into an included and an overage part;
// every later entry is all overage. Edits keep an entry's logged position, so
// editing or deleting an entry recomputes the split of every later entry.
//
// Non-billable entries (R21) keep their raw minutes in every raw total and
// entry count, but bill 0 minutes, take nothing from the pool and carry no
// overage; with TICKET scope they stay out of the ticket's rounded sum. Such
// an entry between two billable ones therefore leaves their split exactly as
// if it were absent.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_POOL_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_POOL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/rounding.h"

namespace supportbytime::domain {

// Limits of one entry's raw minutes (R1).
inline constexpr int64_t kMinEntryMinutes = 1;
inline constexpr int64_t kMaxEntryMinutes = 1440;

// The period's snapshot terms that decide billing.
struct PoolTerms {
  int64_t included_minutes = 0;   // >= 0; 0 makes every billed minute overage
  int64_t increment_minutes = 1;  // 1-1440
  RoundingScope scope = RoundingScope::kEntry;
  RoundingDirection direction = RoundingDirection::kUp;
};

// A live (not deleted) entry of the period.
struct PoolEntry {
  std::string entry_id;
  std::string ticket_id;
  int64_t raw_minutes = 0;  // 1-1440
  bool billable = true;     // false: counted in raw totals, never billed (R21)

  friend bool operator==(const PoolEntry&, const PoolEntry&) = default;
};

struct EntryAllocation {
  std::string entry_id;
  std::string ticket_id;
  int64_t raw_minutes = 0;
  int64_t billed_minutes = 0;    // included_minutes + overage_minutes; 0 when not billable
  int64_t included_minutes = 0;  // taken from the pool
  int64_t overage_minutes = 0;   // beyond the pool
  bool billable = true;

  friend bool operator==(const EntryAllocation&, const EntryAllocation&) = default;
};

struct TicketTotals {
  std::string ticket_id;
  int64_t entry_count = 0;
  int64_t raw_minutes = 0;  // every entry's, billable or not
  int64_t billed_minutes = 0;
  int64_t included_minutes = 0;
  int64_t overage_minutes = 0;       // the sum of its entries' overage parts
  int64_t non_billable_minutes = 0;  // the part of raw_minutes that is not billable

  // The raw minutes that TICKET scope rounds (R4, R21).
  int64_t BillableRawMinutes() const { return raw_minutes - non_billable_minutes; }

  friend bool operator==(const TicketTotals&, const TicketTotals&) = default;
};

struct PoolAllocation {
  PoolTerms terms;
  std::vector<EntryAllocation> entries;  // in logged order
  std::vector<TicketTotals> tickets;     // in the order of each ticket's first entry
  int64_t raw_minutes = 0;
  int64_t used_minutes = 0;     // sum of billed
  int64_t left_minutes = 0;     // max(0, included - used)
  int64_t overage_minutes = 0;  // max(0, used - included)

  // nullptr when absent.
  const EntryAllocation* FindEntry(absl::string_view entry_id) const;
  const TicketTotals* FindTicket(absl::string_view ticket_id) const;
};

// INVALID_FIELD naming `field_prefix`.included_minutes / .increment_minutes.
absl::Status ValidatePoolTerms(absl::string_view field_prefix, const PoolTerms& terms);

// Computes the allocation. Refuses invalid terms, an entry with raw minutes
// outside 1-1440, an empty id and an entry id seen twice (INVALID_ARGUMENT):
// any of these would mean corrupt input, and a wrong bill is worse than none.
absl::StatusOr<PoolAllocation> Allocate(const PoolTerms& terms,
                                        const std::vector<PoolEntry>& entries);

// The minutes a billable entry bills when it follows `ticket_raw_before`
// billable raw minutes already logged on its ticket in the period:
// RoundMinutes(raw) for ENTRY scope, round(before + raw) - round(before) for
// TICKET scope. The single definition used by Allocate(), AllocateAppended()
// and the estimate. Expects validated terms and non-negative minutes.
int64_t BilledMinutes(const PoolTerms& terms, int64_t ticket_raw_before, int64_t raw_minutes);

// The allocation of a new entry logged after every current one, computed
// from running totals alone: what the period has used so far and how many
// billable raw minutes its ticket already has in the period
// (TicketTotals::BillableRawMinutes()). Equal to the last entry of
// Allocate(terms, current + {entry}), without reading the current entries,
// so a create costs the same however many entries a period holds. A
// non-billable entry bills nothing. Refuses what Allocate() refuses for terms
// and the entry, and negative totals.
absl::StatusOr<EntryAllocation> AllocateAppended(const PoolTerms& terms,
                                                 int64_t period_used_minutes,
                                                 int64_t ticket_billable_raw_minutes,
                                                 const PoolEntry& entry);

// A proposed change to a period's entries.
struct EntryChange {
  enum class Kind { kCreate, kEdit, kDelete };

  Kind kind = Kind::kCreate;
  // kCreate: the new entry, logged after every current one.
  // kEdit: entry_id and the new raw_minutes (the ticket stays the entry's own).
  // kDelete: entry_id only.
  PoolEntry entry;
  // kEdit: the entry's new billable flag (R21); nullopt keeps it.
  std::optional<bool> billable;

  static EntryChange Create(PoolEntry entry) { return {Kind::kCreate, std::move(entry), {}}; }
  static EntryChange Edit(std::string entry_id, int64_t raw_minutes,
                          std::optional<bool> billable = std::nullopt) {
    return {Kind::kEdit, PoolEntry{std::move(entry_id), "", raw_minutes}, billable};
  }
  static EntryChange Delete(std::string entry_id) {
    return {Kind::kDelete, PoolEntry{std::move(entry_id), "", 0}, {}};
  }
};

// The period before and after a change, with the ticket it touches, so that
// rule checks can compare entry by entry.
struct ChangeOutcome {
  EntryChange::Kind kind = EntryChange::Kind::kCreate;
  std::string ticket_id;  // the ticket of the created, edited or deleted entry
  bool billable = true;   // that entry's flag after the change (a deleted one's last)
  std::vector<PoolEntry> entries_after;  // the list storage should end up with
  PoolAllocation before;
  PoolAllocation after;
};

// Applies `change` to `current` (in logged order) and allocates both lists.
// Refuses (NOT_FOUND) an edit or delete of an entry that is not in the list
// and (INVALID_ARGUMENT) a create whose id is already there, besides
// everything Allocate() refuses.
absl::StatusOr<ChangeOutcome> EvaluateChange(const PoolTerms& terms,
                                             const std::vector<PoolEntry>& current,
                                             const EntryChange& change);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_POOL_H_
