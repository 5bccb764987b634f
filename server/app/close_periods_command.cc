#include <cstdio>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/app/command_support.h"
#include "server/app/commands.h"
#include "server/auth/actor.h"
#include "server/domain/clock.h"
#include "server/storage/billing_store.h"
#include "server/storage/credit_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/transaction.h"
#include "server/usecases/billing.h"
#include "server/usecases/credit.h"

namespace supportbytime::app {

namespace {

// --as-of, or `now`; nullopt (after saying why) when it is not an RFC 3339
// instant or lies in the future.
std::optional<absl::Time> AsOf(const Flags& flags, absl::Time now) {
  const std::string text = flags.GetString("as-of");
  if (text.empty()) return now;
  absl::Time as_of;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &as_of, &err)) {
    std::fprintf(stderr, "close-periods: --as-of=%s is not an RFC 3339 instant (%s)\n",
                 text.c_str(), err.c_str());
    return std::nullopt;
  }
  if (as_of > now) {
    std::fprintf(stderr,
                 "close-periods: --as-of=%s is in the future; only months that have ended "
                 "can be closed\n",
                 text.c_str());
    return std::nullopt;
  }
  return as_of;
}

// Runs the closing use case over the database; the exit code.
int RunClose(storage::Database& db, const domain::GoodwillBases& goodwill,
             const domain::Clock& clock, absl::Time as_of) {
  storage::BillingStore billing_store(db);
  storage::CreditStore credit_store(db);
  storage::DatabaseTransactions transactions(db);
  storage::DatabaseIdempotency idempotency(db);
  usecases::Credit credit(transactions, idempotency, credit_store, clock, goodwill);
  usecases::Billing billing(transactions, idempotency, billing_store, credit, clock);
  domain::CloseSummary summary;
  auto run = billing.ClosePeriods(auth::Actor::System().Who(), usecases::IdempotencyKey{}, as_of,
                                  [&](const domain::CloseSummary& s) {
                                    summary = s;
                                    return std::string();
                                  });
  if (!run.ok()) {
    std::fprintf(stderr, "close-periods: %s\n", std::string(run.status().message()).c_str());
    return 1;
  }
  std::printf(
      "as of %s: closed %d period(s), created %d billable item(s), depleted %d "
      "subscription(s), recorded %d missed payment(s)\n",
      absl::FormatTime(absl::RFC3339_sec, summary.as_of, absl::UTCTimeZone()).c_str(),
      summary.periods_closed, summary.billable_items_created, summary.subscriptions_depleted,
      summary.missed_payments_recorded);
  return 0;
}

}  // namespace

int ClosePeriodsCommand(const std::vector<std::string>& args) {
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/false);
  DefineGoodwillFlag(flags);
  flags.Define("as-of", "", "",
               "close periods that ended at or before this RFC 3339 instant, e.g. "
               "2026-05-01T00:00:00Z (default: now; never in the future)");
  if (auto exit = ParseOrExit(flags, args, "close-periods",
                              "Closes every open monthly period that has ended and bills its "
                              "overage (R10), marks used-up one-time subscriptions DEPLETED and "
                              "records overdue invoices as missed payments. Safe to run from a "
                              "cron job and from several replicas at once: a second run finds "
                              "nothing to do. Exits 0 when everything due is closed.")) {
    return *exit;
  }
  auto config = LoadConfig(flags, false);
  if (!config.ok()) {
    std::fprintf(stderr, "close-periods: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  // A missed payment resets the credit to the base, so this run must use
  // the bases the servers use.
  auto goodwill = LoadGoodwillBases(flags);
  if (!goodwill.ok()) {
    std::fprintf(stderr, "close-periods: %s\n", std::string(goodwill.status().message()).c_str());
    return 2;
  }
  const domain::Clock& clock = domain::SystemClock::Instance();
  const std::optional<absl::Time> as_of = AsOf(flags, clock.Now());
  if (!as_of) return 2;
  auto db = OpenMigratedDatabase(*config);
  if (db == nullptr) return 1;
  return RunClose(*db, *goodwill, clock, *as_of);
}

}  // namespace supportbytime::app
