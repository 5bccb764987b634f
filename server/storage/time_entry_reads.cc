// TimeLogStore: reading entries, one or a page, and whether what a list
// names exists.
#include <string>
#include <utility>

#include "server/storage/database.h"
#include "server/storage/period_rows.h"
#include "server/storage/statements.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::Tx;

#define SBT_ENTRY_COLUMNS                                                                     \
  "e.id::text, e.client_id::text, e.ticket_id::text, e.subscription_id::text,"               \
  " coalesce(to_char(pe.month, 'YYYY-MM'), 'bucket'), e.log_seq, e.operator_id,"             \
  " e.operator_display_name, e.note, " SBT_EPOCH_US("e.worked_at") ", e.minutes,"            \
  " e.billed_minutes, e.included_minutes, e.overage_minutes, e.source,"                      \
  " pe.show_work_log_to_client::int, " SBT_EPOCH_US("e.deleted_at") ", "                      \
  SBT_EPOCH_US("e.created_at") ", " SBT_EPOCH_US("e.updated_at") ", e.period_id::text,"      \
  " e.billable::int from time_entries e join periods pe on pe.id = e.period_id"

// An entry of a ticket.
constexpr Sql kFindEntry{"time_log.find_entry",
                         "select " SBT_ENTRY_COLUMNS
                         " where e.id = cast(:id as uuid) and e.ticket_id = cast(:t as uuid)"
                         " and e.client_id = cast(:c as uuid)"};

// The same, row-locked.
constexpr Sql kFindEntryForUpdate{
    "time_log.find_entry_for_update",
    "select " SBT_ENTRY_COLUMNS
    " where e.id = cast(:id as uuid) and e.ticket_id = cast(:t as uuid)"
    " and e.client_id = cast(:c as uuid) for update of e"};

// A page of a client's entries in logged order, optionally of one ticket,
// period or operator (in a CLIENT's view, only where the work log shows).
constexpr Sql kListEntries{
    "time_log.list_entries",
    "select " SBT_ENTRY_COLUMNS
    " where e.client_id = cast(:c as uuid)"
    " and (:t = '' or e.ticket_id = cast(nullif(:t, '') as uuid))"
    " and (:p = '' or e.period_id = cast(nullif(:p, '') as uuid))"
    " and (:op = '' or (e.operator_id = :op and (:cv = 0 or pe.show_work_log_to_client)))"
    " and (:del = 1 or e.deleted_at is null)"
    " and e.log_seq > :after order by e.log_seq limit :fetch"};

#undef SBT_ENTRY_COLUMNS

// Whether a client exists.
constexpr Sql kClientExists{"time_log.client_exists",
                            "select count(*)::int from clients where id = cast(:c as uuid)"};
// Whether a ticket of the client exists.
constexpr Sql kTicketExists{"time_log.ticket_exists",
                            "select count(*)::int from tickets where id = cast(:t as uuid)"
                            " and client_id = cast(:c as uuid)"};
// Whether a subscription of the client exists.
constexpr Sql kSubscriptionExists{
    "time_log.subscription_exists",
    "select count(*)::int from subscriptions where id = cast(:s as uuid)"
    " and client_id = cast(:c as uuid)"};

// The columns of an entry row, bound as into() variables.
struct EntryVars {
  std::string id, client_id, ticket_id, subscription_id, period_key, operator_id, operator_name,
      note, source, period_id;
  long long log_seq = 0, worked_us = 0, deleted_us = 0, created_us = 0, updated_us = 0;
  int minutes = 0, billed = 0, included = 0, overage = 0, show = 0, billable = 0;
  soci::indicator deleted_ind = soci::i_null;

  usecases::StoredEntry Get() const {
    domain::TimeEntry e;
    e.id = id;
    e.client_id = client_id;
    e.ticket_id = ticket_id;
    e.subscription_id = subscription_id;
    e.period_key = period_key;
    e.log_seq = log_seq;
    e.operator_id = operator_id;
    e.operator_display_name = operator_name;
    e.note = note;
    e.worked_at = FromMicros(worked_us);
    e.minutes = minutes;
    e.billed_minutes = billed;
    e.included_minutes = included;
    e.overage_minutes = overage;
    e.timer = source == "TIMER";
    e.show_work_log = show != 0;
    if (deleted_ind == soci::i_ok) e.delete_time = FromMicros(deleted_us);
    e.create_time = FromMicros(created_us);
    e.update_time = FromMicros(updated_us);
    e.billable = billable != 0;
    return usecases::StoredEntry{std::move(e), period_id};
  }
};

// Runs `sql` with `uses`, calling `on_row` with each entry read.
template <class OnRow, class... Uses>
void ForEachEntry(soci::session& s, const Sql& sql, OnRow&& on_row, Uses&&... uses) {
  EntryVars v;
  ForEach(
      s, sql, [&] { on_row(v.Get()); }, std::forward<Uses>(uses)..., soci::into(v.id),
      soci::into(v.client_id), soci::into(v.ticket_id), soci::into(v.subscription_id),
      soci::into(v.period_key), soci::into(v.log_seq), soci::into(v.operator_id),
      soci::into(v.operator_name), soci::into(v.note), soci::into(v.worked_us),
      soci::into(v.minutes), soci::into(v.billed), soci::into(v.included), soci::into(v.overage),
      soci::into(v.source), soci::into(v.show), soci::into(v.deleted_us, v.deleted_ind),
      soci::into(v.created_us), soci::into(v.updated_us), soci::into(v.period_id),
      soci::into(v.billable));
}

bool Exists(Tx& tx, const Sql& sql, const std::string& client_id, const std::string* other,
            const char* other_name) {
  int found = 0;
  if (other == nullptr) {
    Exec(SessionOf(tx), sql, soci::use(client_id, "c"), soci::into(found));
  } else {
    Exec(SessionOf(tx), sql, soci::use(client_id, "c"), soci::use(*other, other_name),
         soci::into(found));
  }
  return found > 0;
}

}  // namespace

std::optional<usecases::StoredEntry> TimeLogStore::FindEntry(Tx& tx, const domain::EntryId& id,
                                                             bool lock) {
  std::optional<usecases::StoredEntry> out;
  ForEachEntry(
      SessionOf(tx), lock ? kFindEntryForUpdate : kFindEntry,
      [&](usecases::StoredEntry e) { out = std::move(e); }, soci::use(id.id, "id"),
      soci::use(id.ticket_id, "t"), soci::use(id.client_id, "c"));
  return out;
}

domain::Page<domain::TimeEntry> TimeLogStore::ListEntries(Tx& tx, const domain::EntryFilter& f,
                                                          const domain::PageRequest& page) {
  domain::Page<domain::TimeEntry> out;
  const long long after = page.after ? page.after->created_us : 0;
  const int fetch = page.limit + 1;
  const int deleted = f.show_deleted ? 1 : 0;
  const int client_view = f.client_view ? 1 : 0;
  ForEachEntry(
      SessionOf(tx), kListEntries,
      [&](usecases::StoredEntry e) { out.items.push_back(std::move(e.entry)); },
      soci::use(f.client_id, "c"), soci::use(f.ticket_id, "t"), soci::use(f.period_id, "p"),
      soci::use(f.operator_id, "op"), soci::use(client_view, "cv"), soci::use(deleted, "del"),
      soci::use(after, "after"), soci::use(fetch, "fetch"));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(page.limit);
    out.next = domain::PageCursor{out.items.back().log_seq, out.items.back().id};
  }
  return out;
}

bool TimeLogStore::ClientExists(Tx& tx, const std::string& client_id) {
  return Exists(tx, kClientExists, client_id, nullptr, "");
}

bool TimeLogStore::TicketExists(Tx& tx, const std::string& client_id,
                                const std::string& ticket_id) {
  return Exists(tx, kTicketExists, client_id, &ticket_id, "t");
}

bool TimeLogStore::SubscriptionExists(Tx& tx, const std::string& client_id,
                                      const std::string& subscription_id) {
  return Exists(tx, kSubscriptionExists, client_id, &subscription_id, "s");
}

domain::Page<domain::Period> TimeLogStore::ListPeriods(Tx& tx, const std::string& subscription_id,
                                                       std::optional<domain::PeriodState> state,
                                                       const domain::PageRequest& page) {
  return SelectPeriodsNewestFirst(SessionOf(tx), subscription_id, state, /*months_only=*/false,
                                  page);
}

}  // namespace supportbytime::storage
