#include "server/usecases/credit.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"
#include "server/util/json.h"
#include "server/domain/resource_names.h"

namespace supportbytime::usecases {
namespace {

absl::Status GoodwillNotConfigured(const std::string& currency) {
  return domain::Error(
      absl::StatusCode::kFailedPrecondition, "GOODWILL_NOT_CONFIGURED",
      absl::StrCat("No goodwill base deposit is configured for ", currency,
                   ", so clients in it have no goodwill credit to set; add a ", currency,
                   " base to the server's --goodwill-base to grant one."),
      {{"currency_code", currency}});
}

// The client's today, for a due date that must not be in the future.
absl::Status CheckDueDate(const domain::Client& client, absl::CivilDay due_date, absl::Time now) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(client.time_zone, &tz)) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The client's time zone cannot be loaded.");
  }
  const absl::CivilDay today(tz.At(now).cs);
  if (due_date > today) {
    return domain::InvalidField(
        "due_date", absl::StrCat("must not be in the future (today is ", domain::FormatDay(today),
                                 " in the client's time zone ", client.time_zone, ")"));
  }
  return absl::OkStatus();
}

constexpr char kOverdueNote[] = "The invoice was still unpaid after its due date.";

}  // namespace

absl::StatusOr<domain::EligibilityFacts> Credit::ReadEligibilityFacts(
    const std::string& client_id) {
  std::optional<domain::EligibilityFacts> facts;
  absl::Status st = transactions_.Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::optional<domain::EligibilityFacts>> read =
        repo_.ReadEligibilityFacts(tx, client_id);
    if (!read.ok()) return read.status();
    facts = std::move(*read);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!facts) return domain::NotFound(domain::ClientResource(client_id));
  return std::move(*facts);
}

absl::StatusOr<domain::Client> Credit::LockClient(Tx& tx, const std::string& client_id) {
  absl::StatusOr<std::optional<domain::Client>> client = repo_.FindClient(tx, client_id, true);
  if (!client.ok()) return client.status();
  if (!*client) return domain::NotFound(domain::ClientResource(client_id));
  return std::move(**client);
}

absl::StatusOr<std::string> Credit::SetGoodwillCredit(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const domain::Money& credit, const std::string& reason,
    const Encoder<domain::Client>& encode) {
  return idempotency_.Run(key, [&](Tx& tx) -> absl::StatusOr<std::string> {
    absl::StatusOr<domain::Client> before = LockClient(tx, client_id);
    if (!before.ok()) return before.status();
    // Checked first: with no base for its currency no amount can be right.
    if (!goodwill_.Base(before->currency)) return GoodwillNotConfigured(before->currency);
    if (credit.currency != before->currency) {
      return domain::InvalidField(
          "goodwill_credit.currency_code",
          absl::StrCat("must be the client's currency, ", before->currency));
    }
    const absl::Time now = clock_.Now();
    const CreditEvent event{client_id, "", std::nullopt, before->currency,
                            before->goodwill_credit_minor, credit.minor, reason};
    if (auto st = repo_.SetGoodwillCredit(tx, client_id, credit.minor, now); !st.ok()) return st;
    if (auto st = repo_.InsertAdjustment(tx, event, now); !st.ok()) return st;
    absl::Status audited = repo_.Audit(tx, who, key.request_id,
                                       {"SetGoodwillCredit", domain::ClientResource(client_id), client_id, "",
                                        util::JsonObject()
                                            .Add("currency", event.currency)
                                            .Add("credit_before_minor", event.credit_before_minor)
                                            .Add("credit_after_minor", event.credit_after_minor)
                                            .Add("reason", reason)
                                            .str()});
    if (!audited.ok()) return audited;
    absl::StatusOr<std::optional<domain::Client>> after = repo_.FindClient(tx, client_id, false);
    if (!after.ok()) return after.status();
    return encode(**after);
  });
}

absl::StatusOr<bool> Credit::RecordMissed(Tx& tx, const domain::Who& who,
                                          const std::string& request_id,
                                          const domain::Client& client,
                                          const std::string& invoice_ref, absl::CivilDay due_date,
                                          const std::string& note) {
  const absl::Time now = clock_.Now();
  const CreditEvent event{client.id,       invoice_ref,
                          due_date,        client.currency,
                          client.goodwill_credit_minor, goodwill_.ResetMinor(client.currency),
                          note};
  absl::StatusOr<bool> inserted = repo_.InsertMissedPayment(tx, event, now);
  if (!inserted.ok() || !*inserted) return inserted;
  absl::Status st = repo_.SetGoodwillCredit(tx, client.id, event.credit_after_minor, now);
  if (!st.ok()) return st;
  st = repo_.Audit(tx, who, request_id,
                   {"RecordMissedPayment", domain::ClientResource(client.id), client.id, "",
                    util::JsonObject()
                        .Add("invoice_reference", invoice_ref)
                        .Add("due_date", domain::FormatDay(due_date))
                        .Add("currency", client.currency)
                        .Add("credit_before_minor", event.credit_before_minor)
                        .Add("credit_after_minor", event.credit_after_minor)
                        .Add("note", note)
                        .str()});
  if (!st.ok()) return st;
  return true;
}

absl::StatusOr<std::string> Credit::RecordMissedPayment(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& invoice_ref, absl::CivilDay due_date, const std::string& reason,
    const Encoder<domain::Client>& encode) {
  const absl::Time now = clock_.Now();
  return idempotency_.Run(key, [&](Tx& tx) -> absl::StatusOr<std::string> {
    absl::StatusOr<domain::Client> client = LockClient(tx, client_id);
    if (!client.ok()) return client.status();
    if (auto st = CheckDueDate(*client, due_date, now); !st.ok()) return st;
    absl::StatusOr<bool> recorded =
        RecordMissed(tx, who, key.request_id, *client, invoice_ref, due_date, reason);
    if (!recorded.ok()) return recorded.status();
    absl::StatusOr<std::optional<domain::Client>> after = repo_.FindClient(tx, client_id, false);
    if (!after.ok()) return after.status();
    return encode(**after);
  });
}

absl::StatusOr<int> Credit::RecordOverdueInvoices(const domain::Who& who, absl::Time as_of) {
  // Candidates without a lock; each is re-checked under the client's lock
  // in its own short transaction.
  std::vector<OverdueInvoice> candidates;
  absl::Status listed = transactions_.Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<OverdueInvoice>> found = repo_.OverdueInvoices(tx, as_of);
    if (!found.ok()) return found.status();
    candidates = std::move(*found);
    return absl::OkStatus();
  });
  if (!listed.ok()) return listed;
  int recorded = 0;
  for (const OverdueInvoice& c : candidates) {
    bool inserted = false;
    absl::Status st = transactions_.Run([&](Tx& tx) -> absl::Status {
      inserted = false;
      absl::StatusOr<std::optional<domain::Client>> client = repo_.FindClient(tx, c.client_id, true);
      if (!client.ok() || !*client) return client.status();
      auto due = repo_.EarliestOverdueDueDate(tx, c.client_id, c.invoice_ref, as_of);
      if (!due.ok() || !*due) return due.status();  // paid in the meantime
      absl::StatusOr<bool> r = RecordMissed(tx, who, "", **client, c.invoice_ref, **due, kOverdueNote);
      if (!r.ok()) return r.status();
      inserted = *r;
      return absl::OkStatus();
    });
    if (!st.ok()) return st;
    if (inserted) ++recorded;
  }
  return recorded;
}

}  // namespace supportbytime::usecases
