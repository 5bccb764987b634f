#include "server/storage/billing_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"
#include "server/domain/money.h"
#include "server/storage/overage_approvals.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/overage_approvals.h"
#include "server/storage/rows.h"
#include "server/storage/terms_in_force.h"
#include "server/storage/terms_sql.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

using domain::BillingCycle;
using domain::InvoiceStatus;
using domain::PeriodState;

std::string SubscriptionRef(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/subscriptions/", id);
}
std::string ItemRef(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/billableItems/", id);
}

// ---------------------------------------------------------------------------
// The current period
// ---------------------------------------------------------------------------


// ---------------------------------------------------------------------------
// Closing one period (R10)
// ---------------------------------------------------------------------------

absl::Status Disagreement(const std::string& period, absl::string_view what) {
  return domain::Error(
      absl::StatusCode::kInternal, domain::kReasonInternal,
      absl::StrCat(period, " was not closed: its running totals disagree with its entries (", what,
                   "). Nothing was billed for it; its figures need checking."),
      {{"period", period}});
}

struct StoredLine {
  int64_t overage_minutes = 0;
  int64_t cost_minor = 0;
};

// Closes period `id` if it is still OPEN, inside the caller's transaction.
// Returns the number of items created, or -1 when another run closed it
// first. The bill is computed again from the live entries and must equal
// the running totals to the minute and the cent: a wrong bill is worse than
// none.
absl::StatusOr<int> ClosePeriod(soci::session& s, const auth::Actor& actor,
                                const std::string& request_id, const std::string& id) {
  std::optional<PeriodRecord> p = SelectPeriodById(s, id, /*for_update=*/true);
  if (!p || p->state == PeriodState::kClosed || !p->month) return -1;
  const std::string name = PeriodRef(p->client_id, p->subscription_id, p->key);

  // The billed tickets' rows, locked after the period (the writers' order):
  // a ticket is not reopened while its item is being created.
  absl::flat_hash_map<std::string, int64_t> numbers;
  absl::flat_hash_map<std::string, StoredLine> stored;
  {
    soci::rowset<soci::row> rows =
        (s.prepare << "select t.id::text, t.number, pt.overage_minutes, pt.overage_cost_minor"
                      " from period_tickets pt join tickets t on t.id = pt.ticket_id"
                      " where pt.period_id = cast(:p as uuid)"
                      " order by t.id for update of t",
         soci::use(id));
    for (const soci::row& r : rows) {
      numbers[r.get<std::string>(0)] = r.get<long long>(1);
      stored[r.get<std::string>(0)] = StoredLine{r.get<int>(2), r.get<long long>(3)};
    }
  }
  absl::StatusOr<domain::PoolAllocation> allocation =
      domain::Allocate(PoolTermsOf(*p), LiveEntries(s, id, nullptr));
  if (!allocation.ok()) return Disagreement(name, allocation.status().message());
  const std::string currency = p->terms.prices.empty() ? "" : p->terms.prices[0].currency;
  const domain::Money rate{RateOf(*p), currency};
  absl::StatusOr<domain::PeriodBill> bill =
      domain::BillPeriod(*allocation, numbers, p->terms.item_name, *p->month, rate);
  if (!bill.ok()) return Disagreement(name, bill.status().message());

  if (allocation->used_minutes != p->used_minutes ||
      allocation->overage_minutes != p->overage_minutes ||
      bill->total.minor != p->overage_cost_minor) {
    return Disagreement(
        name, absl::StrCat("used ", p->used_minutes, " vs ", allocation->used_minutes, " minutes"));
  }
  int64_t stored_with_overage = 0;
  for (const auto& [ticket, line] : stored) stored_with_overage += line.overage_minutes > 0;
  if (stored_with_overage != static_cast<int64_t>(bill->lines.size())) {
    return Disagreement(name, "tickets with overage");
  }
  for (const domain::BillableLine& line : bill->lines) {
    const StoredLine& st = stored[line.ticket_id];
    if (st.overage_minutes != line.overage_minutes || st.cost_minor != line.amount.minor) {
      return Disagreement(name, absl::StrCat("ticket #", line.ticket_number));
    }
  }

  const std::string action(domain::InvoiceActionName(p->terms.invoice_action));
  int created = 0;
  std::vector<std::string> item_names;
  for (const domain::BillableLine& line : bill->lines) {
    const long long minutes = line.overage_minutes, amount = line.amount.minor;
    std::string item_id;
    soci::indicator ind = soci::i_ok;
    s << "insert into billable_items (period_id, ticket_id, subscription_id, client_id,"
         " overage_minutes, amount_minor, currency, description, invoice_action)"
         " values (cast(:p as uuid), cast(:t as uuid), cast(:s as uuid), cast(:c as uuid),"
         " :m, :a, :cur, :d, :act)"
         " on conflict on constraint billable_items_once_per_period_and_ticket do nothing"
         " returning id::text",
        soci::use(id, "p"), soci::use(line.ticket_id, "t"), soci::use(p->subscription_id, "s"),
        soci::use(p->client_id, "c"), soci::use(minutes, "m"), soci::use(amount, "a"),
        soci::use(currency, "cur"), soci::use(line.description, "d"), soci::use(action, "act"),
        soci::into(item_id, ind);
    if (!s.got_data()) continue;
    ++created;
    const std::string item = ItemRef(p->client_id, item_id);
    item_names.push_back(absl::StrCat("\"", item, "\""));
    AppendAudit(s, actor, request_id,
                {"BillTicket", absl::StrCat("clients/", p->client_id, "/tickets/", line.ticket_id),
                 p->client_id, line.ticket_id,
                 util::JsonObject()
                     .Add("period", name)
                     .Add("billable_item", item)
                     .Add("overage_minutes", line.overage_minutes)
                     .Add("amount_minor", line.amount.minor)
                     .Add("currency", currency)
                     .Add("description", line.description)
                     .str()});
  }
  s << "update periods set state = 'CLOSED', closed_at = now(), updated_at = now()"
       " where id = cast(:p as uuid)",
      soci::use(id);
  AppendAudit(s, actor, request_id,
              {"ClosePeriod", name, p->client_id, "",
               util::JsonObject()
                   .Add("included_minutes", static_cast<int64_t>(p->terms.included_minutes))
                   .Add("used_minutes", p->used_minutes)
                   .Add("overage_minutes", p->overage_minutes)
                   .Add("overage_cost_minor", p->overage_cost_minor)
                   .Add("currency", currency)
                   .AddRaw("billable_items", absl::StrCat("[", absl::StrJoin(item_names, ","), "]"))
                   .str()});
  return created;
}

// R7/R10: a used-up ONE_TIME subscription still ACTIVE becomes DEPLETED.
// Entries normally do this themselves; this catches what they could not
// (e.g. a package change that shrank the bucket). Returns whether it did.
bool DepleteIfUsedUp(soci::session& s, const auth::Actor& actor, const std::string& request_id,
                     const std::string& period_id) {
  std::optional<PeriodRecord> p = SelectPeriodById(s, period_id, /*for_update=*/true);
  if (!p || p->terms.included_minutes <= 0 || p->used_minutes < p->terms.included_minutes) {
    return false;
  }
  std::string state;
  s << "select state from subscriptions where id = cast(:s as uuid) for update",
      soci::use(p->subscription_id), soci::into(state);
  if (state != "ACTIVE") return false;
  s << "update subscriptions set state = 'DEPLETED', updated_at = now()"
       " where id = cast(:s as uuid)",
      soci::use(p->subscription_id);
  AppendAudit(
      s, actor, request_id,
      {"DepleteSubscription", SubscriptionRef(p->client_id, p->subscription_id), p->client_id, "",
       util::JsonObject()
           .Add("from", "ACTIVE")
           .Add("to", "DEPLETED")
           .Add("used_minutes", p->used_minutes)
           .Add("included_minutes", static_cast<int64_t>(p->terms.included_minutes))
           .str()});
  return true;
}

// Candidates of a run, read before any is locked; each is checked again
// under its lock.
std::vector<std::string> DuePeriods(soci::session& s, long long as_of_us) {
  std::vector<std::string> out;
  soci::rowset<std::string> rows =
      (s.prepare << "select id::text from periods where state = 'OPEN'"
                    " and billing_cycle = 'MONTHLY' and ends_at <= " SBT_TS(
                        ":as_of") " order by ends_at, id",
       soci::use(as_of_us, "as_of"));
  for (const std::string& id : rows) out.push_back(id);
  return out;
}

std::vector<std::string> UsedUpBuckets(soci::session& s) {
  std::vector<std::string> out;
  soci::rowset<std::string> rows =
      (s.prepare << "select pe.id::text from periods pe"
                    " join subscriptions su on su.id = pe.subscription_id"
                    " where pe.billing_cycle = 'ONE_TIME' and su.state = 'ACTIVE'"
                    " and pe.included_minutes > 0 and pe.used_minutes >= pe.included_minutes"
                    " order by pe.id");
  for (const std::string& id : rows) out.push_back(id);
  return out;
}

// ---------------------------------------------------------------------------
// Billable items
// ---------------------------------------------------------------------------

std::string ItemColumns() {
  return absl::StrCat(
      "bi.id::text, bi.client_id::text, bi.subscription_id::text, to_char(pe.month, 'YYYY-MM'),"
      " bi.ticket_id::text, t.number, bi.overage_minutes, pe.overage_hourly_rate_minor,"
      " bi.amount_minor, bi.currency, bi.description, bi.invoice_action,"
      " coalesce(bi.invoice_ref, ''), coalesce(bi.invoice_url, ''),"
      " coalesce(bi.invoice_status, ''), coalesce(to_char(bi.due_date, 'YYYY-MM-DD'), ''),"
      " coalesce(to_char((bi.paid_at at time zone 'UTC')::date, 'YYYY-MM-DD'), ''), ",
      SBT_EPOCH_US("bi.created_at"), ", ", SBT_EPOCH_US("bi.updated_at"));
}

constexpr const char* kItemFrom =
    " from billable_items bi join periods pe on pe.id = bi.period_id"
    " join tickets t on t.id = bi.ticket_id join clients c on c.id = bi.client_id";

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

BillableItemRecord ItemFromRow(const soci::row& r) {
  BillableItemRecord b;
  b.id = r.get<std::string>(0);
  b.client_id = r.get<std::string>(1);
  b.subscription_id = r.get<std::string>(2);
  b.period_key = r.get<std::string>(3);
  b.ticket_id = r.get<std::string>(4);
  b.ticket_number = r.get<long long>(5);
  b.overage_minutes = r.get<int>(6);
  b.rate_minor = r.get<long long>(7);
  b.amount_minor = r.get<long long>(8);
  b.currency = r.get<std::string>(9);
  b.description = r.get<std::string>(10);
  domain::ParseInvoiceAction(r.get<std::string>(11), &b.invoice_action);
  const std::string status = r.get<std::string>(14);
  if (!status.empty()) {
    InvoiceRecord inv;
    inv.reference = r.get<std::string>(12);
    inv.url = r.get<std::string>(13);
    inv.status = status == "PAID"        ? InvoiceStatus::kPaid
                 : status == "CANCELLED" ? InvoiceStatus::kCancelled
                                         : InvoiceStatus::kUnpaid;
    inv.due_date = ParseDay(r.get<std::string>(15));
    inv.paid_date = ParseDay(r.get<std::string>(16));
    b.invoice = inv;
  }
  b.create_time = FromMicros(r.get<long long>(17));
  b.update_time = FromMicros(r.get<long long>(18));
  return b;
}

std::optional<BillableItemRecord> SelectItem(soci::session& s, const std::string& client_id,
                                             const std::string& id, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", ItemColumns(), kItemFrom,
                    " where bi.id = cast(:id as uuid) and bi.client_id = cast(:c as uuid)",
                    for_update ? " for update of bi" : ""),
      soci::use(id, "id"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return ItemFromRow(r);
}

absl::string_view InvoiceStatusName(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kPaid:
      return "PAID";
    case InvoiceStatus::kCancelled:
      return "CANCELLED";
    case InvoiceStatus::kUnpaid:
      break;
  }
  return "UNPAID";
}

std::string InvoiceJson(const std::optional<InvoiceRecord>& inv) {
  if (!inv) return "null";
  return util::JsonObject()
      .Add("reference", inv->reference)
      .Add("url", inv->url)
      .Add("status", InvoiceStatusName(inv->status))
      .Add("due_date", DayText(inv->due_date))
      .Add("paid_date", DayText(inv->paid_date))
      .str();
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

}  // namespace

absl::StatusOr<CurrentPeriod> BillingStore::GetCurrentPeriod(const std::string& client_id,
                                                             const std::string& subscription_id,
                                                             absl::Time at) {
  CurrentPeriod out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    std::string time_zone, currency, cycle_name;
    s << "select c.time_zone, c.currency, v.billing_cycle from subscriptions su"
         " join clients c on c.id = su.client_id"
         " join package_versions v on v.id = su.package_version_id"
         " where su.id = cast(:s as uuid) and su.client_id = cast(:c as uuid)",
        soci::use(subscription_id, "s"), soci::use(client_id, "c"), soci::into(time_zone),
        soci::into(currency), soci::into(cycle_name);
    if (!s.got_data()) return domain::NotFound(SubscriptionRef(client_id, subscription_id));
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

absl::StatusOr<std::vector<TicketLine>> BillingStore::Lines(const std::string& period_id) {
  std::vector<TicketLine> out;
  if (period_id.empty()) return out;
  absl::Status st = db_.Run([&](soci::session& s) {
    soci::rowset<soci::row> rows =
        (s.prepare << "select ticket_id::text, entry_count, raw_minutes, billed_minutes,"
                      " overage_minutes, overage_cost_minor, non_billable_minutes"
                      " from period_tickets where period_id = cast(:p as uuid) order by ticket_id",
         soci::use(period_id));
    for (const soci::row& r : rows) {
      out.push_back(TicketLine{r.get<std::string>(0), r.get<int>(1), r.get<int>(2), r.get<int>(3),
                               r.get<int>(4), r.get<long long>(5), r.get<int>(6)});
    }
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
    s << "select subscription_id::text from tickets"
         " where id = cast(:t as uuid) and client_id = cast(:c as uuid)",
        soci::use(ticket_id, "t"), soci::use(client_id, "c"), soci::into(out.subscription_id);
    if (!s.got_data()) {
      return domain::NotFound(absl::StrCat("clients/", client_id, "/tickets/", ticket_id));
    }
    out.overage = ReadOverageGrant(s, ticket_id, MonthDate(month));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> BillingStore::ClosePeriods(const auth::Actor& actor,
                                                       const IdempotencyKey& key, absl::Time as_of,
                                                       CreditStore& credit,
                                                       const Encoder<CloseSummary>& encode) {
  // The request_id is claimed before any work, so that a different request
  // with it changes nothing; a retry of a completed run answers as the first
  // one did, without closing what became due since.
  absl::StatusOr<std::optional<std::string>> stored = ClaimForRun(db_, key);
  if (!stored.ok()) return stored.status();
  if (*stored) return **stored;
  if (key.request_id.empty()) return RunClose(actor, key, as_of, credit, encode);

  // Duplicates of one request run one after the other (a session lock, so a
  // crashed run releases it with its connection): the later one then replays
  // the first one's answer, which counts everything the request did.
  absl::StatusOr<std::string> answer;
  absl::Status st = db_.Run([&](soci::session& lock) -> absl::Status {
    const std::string lock_key = absl::StrCat(key.principal, "/", key.request_id);
    lock << "select pg_advisory_lock(hashtext(:k))", soci::use(lock_key);
    absl::StatusOr<std::optional<std::string>> again = ClaimForRun(db_, key);
    if (!again.ok()) {
      answer = again.status();
    } else if (*again) {
      answer = **again;
    } else {
      answer = RunClose(actor, key, as_of, credit, encode);
    }
    lock << "select pg_advisory_unlock(hashtext(:k))", soci::use(lock_key);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return answer;
}

absl::StatusOr<std::string> BillingStore::RunClose(const auth::Actor& actor,
                                                   const IdempotencyKey& key, absl::Time as_of,
                                                   CreditStore& credit,
                                                   const Encoder<CloseSummary>& encode) {
  CloseSummary summary;
  summary.as_of = as_of;
  const long long as_of_us = ToMicros(as_of);
  std::vector<std::string> due, buckets;
  absl::Status st = db_.Run([&](soci::session& s) {
    due = DuePeriods(s, as_of_us);
    buckets = UsedUpBuckets(s);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;

  // One transaction per period: a failure leaves the others closed and is
  // reported after the rest of the run.
  absl::Status first_failure;
  int failures = 0;
  absl::flat_hash_set<std::string> failed;
  auto fail = [&](const absl::Status& st) {
    if (failures++ == 0) first_failure = st;
  };
  for (const std::string& id : due) {
    int created = -1;
    absl::Status one = db_.InTransaction([&](soci::session& s) -> absl::Status {
      absl::StatusOr<int> r = ClosePeriod(s, actor, key.request_id, id);
      if (!r.ok()) return r.status();
      created = *r;
      return absl::OkStatus();
    });
    if (!one.ok()) {
      fail(one);
      failed.insert(id);
      continue;
    }
    if (created >= 0) {
      ++summary.periods_closed;
      summary.billable_items_created += created;
    }
  }
  for (const std::string& id : buckets) {
    bool depleted = false;
    absl::Status one = db_.InTransaction([&](soci::session& s) {
      depleted = DepleteIfUsedUp(s, actor, key.request_id, id);
      return absl::OkStatus();
    });
    if (!one.ok()) {
      fail(one);
      continue;
    }
    summary.subscriptions_depleted += depleted;
  }
  absl::StatusOr<int> missed = credit.RecordOverdueInvoices(actor, as_of);
  if (missed.ok()) {
    summary.missed_payments_recorded = *missed;
  } else {
    fail(missed.status());
  }

  // The watermark: under the exclusive lock that creators of periods of
  // ended months share (EnsurePeriod), close what they created since the
  // list above, then record the run. Its as_of then covers every month that
  // ended by it, also for subscriptions that had no period yet. A failed
  // period stays OPEN and is retried by the next run; the watermark is
  // written anyway, so one bad period does not reopen every passed month.
  auto watermark = [&](soci::session& s) -> absl::Status {
    s << "select pg_advisory_xact_lock(hashtext('periods.watermark'))";
    for (const std::string& id : DuePeriods(s, as_of_us)) {
      if (failed.contains(id)) continue;
      absl::StatusOr<int> r = ClosePeriod(s, actor, key.request_id, id);
      if (!r.ok()) {
        // Refused before writing anything (its bill disagrees): skip it.
        fail(r.status());
        failed.insert(id);
        continue;
      }
      if (*r >= 0) {
        ++summary.periods_closed;
        summary.billable_items_created += *r;
      }
    }
    const int closed = summary.periods_closed, items = summary.billable_items_created,
              depleted = summary.subscriptions_depleted,
              missed_payments = summary.missed_payments_recorded;
    s << "insert into close_runs (as_of, periods_closed, billable_items_created,"
         " subscriptions_depleted, missed_payments_recorded, actor_display_name)"
         " values (" SBT_TS(":as_of") ", :p, :i, :d, :m, :a)",
        soci::use(as_of_us, "as_of"), soci::use(closed, "p"), soci::use(items, "i"),
        soci::use(depleted, "d"), soci::use(missed_payments, "m"),
        soci::use(actor.display_name, "a");
    return absl::OkStatus();
  };
  auto failed_run = [&] {
    return domain::Error(first_failure.code(), domain::DetailOf(first_failure).reason,
                         absl::StrCat(failures, " step(s) of the run failed (", due.size(),
                                      " period(s) were due; the others were closed); the first: ",
                                      first_failure.message()));
  };
  if (failures > 0) {
    // Not a complete run: no answer is stored under the request_id.
    if (absl::Status st = db_.InTransaction(watermark); !st.ok()) return st;
    return failed_run();
  }
  const CloseSummary before = summary;
  std::string answer;
  absl::Status done = db_.InTransaction([&](soci::session& s) -> absl::Status {
    summary = before;  // a retried transaction counts afresh
    if (absl::Status st = watermark(s); !st.ok()) return st;
    if (failures > 0) return failed_run();
    answer = CompleteRun(s, key, encode(summary));
    return absl::OkStatus();
  });
  if (!done.ok()) return done;
  return answer;
}

absl::StatusOr<BillableItemRecord> BillingStore::GetItem(const std::string& client_id,
                                                         const std::string& id) {
  std::optional<BillableItemRecord> item;
  absl::Status st = db_.Run([&](soci::session& s) {
    item = SelectItem(s, client_id, id, false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!item) return domain::NotFound(ItemRef(client_id, id));
  return *item;
}

absl::StatusOr<Page<BillableItemRecord>> BillingStore::ListItems(const BillableItemFilter& f,
                                                                 const PageRequest& page) {
  Page<BillableItemRecord> out;
  absl::Status st = db_.Run([&](soci::session& s) -> absl::Status {
    if (!f.client_id.empty()) {
      int found = 0;
      s << "select 1 from clients where id = cast(:c as uuid)", soci::use(f.client_id),
          soci::into(found);
      if (!s.got_data()) return domain::NotFound(absl::StrCat("clients/", f.client_id));
    }
    const std::string badge(BadgeStatus(f.badge));
    const long long after_us = page.after ? page.after->created_us : 0;
    const std::string after_id = page.after ? page.after->id : "";
    const int fetch = page.limit + 1;
    const std::string sql = absl::StrCat(
        "select ", ItemColumns(), kItemFrom, " where",
        " (:c = '' or bi.client_id = cast(nullif(:c, '') as uuid))",
        " and (:sub = '' or bi.subscription_id = cast(nullif(:sub, '') as uuid))",
        " and (:pk = '' or pe.month = cast(nullif(:pk || '-01', '-01') as date))",
        " and (:t = '' or bi.ticket_id = cast(nullif(:t, '') as uuid))",
        " and (:b = '' or (:b = 'BILLED' and bi.invoice_ref is null) or bi.invoice_status = :b)",
        " and (:after_id = '' or (bi.created_at, bi.id) < (", SBT_TS(":after_us"),
        ", cast(nullif(:after_id, '') as uuid)))",
        " order by bi.created_at desc, bi.id desc limit :fetch");
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(f.client_id, "c"), soci::use(f.subscription_id, "sub"),
         soci::use(f.period_key, "pk"), soci::use(f.ticket_id, "t"), soci::use(badge, "b"),
         soci::use(after_id, "after_id"), soci::use(after_us, "after_us"),
         soci::use(fetch, "fetch"));
    for (const soci::row& r : rows) out.items.push_back(ItemFromRow(r));
    if (static_cast<int>(out.items.size()) > page.limit) {
      out.items.resize(page.limit);
      out.next = PageCursor{ToMicros(out.items.back().create_time), out.items.back().id};
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::string> BillingStore::UpdateInvoice(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const InvoiceMerge& merge, const Encoder<BillableItemRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<BillableItemRecord> before = SelectItem(s, client_id, id, /*for_update=*/true);
    if (!before) return domain::NotFound(ItemRef(client_id, id));
    absl::StatusOr<InvoiceRecord> inv = merge(*before);
    if (!inv.ok()) return inv.status();
    const std::string status(InvoiceStatusName(inv->status));
    const std::string due = DayText(inv->due_date), paid = DayText(inv->paid_date);
    // The paid date is stored as 00:00 UTC of that day, so it reads back as
    // the same date whatever the client's zone is or becomes.
    s << "update billable_items bi set invoice_ref = :r, invoice_url = nullif(:u, ''),"
         " invoice_status = :st, due_date = cast(nullif(:d, '') as date),"
         " paid_at = cast(nullif(:pd, '') as date)::timestamp at time zone 'UTC',"
         " cancelled_at = case when :st = 'CANCELLED' then coalesce(bi.cancelled_at, now()) end,"
         " updated_at = now() from clients c"
         " where c.id = bi.client_id and bi.id = cast(:id as uuid)",
        soci::use(inv->reference, "r"), soci::use(inv->url, "u"), soci::use(status, "st"),
        soci::use(due, "d"), soci::use(paid, "pd"), soci::use(id, "id");
    std::optional<BillableItemRecord> after = SelectItem(s, client_id, id, false);
    AppendAudit(s, actor, key.request_id,
                {"UpdateBillableItem", ItemRef(client_id, id), client_id, before->ticket_id,
                 util::JsonObject()
                     .AddRaw("before", InvoiceJson(before->invoice))
                     .AddRaw("after", InvoiceJson(after->invoice))
                     .str()});
    return encode(*after);
  });
}

}  // namespace supportbytime::storage
