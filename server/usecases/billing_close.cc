// Billing::ClosePeriods (R10).
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/error.h"
#include "server/usecases/billing.h"
#include "server/util/json.h"
#include "server/domain/resource_names.h"

namespace supportbytime::usecases {
namespace {

std::string PeriodName(const domain::PeriodToClose& p) {
  return domain::PeriodResource(p.client_id, p.subscription_id, p.key);
}

// One closing run: the steps, each in its own transaction, and what they did.
class CloseRun final {
 public:
  CloseRun(Transactions& transactions, BillingRepository& repo, Credit& credit,
           const domain::Clock& clock, const domain::Who& who, std::string request_id,
           absl::Time as_of)
      : transactions_(transactions),
        repo_(repo),
        credit_(credit),
        clock_(clock),
        who_(who),
        request_id_(std::move(request_id)) {
    summary_.as_of = as_of;
  }

  absl::Status ListDue() {
    return transactions_.Read([&](Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<std::string>> due = repo_.DuePeriods(tx, summary_.as_of);
      if (!due.ok()) return due.status();
      absl::StatusOr<std::vector<std::string>> buckets = repo_.UsedUpBuckets(tx);
      if (!buckets.ok()) return buckets.status();
      due_ = std::move(*due);
      buckets_ = std::move(*buckets);
      return absl::OkStatus();
    });
  }

  // One transaction per period: a failure leaves the others closed and is
  // reported after the rest of the run.
  void CloseDuePeriods() {
    for (const std::string& id : due_) {
      int created = -1;
      absl::Status one = transactions_.Run([&](Tx& tx) -> absl::Status {
        absl::StatusOr<int> r = ClosePeriod(tx, id);
        if (!r.ok()) return r.status();
        created = *r;
        return absl::OkStatus();
      });
      if (!one.ok()) {
        Fail(one);
        failed_.insert(id);
        continue;
      }
      Count(created);
    }
  }

  void DepleteUsedUpBuckets() {
    for (const std::string& id : buckets_) {
      bool depleted = false;
      absl::Status one = transactions_.Run([&](Tx& tx) -> absl::Status {
        absl::StatusOr<bool> r = DepleteIfUsedUp(tx, id);
        if (!r.ok()) return r.status();
        depleted = *r;
        return absl::OkStatus();
      });
      if (!one.ok()) {
        Fail(one);
        continue;
      }
      summary_.subscriptions_depleted += depleted;
    }
  }

  void RecordMissedPayments() {
    absl::StatusOr<int> missed = credit_.RecordOverdueInvoices(who_, summary_.as_of);
    if (missed.ok()) {
      summary_.missed_payments_recorded = *missed;
    } else {
      Fail(missed.status());
    }
  }

  // The watermark: under the exclusive lock that creators of periods of
  // ended months share, close what they created since the list above, then
  // record the run. Its as_of then covers every month that ended by it, also
  // for subscriptions that had no period yet. A failed period stays OPEN and
  // is retried by the next run; the watermark is written anyway, so one bad
  // period does not reopen every passed month.
  absl::Status WriteWatermark(Tx& tx) {
    if (absl::Status st = repo_.LockWatermark(tx); !st.ok()) return st;
    absl::StatusOr<std::vector<std::string>> due = repo_.DuePeriods(tx, summary_.as_of);
    if (!due.ok()) return due.status();
    for (const std::string& id : *due) {
      if (failed_.contains(id)) continue;
      absl::StatusOr<int> r = ClosePeriod(tx, id);
      if (!r.ok()) {
        // Refused before writing anything (its bill disagrees): skip it.
        Fail(r.status());
        failed_.insert(id);
        continue;
      }
      Count(*r);
    }
    return repo_.RecordRun(tx, summary_, who_.display_name, clock_.Now());
  }

  // Not a complete run: the watermark is written, no answer is stored.
  absl::Status FinishFailed() {
    if (absl::Status st = transactions_.Run([&](Tx& tx) { return WriteWatermark(tx); });
        !st.ok()) {
      return st;
    }
    return FailedRun();
  }

  // The last transaction: the watermark and the stored answer together.
  absl::StatusOr<std::string> FinishComplete(Idempotency& idempotency, const IdempotencyKey& key,
                                             const Encoder<domain::CloseSummary>& encode) {
    const domain::CloseSummary before = summary_;
    std::string answer;
    absl::Status done = transactions_.Run([&](Tx& tx) -> absl::Status {
      summary_ = before;  // a retried transaction counts afresh
      if (absl::Status st = WriteWatermark(tx); !st.ok()) return st;
      if (failures_ > 0) return FailedRun();
      answer = idempotency.Complete(tx, key, encode(summary_));
      return absl::OkStatus();
    });
    if (!done.ok()) return done;
    return answer;
  }

  bool failed() const { return failures_ > 0; }

 private:
  void Fail(const absl::Status& st) {
    if (failures_++ == 0) first_failure_ = st;
  }
  void Count(int created) {
    if (created < 0) return;  // another run closed it first
    ++summary_.periods_closed;
    summary_.billable_items_created += created;
  }
  absl::Status FailedRun() const {
    return domain::Error(first_failure_.code(), domain::DetailOf(first_failure_).reason,
                         absl::StrCat(failures_, " step(s) of the run failed (", due_.size(),
                                      " period(s) were due; the others were closed); the first: ",
                                      first_failure_.message()));
  }

  absl::StatusOr<int> ClosePeriod(Tx& tx, const std::string& id);
  absl::StatusOr<std::optional<std::string>> BillLine(Tx& tx, const domain::PeriodToClose& p,
                                                      const domain::BillableLine& line,
                                                      absl::Time now);
  absl::StatusOr<bool> DepleteIfUsedUp(Tx& tx, const std::string& period_id);

  Transactions& transactions_;
  BillingRepository& repo_;
  Credit& credit_;
  const domain::Clock& clock_;
  const domain::Who& who_;
  const std::string request_id_;
  domain::CloseSummary summary_;
  std::vector<std::string> due_, buckets_;
  absl::Status first_failure_;
  int failures_ = 0;
  absl::flat_hash_set<std::string> failed_;
};

// Creates the item of one bill line, audited; its name, or nullopt when
// the (period, ticket) already had one.
absl::StatusOr<std::optional<std::string>> CloseRun::BillLine(Tx& tx,
                                                              const domain::PeriodToClose& p,
                                                              const domain::BillableLine& line,
                                                              absl::Time now) {
  const NewBillableItem item{p.id,          line.ticket_id, p.subscription_id,
                             p.client_id,   line.overage_minutes, line.amount,
                             line.description, p.invoice_action};
  absl::StatusOr<std::optional<std::string>> item_id = repo_.InsertBillableItem(tx, item, now);
  if (!item_id.ok() || !*item_id) return item_id;
  const std::string name = domain::BillableItemResource(p.client_id, **item_id);
  absl::Status st = repo_.Audit(tx, who_, request_id_,
                                {"BillTicket", domain::TicketResource(p.client_id, line.ticket_id), p.client_id,
                                 line.ticket_id,
                                 util::JsonObject()
                                     .Add("period", PeriodName(p))
                                     .Add("billable_item", name)
                                     .Add("overage_minutes", line.overage_minutes)
                                     .Add("amount_minor", line.amount.minor)
                                     .Add("currency", p.hourly_rate.currency)
                                     .Add("description", line.description)
                                     .str()});
  if (!st.ok()) return st;
  return name;
}

// Closes period `id` if it is still OPEN, inside the caller's transaction.
// Returns the number of items created, or -1 when another run closed it
// first.
absl::StatusOr<int> CloseRun::ClosePeriod(Tx& tx, const std::string& id) {
  absl::StatusOr<std::optional<domain::PeriodToClose>> p = repo_.LockPeriodToClose(tx, id);
  if (!p.ok()) return p.status();
  if (!*p) return -1;
  const std::string name = PeriodName(**p);
  absl::StatusOr<domain::PeriodBill> bill = domain::BillToClose(**p, name);
  if (!bill.ok()) return bill.status();
  const absl::Time now = clock_.Now();
  std::vector<std::string> item_names;
  for (const domain::BillableLine& line : bill->lines) {
    absl::StatusOr<std::optional<std::string>> item = BillLine(tx, **p, line, now);
    if (!item.ok()) return item.status();
    if (*item) item_names.push_back(absl::StrCat("\"", **item, "\""));
  }
  if (absl::Status st = repo_.MarkPeriodClosed(tx, id, now); !st.ok()) return st;
  absl::Status st = repo_.Audit(
      tx, who_, request_id_,
      {"ClosePeriod", name, (*p)->client_id, "",
       util::JsonObject()
           .Add("included_minutes", (*p)->pool_terms.included_minutes)
           .Add("used_minutes", (*p)->used_minutes)
           .Add("overage_minutes", (*p)->overage_minutes)
           .Add("overage_cost_minor", (*p)->overage_cost_minor)
           .Add("currency", (*p)->hourly_rate.currency)
           .AddRaw("billable_items", absl::StrCat("[", absl::StrJoin(item_names, ","), "]"))
           .str()});
  if (!st.ok()) return st;
  return static_cast<int>(item_names.size());
}

// R7/R10: a used-up ONE_TIME subscription still ACTIVE becomes DEPLETED.
// Entries normally do this themselves; this catches what they could not
// (e.g. a package change that shrank the bucket). Returns whether it did.
absl::StatusOr<bool> CloseRun::DepleteIfUsedUp(Tx& tx, const std::string& period_id) {
  absl::StatusOr<std::optional<UsedUpBucket>> bucket = repo_.LockUsedUpBucket(tx, period_id);
  if (!bucket.ok()) return bucket.status();
  if (!*bucket) return false;
  const UsedUpBucket& b = **bucket;
  if (absl::Status st = repo_.MarkSubscriptionDepleted(tx, b.subscription_id, clock_.Now());
      !st.ok()) {
    return st;
  }
  absl::Status st = repo_.Audit(
      tx, who_, request_id_,
      {"DepleteSubscription", domain::SubscriptionResource(b.client_id, b.subscription_id), b.client_id, "",
       util::JsonObject()
           .Add("from", "ACTIVE")
           .Add("to", "DEPLETED")
           .Add("used_minutes", b.used_minutes)
           .Add("included_minutes", b.included_minutes)
           .str()});
  if (!st.ok()) return st;
  return true;
}

}  // namespace

absl::StatusOr<std::string> Billing::ClosePeriods(const domain::Who& who,
                                                  const IdempotencyKey& key, absl::Time as_of,
                                                  const Encoder<domain::CloseSummary>& encode) {
  // The request_id is claimed before any work, so that a different request
  // with it changes nothing.
  absl::StatusOr<std::optional<std::string>> stored = idempotency_.Claim(key);
  if (!stored.ok()) return stored.status();
  if (*stored) return **stored;
  if (key.request_id.empty()) return RunClose(who, key, as_of, encode);

  // Duplicates of one request run one after the other: the later one then
  // replays the first one's answer, which counts everything the request did.
  absl::StatusOr<std::string> answer;
  absl::Status st =
      repo_.RunSerialized(absl::StrCat(key.principal, "/", key.request_id), [&]() -> absl::Status {
        absl::StatusOr<std::optional<std::string>> again = idempotency_.Claim(key);
        if (!again.ok()) {
          answer = again.status();
        } else if (*again) {
          answer = **again;
        } else {
          answer = RunClose(who, key, as_of, encode);
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  return answer;
}

absl::StatusOr<std::string> Billing::RunClose(const domain::Who& who, const IdempotencyKey& key,
                                              absl::Time as_of,
                                              const Encoder<domain::CloseSummary>& encode) {
  CloseRun run(transactions_, repo_, credit_, clock_, who, key.request_id, as_of);
  if (absl::Status st = run.ListDue(); !st.ok()) return st;
  run.CloseDuePeriods();
  run.DepleteUsedUpBuckets();
  run.RecordMissedPayments();
  if (run.failed()) return run.FinishFailed();
  return run.FinishComplete(idempotency_, key, encode);
}

}  // namespace supportbytime::usecases
