// TimeLogStore's timers: server-held clocks that stop into TIMER entries
// (R1), through the same entry path as CreateTimeEntry.
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/account.h"
#include "server/domain/error.h"
#include "server/domain/time_entry_rules.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/time_entry_writes.h"
#include "server/storage/time_log_store.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

using domain::SubscriptionStatus;
using domain::TicketStatus;

std::string TimerColumns() {
  return absl::StrCat(
      "tm.id::text, t.client_id::text, tm.ticket_id::text, tm.operator_id,"
      " tm.operator_display_name, tm.note, ",
      SBT_EPOCH_US("tm.started_at"), ", t.number, t.title");
}

constexpr const char* kTimerFrom = " from timers tm join tickets t on t.id = tm.ticket_id";

TimerRecord TimerFromRow(const soci::row& r) {
  TimerRecord t;
  t.id = r.get<std::string>(0);
  t.client_id = r.get<std::string>(1);
  t.ticket_id = r.get<std::string>(2);
  t.operator_id = r.get<std::string>(3);
  t.operator_display_name = r.get<std::string>(4);
  t.note = r.get<std::string>(5);
  t.start_time = FromMicros(r.get<long long>(6));
  t.ticket_number = r.get<long long>(7);
  t.ticket_title = r.get<std::string>(8);
  return t;
}

std::optional<TimerRecord> SelectTimer(soci::session& s, const std::string& client_id,
                                       const std::string& ticket_id, const std::string& id) {
  soci::row r;
  s << absl::StrCat("select ", TimerColumns(), kTimerFrom,
                    " where tm.id = cast(:id as uuid) and tm.ticket_id = cast(:t as uuid)"
                    " and t.client_id = cast(:c as uuid)"),
      soci::use(id, "id"), soci::use(ticket_id, "t"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return TimerFromRow(r);
}

}  // namespace

absl::StatusOr<std::string> TimeLogStore::StartTimer(const auth::Actor& actor,
                                                     const IdempotencyKey& key,
                                                     const std::string& client_id,
                                                     const std::string& ticket_id,
                                                     const std::string& note, absl::Time now,
                                                     const Encoder<TimerRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::string ticket_state, sub_state, subscription_id;
    s << "select t.state, su.state, su.id::text from tickets t join subscriptions su"
         " on su.id = t.subscription_id where t.id = cast(:t as uuid)"
         " and t.client_id = cast(:c as uuid)",
        soci::use(ticket_id, "t"), soci::use(client_id, "c"), soci::into(ticket_state),
        soci::into(sub_state), soci::into(subscription_id);
    if (!s.got_data()) return domain::NotFound(TicketRef(client_id, ticket_id));
    if (auto st = domain::CheckTicketTakesEntries(ParseTicketStatus(ticket_state)); !st.ok()) {
      return st;
    }
    SubscriptionStatus sub = SubscriptionStatus::kActive;
    domain::ParseSubscriptionStatus(sub_state, &sub);
    if (auto st = domain::CheckSubscriptionTakesEntries(sub); !st.ok()) return st;
    // R20: a timer's start is a work time (its entry is checked again on stop).
    if (auto st = CheckWorkInWindow(s, client_id, subscription_id, now); !st.ok()) return st;
    const long long now_us = ToMicros(now);
    std::string id;
    soci::indicator ind = soci::i_ok;
    s << "insert into timers (ticket_id, operator_id, operator_display_name, note, started_at)"
         " values (cast(:t as uuid), :op, :opn, :note, " SBT_TS(":now") ")"
         " on conflict on constraint timers_one_per_operator_and_ticket do nothing"
         " returning id::text",
        soci::use(ticket_id, "t"), soci::use(actor.key_id, "op"),
        soci::use(actor.display_name, "opn"), soci::use(note, "note"), soci::use(now_us, "now"),
        soci::into(id, ind);
    if (!s.got_data()) {
      s << "select id::text from timers where operator_id = :op and ticket_id = cast(:t as uuid)",
          soci::use(actor.key_id, "op"), soci::use(ticket_id, "t"), soci::into(id);
      const std::string running = TimerRef(client_id, ticket_id, id);
      return domain::Error(absl::StatusCode::kAlreadyExists, "TIMER_ALREADY_RUNNING",
                           absl::StrCat("You already have a timer running on this ticket: ",
                                        running, ". Stop or cancel it first."),
                           {{"timer", running}});
    }
    std::optional<TimerRecord> t = SelectTimer(s, client_id, ticket_id, id);
    AppendAudit(s, actor, key.request_id,
                {"StartTimer", TimerRef(client_id, ticket_id, id), client_id, ticket_id,
                 util::JsonObject().Add("note", note).str()});
    return encode(*t);
  });
}

absl::StatusOr<TimerRecord> TimeLogStore::GetTimer(const std::string& client_id,
                                                   const std::string& ticket_id,
                                                   const std::string& id) {
  std::optional<TimerRecord> t;
  absl::Status st = db_.Run([&](soci::session& s) {
    t = SelectTimer(s, client_id, ticket_id, id);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!t) return domain::NotFound(TimerRef(client_id, ticket_id, id));
  return *t;
}

absl::StatusOr<Page<TimerRecord>> TimeLogStore::ListTimers(const TimerFilter& f,
                                                           const PageRequest& page) {
  Page<TimerRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int found = 1;
    if (!f.ticket_id.empty()) {
      s << "select count(*)::int from tickets where id = cast(:t as uuid)"
           " and client_id = cast(:c as uuid)",
          soci::use(f.ticket_id, "t"), soci::use(f.client_id, "c"), soci::into(found);
      if (!found) return domain::NotFound(TicketRef(f.client_id, f.ticket_id));
    } else if (!f.client_id.empty()) {
      s << "select count(*)::int from clients where id = cast(:c as uuid)",
          soci::use(f.client_id, "c"), soci::into(found);
      if (!found) return domain::NotFound(absl::StrCat("clients/", f.client_id));
    }
    const long long after_us = page.after ? page.after->created_us : 0;
    const std::string after_id = page.after ? page.after->id : "";
    const int fetch = page.limit + 1;
    soci::rowset<soci::row> rows =
        (s.prepare << absl::StrCat("select ", TimerColumns(), kTimerFrom,
                                   " where (:c = '' or t.client_id = cast(nullif(:c, '') as uuid))"
                                   " and (:t = '' or tm.ticket_id = cast(nullif(:t, '') as uuid))"
                                   " and (:op = '' or tm.operator_id = :op)"
                                   " and (:aid = '' or (tm.started_at, tm.id) > (" SBT_TS(
                                       ":aus") ", cast(nullif(:aid, '') as uuid)))"
                                               " order by tm.started_at, tm.id limit :fetch"),
         soci::use(f.client_id, "c"), soci::use(f.ticket_id, "t"), soci::use(f.operator_id, "op"),
         soci::use(after_id, "aid"), soci::use(after_us, "aus"), soci::use(fetch, "fetch"));
    for (const soci::row& r : rows) out.items.push_back(TimerFromRow(r));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{ToMicros(out.items.back().start_time), out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> TimeLogStore::StopTimer(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& ticket_id, const std::string& id, const std::string& owner,
    std::optional<int64_t> minutes, std::optional<std::string> note, absl::Time now,
    const Encoder<TimeEntryRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    const std::string name = TimerRef(client_id, ticket_id, id);
    std::optional<TimerRecord> t = SelectTimer(s, client_id, ticket_id, id);
    if (!t) return domain::NotFound(name);
    if (!owner.empty() && t->operator_id != owner) return NotOwner(name);
    int64_t m = minutes.value_or(domain::TimerMinutes(now - t->start_time));
    if (!minutes && m > domain::kMaxEntryMinutes) {
      return domain::Error(absl::StatusCode::kFailedPrecondition, "TIMER_TOO_LONG",
                           absl::StrCat(name, " ran ", m,
                                        " minutes, more than the 1440 an entry may hold: "
                                        "stop it with `minutes` set, or cancel it. The timer "
                                        "was kept."),
                           {{"timer", name}, {"minutes", absl::StrCat(m)}});
    }
    NewEntry in;
    in.client_id = client_id;
    in.ticket_id = ticket_id;
    in.operator_id = t->operator_id;
    in.operator_display_name = t->operator_display_name;
    in.note = note.value_or(t->note);
    in.worked_at = t->start_time;
    in.minutes = m;
    absl::StatusOr<TimeEntryRecord> e =
        CreateInTransaction(s, actor, key.request_id, in, true, "StopTimer", id);
    if (!e.ok()) {
      // Say that nothing was lost: the timer keeps running.
      domain::ErrorDetail d = domain::DetailOf(e.status());
      if (d.reason.empty()) return e.status();
      d.metadata["timer"] = name;
      d.metadata["timer_kept"] = "true";
      return domain::Error(e.status().code(), d.reason,
                           absl::StrCat(e.status().message(), " The timer was kept: ", name, "."),
                           d.metadata);
    }
    return encode(*e);
  });
}

absl::StatusOr<std::string> TimeLogStore::CancelTimer(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& ticket_id, const std::string& id, const std::string& owner,
    const Encoder<TimerRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    const std::string name = TimerRef(client_id, ticket_id, id);
    std::optional<TimerRecord> t = SelectTimer(s, client_id, ticket_id, id);
    if (!t) return domain::NotFound(name);
    if (!owner.empty() && t->operator_id != owner) return NotOwner(name);
    soci::statement del =
        (s.prepare << "delete from timers where id = cast(:id as uuid)", soci::use(id));
    del.execute(true);
    if (del.get_affected_rows() == 0) return domain::NotFound(name);
    AppendAudit(s, actor, key.request_id,
                {"CancelTimer", name, client_id, ticket_id,
                 util::JsonObject()
                     .Add("operator", absl::StrCat("apiKeys/", t->operator_id))
                     .Add("started",
                          absl::FormatTime(absl::RFC3339_full, t->start_time, absl::UTCTimeZone()))
                     .str()});
    return encode(*t);
  });
}

}  // namespace supportbytime::storage
