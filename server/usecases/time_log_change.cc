// TimeLog: editing and deleting entries. An edit can move an entry to
// another month and moves the split of every later entry of its period (R5):
// both periods are locked in id order, recomputed, checked and rewritten.
#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_entry_rules.h"
#include "server/usecases/time_log.h"
#include "server/usecases/time_log_events.h"
#include "server/util/json.h"

namespace supportbytime::usecases {

using domain::BillingCycle;
using domain::PeriodState;

struct TimeLog::Change {
  bool remove = false;
  domain::EntryEdit edit;
};

// One period a change touches, recomputed and checked.
struct TimeLog::ChangeSide {
  domain::Period period;
  domain::StoredSplits stored;
  domain::ChangeOutcome outcome;
};

// The entry under its period's lock, with the period(s) it leaves and joins.
struct TimeLog::Sides {
  domain::TimeEntry before;
  domain::Period source;
  domain::Period target;  // the source unless work_time moves it to another month
  bool moved = false;
};

namespace {

absl::Status DeletedError(const std::string& name) {
  return domain::Error(absl::StatusCode::kFailedPrecondition, "INVALID_STATE_TRANSITION",
                       absl::StrCat(name, " is deleted and can no longer change."),
                       {{"resource_name", name}});
}

absl::Status CheckOpen(const domain::Period& p) {
  if (p.state != PeriodState::kClosed) return absl::OkStatus();
  return PeriodClosedError(domain::PeriodResource(p.client_id, p.subscription_id, p.key));
}

// An OPERATOR changes only its own entries (a missing entry is NOT_FOUND later).
absl::Status CheckOwner(TimeLogRepository& repo, Tx& tx, const domain::Who& who,
                        const domain::EntryId& id) {
  const std::string owner = OwnerOf(who);
  if (owner.empty()) return absl::OkStatus();
  std::optional<StoredEntry> e = repo.FindEntry(tx, id, /*lock=*/false);
  if (!e || e->entry.operator_id == owner) return absl::OkStatus();
  return NotOwner(domain::TimeEntryResource(id.client_id, id.ticket_id, id.id));
}

}  // namespace

absl::StatusOr<std::string> TimeLog::UpdateEntry(const domain::Who& who, const IdempotencyKey& key,
                                                 const domain::EntryId& id,
                                                 const domain::EntryEdit& edit,
                                                 const Encoder<domain::TimeEntry>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<domain::TimeEntry>(
      idempotency_, key,
      [&](Tx& tx) {
        if (absl::Status st = CheckOwner(repo_, tx, who, id); !st.ok()) {
          return absl::StatusOr<domain::TimeEntry>(st);
        }
        return ChangeEntry(tx, who, key.request_id, id, Change{false, edit}, now);
      },
      encode);
}

absl::StatusOr<std::string> TimeLog::DeleteEntry(const domain::Who& who, const IdempotencyKey& key,
                                                 const domain::EntryId& id,
                                                 const Encoder<domain::TimeEntry>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<domain::TimeEntry>(
      idempotency_, key,
      [&](Tx& tx) {
        if (absl::Status st = CheckOwner(repo_, tx, who, id); !st.ok()) {
          return absl::StatusOr<domain::TimeEntry>(st);
        }
        return ChangeEntry(tx, who, key.request_id, id, Change{true, {}}, now);
      },
      encode);
}

// Finds the periods the change touches and locks them in id order, then
// re-reads the entry under the lock.
absl::StatusOr<TimeLog::Sides> TimeLog::LockSides(Tx& tx, const domain::EntryId& id,
                                                  const Change& change, absl::Time now) {
  const std::string name = domain::TimeEntryResource(id.client_id, id.ticket_id, id.id);
  std::optional<StoredEntry> first = repo_.FindEntry(tx, id, /*lock=*/false);
  if (!first) return domain::NotFound(name);
  std::optional<domain::Period> source = repo_.FindPeriod(tx, first->period_id, /*lock=*/false);
  if (!source) return domain::NotFound(name);
  std::string target_id = source->id;
  const std::optional<absl::Time> worked_at =
      change.remove ? std::nullopt : change.edit.worked_at;
  if (worked_at) {
    if (absl::Status st = CheckInWindow(tx, id.client_id, source->subscription_id, *worked_at);
        !st.ok()) {
      return st;
    }
    if (source->terms.billing_cycle == BillingCycle::kMonthly) {
      absl::StatusOr<std::string> t =
          EnsurePeriod(tx, id.client_id, source->subscription_id, BillingCycle::kMonthly,
                       source->time_zone, *worked_at, now);
      if (!t.ok()) return t.status();
      target_id = *t;
    }
  }
  std::vector<std::string> lock_ids = {source->id};
  if (target_id != source->id) lock_ids.push_back(target_id);
  std::sort(lock_ids.begin(), lock_ids.end());
  std::map<std::string, domain::Period> locked;
  for (const std::string& pid : lock_ids) {
    std::optional<domain::Period> p = repo_.FindPeriod(tx, pid, /*lock=*/true);
    if (!p) return domain::NotFound(name);
    locked.emplace(pid, *p);
  }
  std::optional<StoredEntry> now_entry = repo_.FindEntry(tx, id, /*lock=*/true);
  if (!now_entry) return domain::NotFound(name);
  if (now_entry->period_id != source->id) {
    return domain::Error(absl::StatusCode::kAborted, "CONCURRENCY_CONFLICT",
                         "The entry moved to another period meanwhile; retry.");
  }
  return Sides{now_entry->entry, locked.at(source->id), locked.at(target_id),
               target_id != source->id};
}

// The change of one period, with R7, R8 and R9 checked.
absl::StatusOr<TimeLog::ChangeSide> TimeLog::Evaluate(
    Tx& tx, const domain::Period& p, const domain::EntryChange& change,
    const std::string& ticket_id,
    std::pair<domain::TicketStatus, domain::SubscriptionStatus> states) {
  domain::PeriodEntries entries = repo_.LiveEntries(tx, p.id);
  absl::StatusOr<domain::ChangeOutcome> o =
      domain::EvaluateChange(domain::PoolTermsOf(p), entries.entries, change);
  if (!o.ok()) return o.status();
  domain::EntryChangeContext ctx;
  ctx.cycle = p.terms.billing_cycle;
  ctx.period_state = p.state;
  ctx.subscription_status = states.second;
  ctx.ticket_status = states.first;
  ctx.require_overage_approval = p.terms.require_overage_approval;
  ctx.ticket_id = ticket_id;
  ctx.overage = repo_.ReadOverageGrant(tx, ticket_id, p);
  if (absl::Status st = domain::CheckEntryChange(ctx, *o); !st.ok()) return WithPeriod(st, p);
  return ChangeSide{p, std::move(entries.stored), std::move(*o)};
}

// The periods a change touches: the entry's own (edited, or left by a
// delete or a move), and the one a move joins.
absl::StatusOr<std::vector<TimeLog::ChangeSide>> TimeLog::EvaluateSides(
    Tx& tx, const Sides& sides, const domain::EntryId& id, int64_t minutes, bool billable,
    bool remove, std::pair<domain::TicketStatus, domain::SubscriptionStatus> states) {
  std::vector<domain::EntryChange> changes;
  if (remove || sides.moved) {
    changes.push_back(domain::EntryChange::Delete(id.id));
  } else {
    changes.push_back(domain::EntryChange::Edit(id.id, minutes, billable));
  }
  if (sides.moved) {
    changes.push_back(
        domain::EntryChange::Create(domain::PoolEntry{id.id, id.ticket_id, minutes, billable}));
  }
  std::vector<ChangeSide> out;
  for (size_t i = 0; i < changes.size(); ++i) {
    const domain::Period& p = i == 0 ? sides.source : sides.target;
    absl::StatusOr<ChangeSide> side = Evaluate(tx, p, changes[i], id.ticket_id, states);
    if (!side.ok()) return side.status();
    out.push_back(std::move(*side));
  }
  return out;
}

absl::StatusOr<domain::TimeEntry> TimeLog::ChangeEntry(Tx& tx, const domain::Who& who,
                                                       const std::string& request_id,
                                                       const domain::EntryId& id,
                                                       const Change& change, absl::Time now) {
  const std::string name = domain::TimeEntryResource(id.client_id, id.ticket_id, id.id);
  absl::StatusOr<Sides> sides = LockSides(tx, id, change, now);
  if (!sides.ok()) return sides.status();
  if (absl::Status st = CheckOpen(sides->source); !st.ok()) return st;
  if (absl::Status st = CheckOpen(sides->target); !st.ok()) return st;
  const domain::TimeEntry& before = sides->before;
  if (before.delete_time) return DeletedError(name);
  const auto states = repo_.TicketStates(tx, id.ticket_id);
  const int64_t minutes = change.edit.minutes.value_or(before.minutes);
  const bool billable = change.edit.billable.value_or(before.billable);

  absl::StatusOr<std::vector<ChangeSide>> evaluated =
      EvaluateSides(tx, *sides, id, minutes, billable, change.remove, states);
  if (!evaluated.ok()) return evaluated.status();

  // The entry itself; its split is written below from the allocation.
  if (sides->moved) {
    repo_.EnsureTicketLine(tx, sides->target.id, id.ticket_id, sides->target.subscription_id,
                           id.client_id, now);
  }
  repo_.UpdateEntry(tx, EntryUpdate{id.id, sides->target.id, minutes,
                                    change.edit.note.value_or(before.note),
                                    change.edit.worked_at.value_or(before.worked_at), billable,
                                    change.remove, sides->moved, now});
  for (ChangeSide& side : *evaluated) {
    // A moved entry is new in the target: its stored split is not there.
    if (sides->moved && side.period.id == sides->target.id) side.stored.erase(id.id);
    if (absl::Status st = Rewrite(tx, who, request_id, side.period, side.stored,
                                  side.outcome.after, id.ticket_id, states.second, now);
        !st.ok()) {
      return st;
    }
  }
  std::optional<StoredEntry> after = repo_.FindEntry(tx, id, /*lock=*/false);
  if (!after) return domain::NotFound(name);
  repo_.Audit(tx, who, request_id,
              {change.remove ? "DeleteTimeEntry" : "UpdateTimeEntry", name, id.client_id,
               id.ticket_id,
               util::JsonObject()
                   .AddRaw("before", EntryJson(before))
                   .AddRaw("after", EntryJson(after->entry))
                   .str()});
  return after->entry;
}

}  // namespace supportbytime::usecases
