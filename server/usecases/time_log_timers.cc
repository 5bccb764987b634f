// TimeLog: timers, server-held clocks that stop into TIMER entries (R1)
// through the same path as CreateTimeEntry.
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_entry_rules.h"
#include "server/usecases/time_log.h"
#include "server/usecases/time_log_events.h"
#include "server/util/json.h"

namespace supportbytime::usecases {

namespace {

absl::Status TooLong(const std::string& name, int64_t minutes) {
  return domain::Error(absl::StatusCode::kFailedPrecondition, "TIMER_TOO_LONG",
                       absl::StrCat(name, " ran ", minutes,
                                    " minutes, more than the 1440 an entry may hold: "
                                    "stop it with `minutes` set, or cancel it. The timer "
                                    "was kept."),
                       {{"timer", name}, {"minutes", absl::StrCat(minutes)}});
}

// Says that nothing was lost: the timer keeps running.
absl::Status TimerKept(const absl::Status& st, const std::string& name) {
  domain::ErrorDetail d = domain::DetailOf(st);
  if (d.reason.empty()) return st;
  d.metadata["timer"] = name;
  d.metadata["timer_kept"] = "true";
  return domain::Error(st.code(), d.reason,
                       absl::StrCat(st.message(), " The timer was kept: ", name, "."), d.metadata);
}

}  // namespace

absl::StatusOr<std::string> TimeLog::StartTimer(const domain::Who& who, const IdempotencyKey& key,
                                                const std::string& client_id,
                                                const std::string& ticket_id,
                                                const std::string& note,
                                                const Encoder<domain::Timer>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<domain::Timer>(
      idempotency_, key,
      [&](Tx& tx) -> absl::StatusOr<domain::Timer> {
        std::optional<EntryTicket> ticket = repo_.FindTicket(tx, client_id, ticket_id);
        if (!ticket) return domain::NotFound(domain::TicketResource(client_id, ticket_id));
        if (auto st = domain::CheckTicketTakesEntries(ticket->ticket_status); !st.ok()) return st;
        if (auto st = domain::CheckSubscriptionTakesEntries(ticket->subscription_status);
            !st.ok()) {
          return st;
        }
        // R20: a timer's start is a work time (its entry is checked again on stop).
        if (auto st = CheckInWindow(tx, client_id, ticket->subscription_id, now); !st.ok()) {
          return st;
        }
        std::optional<std::string> id = repo_.InsertTimer(tx, ticket_id, who, note, now);
        if (!id) {
          const std::string running = domain::TimerResource(
              client_id, ticket_id, repo_.RunningTimerId(tx, who.key_id, ticket_id));
          return domain::Error(absl::StatusCode::kAlreadyExists, "TIMER_ALREADY_RUNNING",
                               absl::StrCat("You already have a timer running on this ticket: ",
                                            running, ". Stop or cancel it first."),
                               {{"timer", running}});
        }
        std::optional<domain::Timer> t = repo_.FindTimer(tx, client_id, ticket_id, *id);
        if (!t) return domain::NotFound(domain::TimerResource(client_id, ticket_id, *id));
        repo_.Audit(tx, who, key.request_id,
                    {"StartTimer", domain::TimerResource(client_id, ticket_id, *id), client_id,
                     ticket_id, util::JsonObject().Add("note", note).str()});
        return *t;
      },
      encode);
}

absl::StatusOr<domain::Timer> TimeLog::GetTimer(const domain::Who& who,
                                                const std::string& client_id,
                                                const std::string& ticket_id,
                                                const std::string& id) {
  std::optional<domain::Timer> t;
  absl::Status st = transactions_.Read([&](Tx& tx) {
    t = repo_.FindTimer(tx, client_id, ticket_id, id);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  const std::string name = domain::TimerResource(client_id, ticket_id, id);
  if (!t) return domain::NotFound(name);
  const std::string owner = OwnerOf(who);
  if (!owner.empty() && t->operator_id != owner) {
    return domain::Error(absl::StatusCode::kPermissionDenied, "OPERATOR_NOT_OWNER",
                         absl::StrCat(name, " belongs to another operator."),
                         {{"resource_name", name}});
  }
  return *t;
}

absl::StatusOr<domain::Page<domain::Timer>> TimeLog::ListTimers(const domain::TimerFilter& f,
                                                                const domain::PageRequest& page) {
  domain::Page<domain::Timer> out;
  absl::Status st = transactions_.Read([&](Tx& tx) -> absl::Status {
    if (!f.ticket_id.empty()) {
      if (!repo_.TicketExists(tx, f.client_id, f.ticket_id)) {
        return domain::NotFound(domain::TicketResource(f.client_id, f.ticket_id));
      }
    } else if (!f.client_id.empty() && !repo_.ClientExists(tx, f.client_id)) {
      return domain::NotFound(domain::ClientResource(f.client_id));
    }
    out = repo_.ListTimers(tx, f, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> TimeLog::StopTimer(const domain::Who& who, const IdempotencyKey& key,
                                               const std::string& client_id,
                                               const std::string& ticket_id,
                                               const std::string& id,
                                               std::optional<int64_t> minutes,
                                               std::optional<std::string> note,
                                               const Encoder<domain::TimeEntry>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<domain::TimeEntry>(
      idempotency_, key,
      [&](Tx& tx) -> absl::StatusOr<domain::TimeEntry> {
        const std::string name = domain::TimerResource(client_id, ticket_id, id);
        std::optional<domain::Timer> t = repo_.FindTimer(tx, client_id, ticket_id, id);
        if (!t) return domain::NotFound(name);
        const std::string owner = OwnerOf(who);
        if (!owner.empty() && t->operator_id != owner) return NotOwner(name);
        const int64_t m = minutes.value_or(domain::TimerMinutes(now - t->start_time));
        if (!minutes && m > domain::kMaxEntryMinutes) return TooLong(name, m);
        domain::NewEntry in;
        in.client_id = client_id;
        in.ticket_id = ticket_id;
        in.operator_id = t->operator_id;
        in.operator_display_name = t->operator_display_name;
        in.note = note.value_or(t->note);
        in.worked_at = t->start_time;
        in.minutes = m;
        const TimerRef timer{id};
        absl::StatusOr<domain::TimeEntry> e = LogEntry(tx, who, key.request_id, in, &timer, now);
        if (!e.ok()) return TimerKept(e.status(), name);
        return e;
      },
      encode);
}

absl::StatusOr<std::string> TimeLog::CancelTimer(const domain::Who& who, const IdempotencyKey& key,
                                                 const std::string& client_id,
                                                 const std::string& ticket_id,
                                                 const std::string& id,
                                                 const Encoder<domain::Timer>& encode) {
  return RunIdempotent<domain::Timer>(
      idempotency_, key,
      [&](Tx& tx) -> absl::StatusOr<domain::Timer> {
        const std::string name = domain::TimerResource(client_id, ticket_id, id);
        std::optional<domain::Timer> t = repo_.FindTimer(tx, client_id, ticket_id, id);
        if (!t) return domain::NotFound(name);
        const std::string owner = OwnerOf(who);
        if (!owner.empty() && t->operator_id != owner) return NotOwner(name);
        if (!repo_.DeleteTimer(tx, id)) return domain::NotFound(name);
        repo_.Audit(tx, who, key.request_id,
                    {"CancelTimer", name, client_id, ticket_id,
                     util::JsonObject()
                         .Add("operator", domain::ApiKeyResource(t->operator_id))
                         .Add("started", absl::FormatTime(absl::RFC3339_full, t->start_time,
                                                          absl::UTCTimeZone()))
                         .str()});
        return *t;
      },
      encode);
}

}  // namespace supportbytime::usecases
