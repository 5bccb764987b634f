#include "server/storage/credit_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"
#include "server/storage/audit.h"
#include "server/storage/client_rows.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

using domain::Client;

std::string ClientRef(const std::string& id) { return absl::StrCat("clients/", id); }

// Dates cross the SQL boundary as 'YYYY-MM-DD' text, like the rest of the
// schema's calendar days.
std::optional<absl::CivilDay> DayFromRow(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  absl::CivilDay d;
  if (!absl::ParseCivilTime(r.get<std::string>(i), &d)) return std::nullopt;
  return d;
}

// Inserts the MISSED_PAYMENT event of `invoice_ref` for the client (locked
// by the caller) and, only when this call inserted it, resets the credit to
// `base` (the base deposit of its currency, or zero) and audits it. The
// partial unique index on (client_id, invoice_ref) is the arbiter: a
// concurrent recorder waits for the first and then inserts nothing. Returns
// whether this call recorded it.
bool InsertMissedPayment(soci::session& s, const auth::Actor& actor, const std::string& request_id,
                         const Client& client, long long base, const std::string& invoice_ref,
                         const std::string& due_date, const std::string& note) {
  const long long before = client.goodwill_credit_minor;
  std::string event_id;
  soci::indicator ind = soci::i_ok;
  s << "insert into client_credit_events (client_id, kind, invoice_ref, due_date, currency,"
       " credit_before_minor, credit_after_minor, note)"
       " values (cast(:c as uuid), 'MISSED_PAYMENT', :ref, cast(:due as date), :cur, :before,"
       " :after, :note)"
       " on conflict (client_id, invoice_ref) where kind = 'MISSED_PAYMENT' do nothing"
       " returning id::text",
      soci::use(client.id, "c"), soci::use(invoice_ref, "ref"), soci::use(due_date, "due"),
      soci::use(client.currency, "cur"), soci::use(before, "before"), soci::use(base, "after"),
      soci::use(note, "note"), soci::into(event_id, ind);
  if (!s.got_data()) return false;
  s << "update clients set goodwill_credit_minor = :base, updated_at = now()"
       " where id = cast(:c as uuid)",
      soci::use(base, "base"), soci::use(client.id, "c");
  AppendAudit(s, actor, request_id,
              {"RecordMissedPayment", ClientRef(client.id), client.id, "",
               util::JsonObject()
                   .Add("invoice_reference", invoice_ref)
                   .Add("due_date", due_date)
                   .Add("currency", client.currency)
                   .Add("credit_before_minor", static_cast<int64_t>(before))
                   .Add("credit_after_minor", static_cast<int64_t>(base))
                   .Add("note", note)
                   .str()});
  return true;
}

}  // namespace

absl::StatusOr<EligibilityFacts> CreditStore::ReadEligibilityFacts(const std::string& client_id) {
  EligibilityFacts out;
  bool found = false;
  absl::Status st = db_.Run([&](soci::session& s) {
    std::optional<Client> client = SelectClient(s, client_id, false);
    if (!client) return absl::OkStatus();
    found = true;
    out.client = *client;

    // The price a subscription is sold at now: its package's current
    // version, in the client's currency.
    soci::rowset<soci::row> subs =
        (s.prepare << "select s.id::text, s.state, pr.period_price_minor from subscriptions s"
                      " join clients c on c.id = s.client_id"
                      " join packages p on p.id = s.package_id"
                      " join package_versions v on v.package_id = p.id"
                      " and v.version = p.current_version"
                      " left join package_version_prices pr on pr.package_version_id = v.id"
                      " and pr.currency = c.currency"
                      " where s.client_id = cast(:c as uuid) order by s.created_at, s.id",
         soci::use(client_id, "c"));
    for (const soci::row& r : subs) {
      SubscriptionPriceFact f;
      f.id = r.get<std::string>(0);
      domain::ParseSubscriptionStatus(r.get<std::string>(1), &f.status);
      if (r.get_indicator(2) != soci::i_null) f.period_price_minor = r.get<long long>(2);
      out.subscriptions.push_back(std::move(f));
    }

    // The invoice writer stores a paid date as 00:00 UTC of that day; a
    // cancellation is an instant, whose day is the client's.
    soci::rowset<soci::row> items =
        (s.prepare << "select bi.id::text, bi.invoice_ref, bi.invoice_status,"
                      " to_char(bi.due_date, 'YYYY-MM-DD'),"
                      " to_char((bi.paid_at at time zone 'UTC')::date, 'YYYY-MM-DD'),"
                      " to_char((bi.cancelled_at at time zone c.time_zone)::date, 'YYYY-MM-DD')"
                      " from billable_items bi join clients c on c.id = bi.client_id"
                      " where bi.client_id = cast(:c as uuid) and bi.due_date is not null"
                      " order by bi.due_date, bi.created_at, bi.id",
         soci::use(client_id, "c"));
    for (const soci::row& r : items) {
      InvoicedItemFact f;
      f.id = r.get<std::string>(0);
      f.invoice_ref = r.get<std::string>(1);
      const std::string status = r.get<std::string>(2);
      f.status = status == "PAID"        ? domain::InvoiceStatus::kPaid
                 : status == "CANCELLED" ? domain::InvoiceStatus::kCancelled
                                         : domain::InvoiceStatus::kUnpaid;
      f.due_date = DayFromRow(r, 3);
      f.paid_on = DayFromRow(r, 4);
      f.cancelled_on = DayFromRow(r, 5);
      out.invoiced_items.push_back(std::move(f));
    }

    soci::rowset<soci::row> missed =
        (s.prepare << "select invoice_ref, to_char(due_date, 'YYYY-MM-DD')"
                      " from client_credit_events where client_id = cast(:c as uuid)"
                      " and kind = 'MISSED_PAYMENT' order by due_date, created_at, id",
         soci::use(client_id, "c"));
    for (const soci::row& r : missed) {
      std::optional<absl::CivilDay> due = DayFromRow(r, 1);
      if (due) out.missed_payments.push_back({r.get<std::string>(0), *due});
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!found) return domain::NotFound(ClientRef(client_id));
  return out;
}

absl::StatusOr<std::string> CreditStore::SetGoodwillCredit(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const domain::Money& credit, const std::string& reason, const Encoder<Client>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<Client> before = SelectClient(s, client_id, true);
    if (!before) return domain::NotFound(ClientRef(client_id));
    // Checked first: with no base for its currency no amount can be right.
    if (!goodwill_.Base(before->currency)) {
      return domain::Error(
          absl::StatusCode::kFailedPrecondition, "GOODWILL_NOT_CONFIGURED",
          absl::StrCat("No goodwill base deposit is configured for ", before->currency,
                       ", so clients in it have no goodwill credit to set; add a ",
                       before->currency, " base to the server's --goodwill-base to grant one."),
          {{"currency_code", before->currency}});
    }
    if (credit.currency != before->currency) {
      return domain::InvalidField(
          "goodwill_credit.currency_code",
          absl::StrCat("must be the client's currency, ", before->currency));
    }
    const long long old_minor = before->goodwill_credit_minor;
    const long long new_minor = credit.minor;
    s << "update clients set goodwill_credit_minor = :credit, updated_at = now()"
         " where id = cast(:c as uuid)",
        soci::use(new_minor, "credit"), soci::use(client_id, "c");
    s << "insert into client_credit_events (client_id, kind, currency, credit_before_minor,"
         " credit_after_minor, note)"
         " values (cast(:c as uuid), 'ADJUSTMENT', :cur, :before, :after, :note)",
        soci::use(client_id, "c"), soci::use(before->currency, "cur"),
        soci::use(old_minor, "before"), soci::use(new_minor, "after"), soci::use(reason, "note");
    AppendAudit(s, actor, key.request_id,
                {"SetGoodwillCredit", ClientRef(client_id), client_id, "",
                 util::JsonObject()
                     .Add("currency", before->currency)
                     .Add("credit_before_minor", static_cast<int64_t>(old_minor))
                     .Add("credit_after_minor", static_cast<int64_t>(new_minor))
                     .Add("reason", reason)
                     .str()});
    return encode(*SelectClient(s, client_id, false));
  });
}

absl::StatusOr<std::string> CreditStore::RecordMissedPayment(
    const auth::Actor& actor, const IdempotencyKey& key, const std::string& client_id,
    const std::string& invoice_ref, absl::CivilDay due_date, const std::string& reason,
    absl::Time now, const Encoder<Client>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<Client> client = SelectClient(s, client_id, true);
    if (!client) return domain::NotFound(ClientRef(client_id));
    absl::TimeZone tz;
    if (!absl::LoadTimeZone(client->time_zone, &tz)) {
      return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                           "The client's time zone cannot be loaded.");
    }
    const absl::CivilDay today(tz.At(now).cs);
    if (due_date > today) {
      return domain::InvalidField(
          "due_date", absl::StrCat("must not be in the future (today is ", domain::FormatDay(today),
                                   " in the client's time zone ", client->time_zone, ")"));
    }
    InsertMissedPayment(s, actor, key.request_id, *client, goodwill_.ResetMinor(client->currency),
                        invoice_ref, domain::FormatDay(due_date), reason);
    return encode(*SelectClient(s, client_id, false));
  });
}

absl::StatusOr<int> CreditStore::RecordOverdueInvoices(const auth::Actor& actor, absl::Time as_of) {
  struct Candidate {
    std::string client_id;
    std::string invoice_ref;
  };
  const long long as_of_us = ToMicros(as_of);
  // Candidates without a lock; each is re-checked under the client's lock
  // in its own short transaction.
  std::vector<Candidate> candidates;
  absl::Status listed = db_.Run([&](soci::session& s) {
    soci::rowset<soci::row> rows =
        (s.prepare << "select distinct bi.client_id::text, bi.invoice_ref"
                      " from billable_items bi join clients c on c.id = bi.client_id"
                      " where bi.invoice_status = 'UNPAID'"
                      " and bi.due_date < (" SBT_TS(":as_of") " at time zone c.time_zone)::date"
                      " and not exists (select 1 from client_credit_events e"
                      " where e.client_id = bi.client_id and e.kind = 'MISSED_PAYMENT'"
                      " and e.invoice_ref = bi.invoice_ref)"
                      " order by 1, 2",
         soci::use(as_of_us, "as_of"));
    for (const soci::row& r : rows) {
      candidates.push_back({r.get<std::string>(0), r.get<std::string>(1)});
    }
    return absl::OkStatus();
  });
  if (!listed.ok()) return listed;

  int recorded = 0;
  for (const Candidate& c : candidates) {
    bool inserted = false;
    absl::Status st = db_.InTransaction([&](soci::session& s) {
      inserted = false;
      std::optional<Client> client = SelectClient(s, c.client_id, true);
      if (!client) return absl::OkStatus();
      std::string due;
      soci::indicator ind = soci::i_ok;
      s << "select to_char(min(bi.due_date), 'YYYY-MM-DD') from billable_items bi"
           " join clients c on c.id = bi.client_id"
           " where bi.client_id = cast(:c as uuid) and bi.invoice_ref = :ref"
           " and bi.invoice_status = 'UNPAID'"
           " and bi.due_date < (" SBT_TS(":as_of") " at time zone c.time_zone)::date",
          soci::use(c.client_id, "c"), soci::use(c.invoice_ref, "ref"),
          soci::use(as_of_us, "as_of"), soci::into(due, ind);
      if (ind == soci::i_null) return absl::OkStatus();  // paid in the meantime
      inserted = InsertMissedPayment(s, actor, "", *client, goodwill_.ResetMinor(client->currency),
                                     c.invoice_ref, due,
                                     "The invoice was still unpaid after its due date.");
      return absl::OkStatus();
    });
    if (!st.ok()) return st;
    if (inserted) ++recorded;
  }
  return recorded;
}

}  // namespace supportbytime::storage
