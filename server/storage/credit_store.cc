#include "server/storage/credit_store.h"

#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/client_rows.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

using usecases::CreditEvent;
using usecases::Tx;

// The subscriptions of a client with the price of their package's current
// version in the client's currency (null when not priced).
constexpr Sql kSubscriptionPrices{
    "credit.subscription_prices",
    "select s.id::text, s.state, pr.period_price_minor from subscriptions s"
    " join clients c on c.id = s.client_id join packages p on p.id = s.package_id"
    " join package_versions v on v.package_id = p.id and v.version = p.current_version"
    " left join package_version_prices pr on pr.package_version_id = v.id"
    " and pr.currency = c.currency"
    " where s.client_id = cast(:c as uuid) order by s.created_at, s.id"};
// A client's invoiced items. The invoice writer stores a paid date as 00:00
// UTC of that day; a cancellation is an instant, whose day is the client's.
constexpr Sql kInvoicedItems{
    "credit.invoiced_items",
    "select bi.id::text, bi.invoice_ref, bi.invoice_status,"
    " coalesce(to_char(bi.due_date, 'YYYY-MM-DD'), ''),"
    " coalesce(to_char((bi.paid_at at time zone 'UTC')::date, 'YYYY-MM-DD'), ''),"
    " coalesce(to_char((bi.cancelled_at at time zone c.time_zone)::date, 'YYYY-MM-DD'), '')"
    " from billable_items bi join clients c on c.id = bi.client_id"
    " where bi.client_id = cast(:c as uuid) and bi.due_date is not null"
    " order by bi.due_date, bi.created_at, bi.id"};
// A client's recorded missed payments.
constexpr Sql kMissedPayments{
    "credit.missed_payments",
    "select invoice_ref, coalesce(to_char(due_date, 'YYYY-MM-DD'), '')"
    " from client_credit_events where client_id = cast(:c as uuid)"
    " and kind = 'MISSED_PAYMENT' order by due_date, created_at, id"};
// Sets a client's goodwill credit.
constexpr Sql kSetCredit{"credit.set_credit",
                         "update clients set goodwill_credit_minor = :credit, updated_at = " SBT_TS(
                             ":now") " where id = cast(:c as uuid)"};
// An ADJUSTMENT event of the credit.
constexpr Sql kInsertAdjustment{
    "credit.insert_adjustment",
    "insert into client_credit_events (client_id, kind, currency, credit_before_minor,"
    " credit_after_minor, note, created_at)"
    " values (cast(:c as uuid), 'ADJUSTMENT', :cur, :before, :after, :note, " SBT_TS(":now") ")"};
// A MISSED_PAYMENT event, once per (client, invoice).
constexpr Sql kInsertMissedPayment{
    "credit.insert_missed_payment",
    "insert into client_credit_events (client_id, kind, invoice_ref, due_date, currency,"
    " credit_before_minor, credit_after_minor, note, created_at)"
    " values (cast(:c as uuid), 'MISSED_PAYMENT', :ref, cast(:due as date), :cur, :before,"
    " :after, :note, " SBT_TS(":now") ")"
    " on conflict (client_id, invoice_ref) where kind = 'MISSED_PAYMENT' do nothing"
    " returning id::text"};
// Invoices UNPAID past their due date in the client's zone without a missed payment.
constexpr Sql kOverdueInvoices{
    "credit.overdue_invoices",
    "select distinct bi.client_id::text, bi.invoice_ref"
    " from billable_items bi join clients c on c.id = bi.client_id"
    " where bi.invoice_status = 'UNPAID'"
    " and bi.due_date < (" SBT_TS(":as_of") " at time zone c.time_zone)::date"
    " and not exists (select 1 from client_credit_events e"
    " where e.client_id = bi.client_id and e.kind = 'MISSED_PAYMENT'"
    " and e.invoice_ref = bi.invoice_ref)"
    " order by 1, 2"};
// The earliest due date of an invoice's items still UNPAID past due.
constexpr Sql kEarliestOverdue{
    "credit.earliest_overdue",
    "select coalesce(to_char(min(bi.due_date), 'YYYY-MM-DD'), '') from billable_items bi"
    " join clients c on c.id = bi.client_id"
    " where bi.client_id = cast(:c as uuid) and bi.invoice_ref = :ref"
    " and bi.invoice_status = 'UNPAID'"
    " and bi.due_date < (" SBT_TS(":as_of") " at time zone c.time_zone)::date"};

std::optional<absl::CivilDay> Day(const std::string& text) {
  absl::CivilDay d;
  if (text.empty() || !absl::ParseCivilTime(text, &d)) return std::nullopt;
  return d;
}

domain::InvoiceStatus StatusOf(const std::string& status) {
  return status == "PAID"        ? domain::InvoiceStatus::kPaid
         : status == "CANCELLED" ? domain::InvoiceStatus::kCancelled
                                 : domain::InvoiceStatus::kUnpaid;
}

void ReadSubscriptions(soci::session& s, const std::string& client_id, EligibilityFacts& out) {
  std::string id, state;
  long long price = 0;
  soci::indicator price_ind = soci::i_ok;
  ForEach(
      s, kSubscriptionPrices,
      [&] {
        SubscriptionPriceFact f;
        f.id = id;
        domain::ParseSubscriptionStatus(state, &f.status);
        if (price_ind != soci::i_null) f.period_price_minor = price;
        out.subscriptions.push_back(std::move(f));
      },
      soci::use(client_id, "c"), soci::into(id), soci::into(state), soci::into(price, price_ind));
}

void ReadInvoicedItems(soci::session& s, const std::string& client_id, EligibilityFacts& out) {
  std::string id, ref, status, due, paid, cancelled;
  ForEach(
      s, kInvoicedItems,
      [&] {
        out.invoiced_items.push_back(
            InvoicedItemFact{id, ref, StatusOf(status), Day(due), Day(paid), Day(cancelled)});
      },
      soci::use(client_id, "c"), soci::into(id), soci::into(ref), soci::into(status),
      soci::into(due), soci::into(paid), soci::into(cancelled));
}

void ReadMissedPayments(soci::session& s, const std::string& client_id, EligibilityFacts& out) {
  std::string ref, due;
  ForEach(
      s, kMissedPayments,
      [&] {
        if (std::optional<absl::CivilDay> d = Day(due)) out.missed_payments.push_back({ref, *d});
      },
      soci::use(client_id, "c"), soci::into(ref), soci::into(due));
}

}  // namespace

absl::StatusOr<std::optional<domain::Client>> CreditStore::FindClient(Tx& tx,
                                                                      const std::string& id,
                                                                      bool for_update) {
  return SelectClient(SessionOf(tx), id, for_update);
}

absl::StatusOr<std::optional<EligibilityFacts>> CreditStore::ReadEligibilityFacts(
    Tx& tx, const std::string& client_id) {
  soci::session& s = SessionOf(tx);
  std::optional<domain::Client> client = SelectClient(s, client_id, false);
  if (!client) return std::nullopt;
  EligibilityFacts out;
  out.client = *client;
  ReadSubscriptions(s, client_id, out);
  ReadInvoicedItems(s, client_id, out);
  ReadMissedPayments(s, client_id, out);
  return out;
}

absl::Status CreditStore::SetGoodwillCredit(Tx& tx, const std::string& client_id, int64_t minor,
                                            absl::Time now) {
  const long long credit = minor, now_us = ToMicros(now);
  Exec(SessionOf(tx), kSetCredit, soci::use(credit, "credit"), soci::use(now_us, "now"),
       soci::use(client_id, "c"));
  return absl::OkStatus();
}

absl::Status CreditStore::InsertAdjustment(Tx& tx, const CreditEvent& e, absl::Time now) {
  const long long before = e.credit_before_minor, after = e.credit_after_minor;
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kInsertAdjustment, soci::use(e.client_id, "c"),
       soci::use(e.currency, "cur"), soci::use(before, "before"), soci::use(after, "after"),
       soci::use(e.note, "note"), soci::use(now_us, "now"));
  return absl::OkStatus();
}

absl::StatusOr<bool> CreditStore::InsertMissedPayment(Tx& tx, const CreditEvent& e,
                                                      absl::Time now) {
  const long long before = e.credit_before_minor, after = e.credit_after_minor;
  const long long now_us = ToMicros(now);
  const std::string due = e.due_date ? domain::FormatDay(*e.due_date) : "";
  std::string event_id;
  return Exec(SessionOf(tx), kInsertMissedPayment, soci::use(e.client_id, "c"),
              soci::use(e.invoice_ref, "ref"), soci::use(due, "due"),
              soci::use(e.currency, "cur"), soci::use(before, "before"),
              soci::use(after, "after"), soci::use(e.note, "note"), soci::use(now_us, "now"),
              soci::into(event_id));
}

absl::StatusOr<std::vector<usecases::OverdueInvoice>> CreditStore::OverdueInvoices(
    Tx& tx, absl::Time as_of) {
  std::vector<usecases::OverdueInvoice> out;
  std::string client_id, ref;
  const long long as_of_us = ToMicros(as_of);
  ForEach(
      SessionOf(tx), kOverdueInvoices, [&] { out.push_back({client_id, ref}); },
      soci::use(as_of_us, "as_of"), soci::into(client_id), soci::into(ref));
  return out;
}

absl::StatusOr<std::optional<absl::CivilDay>> CreditStore::EarliestOverdueDueDate(
    Tx& tx, const std::string& client_id, const std::string& invoice_ref, absl::Time as_of) {
  const long long as_of_us = ToMicros(as_of);
  std::string due;
  Exec(SessionOf(tx), kEarliestOverdue, soci::use(client_id, "c"), soci::use(invoice_ref, "ref"),
       soci::use(as_of_us, "as_of"), soci::into(due));
  return Day(due);
}

absl::Status CreditStore::Audit(Tx& tx, const domain::Who& who, const std::string& request_id,
                                const usecases::AuditRecord& e) {
  AppendAudit(SessionOf(tx), who, request_id,
              {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
  return absl::OkStatus();
}

}  // namespace supportbytime::storage
