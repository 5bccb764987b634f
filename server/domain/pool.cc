#include "server/domain/pool.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

const EntryAllocation* PoolAllocation::FindEntry(absl::string_view entry_id) const {
  for (const EntryAllocation& e : entries) {
    if (e.entry_id == entry_id) return &e;
  }
  return nullptr;
}

const TicketTotals* PoolAllocation::FindTicket(absl::string_view ticket_id) const {
  for (const TicketTotals& t : tickets) {
    if (t.ticket_id == ticket_id) return &t;
  }
  return nullptr;
}

absl::Status ValidatePoolTerms(absl::string_view field_prefix, const PoolTerms& terms) {
  Violations v;
  if (terms.included_minutes < 0) {
    v.Add(absl::StrCat(field_prefix, ".included_minutes"), "must not be negative");
  }
  if (absl::Status s = ValidateIncrement(absl::StrCat(field_prefix, ".increment_minutes"),
                                         terms.increment_minutes);
      !s.ok()) {
    for (const FieldViolation& f : DetailOf(s).fields) v.Add(f.field, f.description);
  }
  return v.ToStatus();
}

absl::StatusOr<PoolAllocation> Allocate(const PoolTerms& terms,
                                        const std::vector<PoolEntry>& entries) {
  if (absl::Status s = ValidatePoolTerms("terms", terms); !s.ok()) return s;

  PoolAllocation out;
  out.terms = terms;
  out.entries.reserve(entries.size());
  absl::flat_hash_set<absl::string_view> seen_entries;
  absl::flat_hash_map<absl::string_view, size_t> ticket_index;

  int64_t pool_left = terms.included_minutes;
  for (size_t i = 0; i < entries.size(); ++i) {
    const PoolEntry& entry = entries[i];
    const std::string field = absl::StrCat("entries[", i, "]");
    if (entry.entry_id.empty()) return InvalidField(field + ".entry_id", "must not be empty");
    if (entry.ticket_id.empty()) return InvalidField(field + ".ticket_id", "must not be empty");
    if (entry.raw_minutes < kMinEntryMinutes || entry.raw_minutes > kMaxEntryMinutes) {
      return InvalidField(field + ".raw_minutes",
                          absl::StrCat("must be between ", kMinEntryMinutes, " and ",
                                       kMaxEntryMinutes, " minutes; got ", entry.raw_minutes));
    }
    if (!seen_entries.insert(entry.entry_id).second) {
      return InvalidField(field + ".entry_id",
                          absl::StrCat("entry ", entry.entry_id, " appears more than once"));
    }

    auto [it, inserted] = ticket_index.try_emplace(entry.ticket_id, out.tickets.size());
    if (inserted) out.tickets.push_back(TicketTotals{.ticket_id = entry.ticket_id});
    TicketTotals& ticket = out.tickets[it->second];

    // Sums stay far below int64 limits: each entry adds at most 1440.
    const int64_t billed =
        entry.billable ? BilledMinutes(terms, ticket.BillableRawMinutes(), entry.raw_minutes) : 0;
    const int64_t included = std::min(billed, pool_left);
    pool_left -= included;

    EntryAllocation allocation{.entry_id = entry.entry_id,
                               .ticket_id = entry.ticket_id,
                               .raw_minutes = entry.raw_minutes,
                               .billed_minutes = billed,
                               .included_minutes = included,
                               .overage_minutes = billed - included,
                               .billable = entry.billable};
    ticket.entry_count += 1;
    ticket.raw_minutes += allocation.raw_minutes;
    if (!entry.billable) ticket.non_billable_minutes += allocation.raw_minutes;
    ticket.billed_minutes += allocation.billed_minutes;
    ticket.included_minutes += allocation.included_minutes;
    ticket.overage_minutes += allocation.overage_minutes;
    out.raw_minutes += allocation.raw_minutes;
    out.used_minutes += allocation.billed_minutes;
    out.entries.push_back(std::move(allocation));
  }
  out.left_minutes = std::max<int64_t>(0, terms.included_minutes - out.used_minutes);
  out.overage_minutes = std::max<int64_t>(0, out.used_minutes - terms.included_minutes);
  return out;
}

int64_t BilledMinutes(const PoolTerms& terms, int64_t ticket_raw_before, int64_t raw_minutes) {
  if (terms.scope == RoundingScope::kEntry) {
    return RoundMinutes(raw_minutes, terms.increment_minutes, terms.direction);
  }
  return RoundMinutes(ticket_raw_before + raw_minutes, terms.increment_minutes, terms.direction) -
         RoundMinutes(ticket_raw_before, terms.increment_minutes, terms.direction);
}

absl::StatusOr<EntryAllocation> AllocateAppended(const PoolTerms& terms,
                                                 int64_t period_used_minutes,
                                                 int64_t ticket_billable_raw_minutes,
                                                 const PoolEntry& entry) {
  // Allocate() validates the terms and the entry exactly as for a list.
  absl::StatusOr<PoolAllocation> alone = Allocate(terms, {entry});
  if (!alone.ok()) return alone.status();
  if (period_used_minutes < 0 || ticket_billable_raw_minutes < 0) {
    return absl::InvalidArgumentError("Running totals must not be negative.");
  }
  const int64_t billed =
      entry.billable ? BilledMinutes(terms, ticket_billable_raw_minutes, entry.raw_minutes) : 0;
  const int64_t left = std::max<int64_t>(0, terms.included_minutes - period_used_minutes);
  const int64_t included = std::min(billed, left);
  return EntryAllocation{.entry_id = entry.entry_id,
                         .ticket_id = entry.ticket_id,
                         .raw_minutes = entry.raw_minutes,
                         .billed_minutes = billed,
                         .included_minutes = included,
                         .overage_minutes = billed - included,
                         .billable = entry.billable};
}

absl::StatusOr<ChangeOutcome> EvaluateChange(const PoolTerms& terms,
                                             const std::vector<PoolEntry>& current,
                                             const EntryChange& change) {
  ChangeOutcome outcome;
  outcome.kind = change.kind;
  outcome.entries_after = current;
  std::vector<PoolEntry>& after = outcome.entries_after;
  auto position = std::find_if(after.begin(), after.end(), [&](const PoolEntry& e) {
    return e.entry_id == change.entry.entry_id;
  });

  switch (change.kind) {
    case EntryChange::Kind::kCreate:
      if (position != after.end()) {
        return InvalidField("entry.entry_id",
                            absl::StrCat("entry ", change.entry.entry_id, " is already logged"));
      }
      outcome.ticket_id = change.entry.ticket_id;
      outcome.billable = change.entry.billable;
      after.push_back(change.entry);
      break;
    case EntryChange::Kind::kEdit:
      if (position == after.end()) {
        return NotFound(absl::StrCat("time entry ", change.entry.entry_id));
      }
      outcome.ticket_id = position->ticket_id;
      position->raw_minutes = change.entry.raw_minutes;
      position->billable = change.billable.value_or(position->billable);
      outcome.billable = position->billable;
      break;
    case EntryChange::Kind::kDelete:
      if (position == after.end()) {
        return NotFound(absl::StrCat("time entry ", change.entry.entry_id));
      }
      outcome.ticket_id = position->ticket_id;
      outcome.billable = position->billable;
      after.erase(position);
      break;
  }

  absl::StatusOr<PoolAllocation> before = Allocate(terms, current);
  if (!before.ok()) return before.status();
  absl::StatusOr<PoolAllocation> allocated_after = Allocate(terms, after);
  if (!allocated_after.ok()) return allocated_after.status();
  outcome.before = *std::move(before);
  outcome.after = *std::move(allocated_after);
  return outcome;
}

}  // namespace supportbytime::domain
