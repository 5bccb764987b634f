// TimeLogStore's timers: server-held clocks, one per operator and ticket.
#include <optional>
#include <string>
#include <utility>

#include "server/storage/database.h"
#include "server/storage/statements.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::Tx;

#define SBT_TIMER_COLUMNS                                                                 \
  "tm.id::text, t.client_id::text, tm.ticket_id::text, tm.operator_id,"                  \
  " tm.operator_display_name, tm.note, " SBT_EPOCH_US("tm.started_at") ", t.number, t.title" \
  " from timers tm join tickets t on t.id = tm.ticket_id"

// A timer on a ticket of the client.
constexpr Sql kFindTimer{"time_log.find_timer",
                         "select " SBT_TIMER_COLUMNS
                         " where tm.id = cast(:id as uuid) and tm.ticket_id = cast(:t as uuid)"
                         " and t.client_id = cast(:c as uuid)"};

// A page of timers by start, optionally of one client, ticket or operator.
constexpr Sql kListTimers{
    "time_log.list_timers",
    "select " SBT_TIMER_COLUMNS
    " where (:c = '' or t.client_id = cast(nullif(:c, '') as uuid))"
    " and (:t = '' or tm.ticket_id = cast(nullif(:t, '') as uuid))"
    " and (:op = '' or tm.operator_id = :op)"
    " and (:aid = '' or (tm.started_at, tm.id) > (" SBT_TS(":aus")
    ", cast(nullif(:aid, '') as uuid))) order by tm.started_at, tm.id limit :fetch"};

#undef SBT_TIMER_COLUMNS

// A timer started at :now; nothing when the operator runs one on the ticket.
constexpr Sql kInsertTimer{
    "time_log.insert_timer",
    "insert into timers (ticket_id, operator_id, operator_display_name, note, started_at,"
    " created_at) values (cast(:t as uuid), :op, :opn, :note, " SBT_TS(":now") ", "
    SBT_TS(":now") ") on conflict on constraint timers_one_per_operator_and_ticket do nothing"
    " returning id::text"};

// The timer an operator runs on a ticket.
constexpr Sql kRunningTimer{
    "time_log.running_timer",
    "select id::text from timers where operator_id = :op and ticket_id = cast(:t as uuid)"};

// Removes a timer (stopped or cancelled).
constexpr Sql kDeleteTimer{"time_log.delete_timer",
                           "delete from timers where id = cast(:id as uuid)"};

template <class OnRow, class... Uses>
void ForEachTimer(soci::session& s, const Sql& sql, OnRow&& on_row, Uses&&... uses) {
  domain::Timer t;
  long long start_us = 0, number = 0;
  ForEach(
      s, sql,
      [&] {
        t.start_time = FromMicros(start_us);
        t.ticket_number = number;
        on_row(t);
      },
      std::forward<Uses>(uses)..., soci::into(t.id), soci::into(t.client_id),
      soci::into(t.ticket_id), soci::into(t.operator_id), soci::into(t.operator_display_name),
      soci::into(t.note), soci::into(start_us), soci::into(number), soci::into(t.ticket_title));
}

}  // namespace

std::optional<domain::Timer> TimeLogStore::FindTimer(Tx& tx, const std::string& client_id,
                                                     const std::string& ticket_id,
                                                     const std::string& id) {
  std::optional<domain::Timer> out;
  ForEachTimer(
      SessionOf(tx), kFindTimer, [&](const domain::Timer& t) { out = t; }, soci::use(id, "id"),
      soci::use(ticket_id, "t"), soci::use(client_id, "c"));
  return out;
}

std::optional<std::string> TimeLogStore::InsertTimer(Tx& tx, const std::string& ticket_id,
                                                     const domain::Who& who,
                                                     const std::string& note, absl::Time now) {
  const long long now_us = ToMicros(now);
  std::string id;
  soci::indicator ind = soci::i_ok;
  if (!Exec(SessionOf(tx), kInsertTimer, soci::use(ticket_id, "t"), soci::use(who.key_id, "op"),
            soci::use(who.display_name, "opn"), soci::use(note, "note"),
            soci::use(now_us, "now"), soci::into(id, ind))) {
    return std::nullopt;
  }
  return id;
}

std::string TimeLogStore::RunningTimerId(Tx& tx, const std::string& operator_id,
                                         const std::string& ticket_id) {
  std::string id;
  Exec(SessionOf(tx), kRunningTimer, soci::use(operator_id, "op"), soci::use(ticket_id, "t"),
       soci::into(id));
  return id;
}

bool TimeLogStore::DeleteTimer(Tx& tx, const std::string& id) {
  return ExecCount(SessionOf(tx), kDeleteTimer, soci::use(id, "id")) > 0;
}

domain::Page<domain::Timer> TimeLogStore::ListTimers(Tx& tx, const domain::TimerFilter& f,
                                                     const domain::PageRequest& page) {
  domain::Page<domain::Timer> out;
  const long long after_us = page.after ? page.after->created_us : 0;
  const std::string after_id = page.after ? page.after->id : "";
  const int fetch = page.limit + 1;
  ForEachTimer(
      SessionOf(tx), kListTimers, [&](const domain::Timer& t) { out.items.push_back(t); },
      soci::use(f.client_id, "c"), soci::use(f.ticket_id, "t"), soci::use(f.operator_id, "op"),
      soci::use(after_id, "aid"), soci::use(after_us, "aus"), soci::use(fetch, "fetch"));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = domain::PageCursor{ToMicros(out.items.back().start_time), out.items.back().id};
  }
  return out;
}

}  // namespace supportbytime::storage
