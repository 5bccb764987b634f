#include "server/storage/billing_store.h"

#include "absl/strings/str_cat.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/overage_approvals.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/terms_in_force.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using domain::BillingCycle;
using domain::InvoiceStatus;
using domain::PeriodState;
using usecases::Tx;

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

// The OPEN MONTHLY periods that ended by :as_of, oldest first.
constexpr Sql kDuePeriods{
    "billing.due_periods",
    "select id::text from periods where state = 'OPEN' and billing_cycle = 'MONTHLY'"
    " and ends_at <= " SBT_TS(":as_of") " order by ends_at, id"};
// The ONE_TIME periods used up while their subscription is ACTIVE.
constexpr Sql kUsedUpBuckets{
    "billing.used_up_buckets",
    "select pe.id::text from periods pe join subscriptions su on su.id = pe.subscription_id"
    " where pe.billing_cycle = 'ONE_TIME' and su.state = 'ACTIVE'"
    " and pe.included_minutes > 0 and pe.used_minutes >= pe.included_minutes order by pe.id"};
// Locks the tickets billed in a period and reads their numbers and stored totals.
constexpr Sql kLockBilledTickets{
    "billing.lock_billed_tickets",
    "select t.id::text, t.number, pt.overage_minutes, pt.overage_cost_minor"
    " from period_tickets pt join tickets t on t.id = pt.ticket_id"
    " where pt.period_id = cast(:p as uuid) order by t.id for update of t"};
// Creates a billable item unless its (period, ticket) has one.
constexpr Sql kInsertItem{
    "billing.insert_item",
    "insert into billable_items (period_id, ticket_id, subscription_id, client_id,"
    " overage_minutes, amount_minor, currency, description, invoice_action, created_at,"
    " updated_at)"
    " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid),"
    " :m, :a, :cur, :d, :act, " SBT_TS(":now") ", " SBT_TS(":now") ")"
    " on conflict on constraint billable_items_once_per_period_and_ticket do nothing"
    " returning id::text"};
// Closes a period.
constexpr Sql kClosePeriod{
    "billing.close_period",
    "update periods set state = 'CLOSED', closed_at = " SBT_TS(":now") ", updated_at = " SBT_TS(
        ":now") " where id = cast(:p as uuid)"};
// Locks a subscription and reads its state.
constexpr Sql kLockSubscriptionState{
    "billing.lock_subscription_state",
    "select state from subscriptions where id = cast(:s as uuid) for update"};
// Marks a subscription DEPLETED.
constexpr Sql kDepleteSubscription{
    "billing.deplete_subscription",
    "update subscriptions set state = 'DEPLETED', updated_at = " SBT_TS(
        ":now") " where id = cast(:s as uuid)"};
// The lock that creators of periods of ended months share with the watermark.
constexpr Sql kLockWatermark{"billing.lock_watermark",
                             "select pg_advisory_xact_lock(hashtext('periods.watermark'))"};
// Records a completed closing run (its as_of is the watermark).
constexpr Sql kRecordRun{
    "billing.record_run",
    "insert into close_runs (as_of, periods_closed, billable_items_created,"
    " subscriptions_depleted, missed_payments_recorded, actor_display_name, created_at)"
    " values (" SBT_TS(":as_of") ", :p, :i, :d, :m, :a, " SBT_TS(":now") ")"};
// Session locks serializing the duplicates of one closing request.
constexpr Sql kRequestLock{"billing.request_lock", "select pg_advisory_lock(hashtext(:k))"};
constexpr Sql kRequestUnlock{"billing.request_unlock", "select pg_advisory_unlock(hashtext(:k))"};

// The columns ItemRow reads, over kItemFrom.
#define SBT_ITEM_SELECT                                                                          \
  "select bi.id::text, bi.client_id::text, bi.subscription_id::text,"                            \
  " to_char(pe.month, 'YYYY-MM'), bi.ticket_id::text, t.number, bi.overage_minutes,"             \
  " pe.overage_hourly_rate_minor, bi.amount_minor, bi.currency, bi.description,"                 \
  " bi.invoice_action, coalesce(bi.invoice_ref, ''), coalesce(bi.invoice_url, ''),"              \
  " coalesce(bi.invoice_status, ''), coalesce(to_char(bi.due_date, 'YYYY-MM-DD'), ''),"          \
  " coalesce(to_char((bi.paid_at at time zone 'UTC')::date, 'YYYY-MM-DD'), ''), " SBT_EPOCH_US( \
      "bi.created_at") ", " SBT_EPOCH_US("bi.updated_at")                                        \
  " from billable_items bi join periods pe on pe.id = bi.period_id"                              \
  " join tickets t on t.id = bi.ticket_id join clients c on c.id = bi.client_id"

// One billable item of a client.
constexpr Sql kItem{"billing.item", SBT_ITEM_SELECT
                    " where bi.id = cast(:id as uuid) and bi.client_id = cast(:c as uuid)"};
// One billable item of a client, locked.
constexpr Sql kItemForUpdate{
    "billing.item_for_update",
    SBT_ITEM_SELECT " where bi.id = cast(:id as uuid) and bi.client_id = cast(:c as uuid)"
                    " for update of bi"};
// A page of billable items, newest first, under optional filters.
constexpr Sql kListItems{
    "billing.list_items",
    SBT_ITEM_SELECT " where (:c = '' or bi.client_id = cast(nullif(:c, '') as uuid))"
                    " and (:sub = '' or bi.subscription_id = cast(nullif(:sub, '') as uuid))"
                    " and (:pk = '' or pe.month = cast(nullif(:pk || '-01', '-01') as date))"
                    " and (:t = '' or bi.ticket_id = cast(nullif(:t, '') as uuid))"
                    " and (:b = '' or (:b = 'BILLED' and bi.invoice_ref is null)"
                    " or bi.invoice_status = :b)"
                    " and (:after_id = '' or (bi.created_at, bi.id) < (" SBT_TS(
                        ":after_us") ", cast(nullif(:after_id, '') as uuid)))"
                    " order by bi.created_at desc, bi.id desc limit :fetch"};
// Whether a client exists.
constexpr Sql kClientExists{"billing.client_exists",
                            "select 1 from clients where id = cast(:c as uuid)"};
// Records the invoice of an item. The paid date is stored as 00:00 UTC of
// that day, so it reads back as the same date whatever the client's zone is.
constexpr Sql kSetInvoice{
    "billing.set_invoice",
    "update billable_items bi set invoice_ref = :r, invoice_url = nullif(:u, ''),"
    " invoice_status = :st, due_date = cast(nullif(:d, '') as date),"
    " paid_at = cast(nullif(:pd, '') as date)::timestamp at time zone 'UTC',"
    " cancelled_at = case when :st = 'CANCELLED' then coalesce(bi.cancelled_at, " SBT_TS(
        ":now") ") end, updated_at = " SBT_TS(":now") " where bi.id = cast(:id as uuid)"};
// The zone, currency and cycle of a client's subscription.
constexpr Sql kSubscriptionCycle{
    "billing.subscription_cycle",
    "select c.time_zone, c.currency, v.billing_cycle from subscriptions su"
    " join clients c on c.id = su.client_id"
    " join package_versions v on v.id = su.package_version_id"
    " where su.id = cast(:s as uuid) and su.client_id = cast(:c as uuid)"};
// The ticket lines of a period.
constexpr Sql kLines{
    "billing.lines",
    "select ticket_id::text, entry_count, raw_minutes, billed_minutes, overage_minutes,"
    " overage_cost_minor, non_billable_minutes from period_tickets"
    " where period_id = cast(:p as uuid) order by ticket_id"};
// The subscription of a client's ticket.
constexpr Sql kTicketSubscription{
    "billing.ticket_subscription",
    "select subscription_id::text from tickets"
    " where id = cast(:t as uuid) and client_id = cast(:c as uuid)"};

// ---------------------------------------------------------------------------
// Billable item rows
// ---------------------------------------------------------------------------

std::optional<absl::CivilDay> ParseDay(const std::string& s) {
  absl::CivilDay day;
  if (s.empty() || !absl::ParseCivilTime(s, &day)) return std::nullopt;
  return day;
}

// Four-digit years: PostgreSQL reads a shorter year differently
// ("12-01-13" is 2013-12-01).
std::string DayText(const std::optional<absl::CivilDay>& day) {
  return day ? domain::FormatDay(*day) : "";
}

struct ItemRow {
  std::string id, client_id, subscription_id, period_key, ticket_id;
  long long ticket_number = 0, overage_minutes = 0, rate_minor = 0, amount_minor = 0;
  std::string currency, description, action, ref, url, status, due, paid;
  long long created_us = 0, updated_us = 0;

  BillableItemRecord ToRecord() const {
    BillableItemRecord b;
    b.id = id;
    b.client_id = client_id;
    b.subscription_id = subscription_id;
    b.period_key = period_key;
    b.ticket_id = ticket_id;
    b.ticket_number = ticket_number;
    b.overage_minutes = overage_minutes;
    b.rate_minor = rate_minor;
    b.amount_minor = amount_minor;
    b.currency = currency;
    b.description = description;
    domain::ParseInvoiceAction(action, &b.invoice_action);
    if (!status.empty()) {
      const InvoiceStatus st = status == "PAID"        ? InvoiceStatus::kPaid
                               : status == "CANCELLED" ? InvoiceStatus::kCancelled
                                                       : InvoiceStatus::kUnpaid;
      b.invoice = InvoiceRecord{ref, url, st, ParseDay(due), ParseDay(paid)};
    }
    b.create_time = FromMicros(created_us);
    b.update_time = FromMicros(updated_us);
    return b;
  }
};

// Runs an item statement: `run(into elements...)`.
template <class Run>
auto WithItemInto(ItemRow& r, Run&& run) {
  return run(soci::into(r.id), soci::into(r.client_id), soci::into(r.subscription_id),
             soci::into(r.period_key), soci::into(r.ticket_id), soci::into(r.ticket_number),
             soci::into(r.overage_minutes), soci::into(r.rate_minor), soci::into(r.amount_minor),
             soci::into(r.currency), soci::into(r.description), soci::into(r.action),
             soci::into(r.ref), soci::into(r.url), soci::into(r.status), soci::into(r.due),
             soci::into(r.paid), soci::into(r.created_us), soci::into(r.updated_us));
}

std::optional<BillableItemRecord> SelectItem(soci::session& s, const std::string& client_id,
                                             const std::string& id, bool for_update) {
  ItemRow r;
  const bool found = WithItemInto(r, [&](auto&&... into) {
    return Exec(s, for_update ? kItemForUpdate : kItem, soci::use(id, "id"),
                soci::use(client_id, "c"), std::move(into)...);
  });
  if (!found) return std::nullopt;
  return r.ToRecord();
}

absl::string_view BadgeStatus(ItemBadge badge) {
  switch (badge) {
    case ItemBadge::kUnpaid:
      return "UNPAID";
    case ItemBadge::kPaid:
      return "PAID";
    case ItemBadge::kCancelled:
      return "CANCELLED";
    case ItemBadge::kBilled:
      return "BILLED";
    case ItemBadge::kAny:
      break;
  }
  return "";
}

std::vector<std::string> Ids(soci::session& s, const Sql& sql) {
  std::vector<std::string> out;
  std::string id;
  ForEach(s, sql, [&] { out.push_back(id); }, soci::into(id));
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Reads of the current period
// ---------------------------------------------------------------------------

absl::StatusOr<CurrentPeriod> BillingStore::GetCurrentPeriod(const std::string& client_id,
                                                             const std::string& subscription_id,
                                                             absl::Time at) {
  CurrentPeriod out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    std::string time_zone, currency, cycle_name;
    if (!Exec(s, kSubscriptionCycle, soci::use(subscription_id, "s"), soci::use(client_id, "c"),
              soci::into(time_zone), soci::into(currency), soci::into(cycle_name))) {
      return domain::NotFound(
          absl::StrCat("clients/", client_id, "/subscriptions/", subscription_id));
    }
    BillingCycle cycle = BillingCycle::kMonthly;
    domain::ParseBillingCycle(cycle_name, &cycle);
    absl::StatusOr<absl::TimeZone> tz = domain::LoadIanaTimeZone("time_zone", time_zone);
    if (!tz.ok()) {
      return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "The client's time zone could not be loaded.");
    }
    std::optional<absl::CivilMonth> month;
    if (cycle == BillingCycle::kMonthly) month = domain::MonthOf(at, *tz);
    absl::StatusOr<PeriodRecord> next = PeriodOrProspect(s, client_id, subscription_id, month);
    if (!next.ok()) return next.status();
    const bool exists = !next->id.empty();
    out = CurrentPeriod{std::move(*next), exists};
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::vector<domain::TicketTotals>> BillingStore::Lines(
    const std::string& period_id) {
  std::vector<domain::TicketTotals> out;
  if (period_id.empty()) return out;
  absl::Status st = db_.Run([&](soci::session& s) {
    std::string ticket;
    long long count = 0, raw = 0, billed = 0, overage = 0, cost = 0, non_billable = 0;
    ForEach(
        s, kLines,
        [&] {
          out.push_back(domain::TicketTotals{ticket, count, raw, billed, billed - overage, overage,
                                             non_billable});
        },
        soci::use(period_id, "p"), soci::into(ticket), soci::into(count), soci::into(raw),
        soci::into(billed), soci::into(overage), soci::into(cost), soci::into(non_billable));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<TicketFacts> BillingStore::GetTicketFacts(
    const std::string& client_id, const std::string& ticket_id,
    const std::optional<absl::CivilMonth>& month) {
  TicketFacts out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    if (!Exec(s, kTicketSubscription, soci::use(ticket_id, "t"), soci::use(client_id, "c"),
              soci::into(out.subscription_id))) {
      return domain::NotFound(absl::StrCat("clients/", client_id, "/tickets/", ticket_id));
    }
    out.overage = ReadOverageGrant(s, ticket_id, MonthDate(month));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

// ---------------------------------------------------------------------------
// Billable items
// ---------------------------------------------------------------------------

absl::StatusOr<BillableItemRecord> BillingStore::GetItem(const std::string& client_id,
                                                         const std::string& id) {
  std::optional<BillableItemRecord> item;
  absl::Status st = db_.Run([&](soci::session& s) {
    item = SelectItem(s, client_id, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!item) return domain::NotFound(absl::StrCat("clients/", client_id, "/billableItems/", id));
  return *item;
}

absl::StatusOr<Page<BillableItemRecord>> BillingStore::ListItems(const BillableItemFilter& f,
                                                                 const PageRequest& page) {
  Page<BillableItemRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    int found = 0;
    if (!f.client_id.empty() &&
        !Exec(s, kClientExists, soci::use(f.client_id, "c"), soci::into(found))) {
      return domain::NotFound(absl::StrCat("clients/", f.client_id));
    }
    const std::string badge(BadgeStatus(f.badge));
    const long long after_us = page.after ? page.after->created_us : 0;
    const std::string after_id = page.after ? page.after->id : "";
    const int fetch = page.limit + 1;
    ItemRow r;
    WithItemInto(r, [&](auto&&... into) {
      ForEach(
          s, kListItems, [&] { out.items.push_back(r.ToRecord()); }, soci::use(f.client_id, "c"),
          soci::use(f.subscription_id, "sub"), soci::use(f.period_key, "pk"),
          soci::use(f.ticket_id, "t"), soci::use(badge, "b"), soci::use(after_id, "after_id"),
          soci::use(after_us, "after_us"), soci::use(fetch, "fetch"), std::move(into)...);
      return 0;
    });
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{ToMicros(out.items.back().create_time), out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::optional<BillableItemRecord>> BillingStore::FindItem(
    Tx& tx, const std::string& client_id, const std::string& id, bool for_update) {
  return SelectItem(SessionOf(tx), client_id, id, for_update);
}

absl::Status BillingStore::SetInvoice(Tx& tx, const std::string& id, const InvoiceRecord& inv,
                                      absl::Time now) {
  const std::string status(domain::InvoiceStatusName(inv.status));
  const std::string due = DayText(inv.due_date), paid = DayText(inv.paid_date);
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetInvoice, soci::use(inv.reference, "r"), soci::use(inv.url, "u"),
       soci::use(status, "st"), soci::use(due, "d"), soci::use(paid, "pd"),
       soci::use(now_us, "now"), soci::use(id, "id"));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Closing (R10)
// ---------------------------------------------------------------------------

absl::StatusOr<std::vector<std::string>> BillingStore::DuePeriods(Tx& tx, absl::Time as_of) {
  std::vector<std::string> out;
  std::string id;
  const long long as_of_us = ToMicros(as_of);
  ForEach(
      SessionOf(tx), kDuePeriods, [&] { out.push_back(id); }, soci::use(as_of_us, "as_of"),
      soci::into(id));
  return out;
}

absl::StatusOr<std::vector<std::string>> BillingStore::UsedUpBuckets(Tx& tx) {
  return Ids(SessionOf(tx), kUsedUpBuckets);
}

absl::StatusOr<std::optional<domain::PeriodToClose>> BillingStore::LockPeriodToClose(
    Tx& tx, const std::string& id) {
  soci::session& s = SessionOf(tx);
  std::optional<PeriodRecord> p = SelectPeriodById(s, id, /*for_update=*/true);
  if (!p || p->state == PeriodState::kClosed || !p->month) return std::nullopt;
  domain::PeriodToClose out;
  out.id = p->id;
  out.client_id = p->client_id;
  out.subscription_id = p->subscription_id;
  out.key = p->key;
  out.month = *p->month;
  out.pool_terms = PoolTermsOf(*p);
  out.hourly_rate = domain::Money{RateOf(*p), p->terms.prices.empty() ? "" : p->terms.prices[0].currency};
  out.item_name = p->terms.item_name;
  out.invoice_action = p->terms.invoice_action;
  out.used_minutes = p->used_minutes;
  out.overage_minutes = p->overage_minutes;
  out.overage_cost_minor = p->overage_cost_minor;
  // The billed tickets' rows, locked after the period (the writers' order):
  // a ticket is not reopened while its item is being created.
  std::string ticket;
  long long number = 0, overage = 0, cost = 0;
  ForEach(
      s, kLockBilledTickets,
      [&] {
        out.ticket_numbers[ticket] = number;
        out.stored_lines[ticket] = domain::StoredTicketLine{overage, cost};
      },
      soci::use(id, "p"), soci::into(ticket), soci::into(number), soci::into(overage),
      soci::into(cost));
  out.entries = LiveEntries(s, id, nullptr);
  return out;
}

absl::StatusOr<std::optional<std::string>> BillingStore::InsertBillableItem(
    Tx& tx, const usecases::NewBillableItem& item, absl::Time now) {
  const long long minutes = item.overage_minutes, amount = item.amount.minor;
  const long long now_us = ToMicros(now);
  const std::string action(domain::InvoiceActionName(item.invoice_action));
  std::string item_id;
  if (!Exec(SessionOf(tx), kInsertItem, soci::use(item.period_id, "p"),
            soci::use(item.ticket_id, "t"), soci::use(item.subscription_id, "s"),
            soci::use(item.client_id, "c"), soci::use(minutes, "m"), soci::use(amount, "a"),
            soci::use(item.amount.currency, "cur"), soci::use(item.description, "d"),
            soci::use(action, "act"), soci::use(now_us, "now"), soci::into(item_id))) {
    return std::nullopt;
  }
  return item_id;
}

absl::Status BillingStore::MarkPeriodClosed(Tx& tx, const std::string& period_id,
                                            absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kClosePeriod, soci::use(now_us, "now"), soci::use(period_id, "p"));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<usecases::UsedUpBucket>> BillingStore::LockUsedUpBucket(
    Tx& tx, const std::string& period_id) {
  soci::session& s = SessionOf(tx);
  std::optional<PeriodRecord> p = SelectPeriodById(s, period_id, /*for_update=*/true);
  if (!p || p->terms.included_minutes <= 0 || p->used_minutes < p->terms.included_minutes) {
    return std::nullopt;
  }
  std::string state;
  Exec(s, kLockSubscriptionState, soci::use(p->subscription_id, "s"), soci::into(state));
  if (state != "ACTIVE") return std::nullopt;
  return usecases::UsedUpBucket{p->client_id, p->subscription_id, p->used_minutes,
                                p->terms.included_minutes};
}

absl::Status BillingStore::MarkSubscriptionDepleted(Tx& tx, const std::string& subscription_id,
                                                    absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kDepleteSubscription, soci::use(now_us, "now"),
       soci::use(subscription_id, "s"));
  return absl::OkStatus();
}

absl::Status BillingStore::LockWatermark(Tx& tx) {
  Exec(SessionOf(tx), kLockWatermark);
  return absl::OkStatus();
}

absl::Status BillingStore::RecordRun(Tx& tx, const domain::CloseSummary& c,
                                     const std::string& actor_display_name, absl::Time now) {
  const long long as_of_us = ToMicros(c.as_of), now_us = ToMicros(now);
  Exec(SessionOf(tx), kRecordRun, soci::use(as_of_us, "as_of"),
       soci::use(c.periods_closed, "p"), soci::use(c.billable_items_created, "i"),
       soci::use(c.subscriptions_depleted, "d"), soci::use(c.missed_payments_recorded, "m"),
       soci::use(actor_display_name, "a"), soci::use(now_us, "now"));
  return absl::OkStatus();
}

absl::Status BillingStore::RunSerialized(const std::string& key,
                                         const std::function<absl::Status()>& body) {
  absl::Status result;
  absl::Status st = db_.Run([&](soci::session& lock) -> absl::Status {
    Exec(lock, kRequestLock, soci::use(key, "k"));
    result = body();
    Exec(lock, kRequestUnlock, soci::use(key, "k"));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return result;
}

absl::Status BillingStore::Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                                 const usecases::AuditRecord& e) {
  AppendAudit(SessionOf(tx), who, request_id,
              {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
  return absl::OkStatus();
}

}  // namespace supportbytime::storage
