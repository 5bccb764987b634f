// Every use case of the server built in-process over one test database and
// one fake clock, with helpers that build state through them (never with
// SQL): the fixture of tests/usecases/.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_USE_CASE_WORLD_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_USE_CASE_WORLD_H_

#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/domain/who.h"
#include "server/storage/account_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/ticket_store.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/accounts.h"
#include "server/usecases/packages.h"
#include "server/usecases/tickets.h"
#include "server/usecases/time_log.h"
#include "tests/support/test_database.h"

namespace supportbytime::testing {

// An encoder that keeps the use case's record in `out` (the reply is empty).
template <class T>
usecases::Encoder<T> Keep(T* out) {
  return [out](const T& value) {
    *out = value;
    return std::string();
  };
}

// A client's ACTIVE subscription with one open ticket.
struct Ticketed {
  std::string client;
  std::string subscription;
  std::string ticket;
};

class UseCaseWorld {
 public:
  explicit UseCaseWorld(TestDatabase& db, domain::FakeClock& clock,
                        domain::GoodwillBases goodwill = domain::GoodwillBases())
      : transactions_(db.db()),
        idempotency_(db.db()),
        packages(transactions_, idempotency_, package_repo_, clock),
        accounts(transactions_, idempotency_, account_repo_, package_repo_, clock,
                 std::move(goodwill)),
        tickets(transactions_, idempotency_, ticket_repo_, clock,
                *domain::BusinessCalendar::Default()),
        time_log(transactions_, idempotency_, time_log_repo_, clock) {}

  // The ADMIN and OPERATOR that act in tests.
  static domain::Who Admin() {
    return {"00000000-0000-4000-8000-00000000000a", "ADMIN", "Ada Admin"};
  }
  static domain::Who Operator() {
    return {"00000000-0000-4000-8000-00000000000b", "OPERATOR", "Olga Operator"};
  }

  // Ids of what was created; an empty id (and a test failure) on a refusal.
  std::string CreatePackage(const domain::PackageTerms& terms, const std::string& name = "Support") {
    return Id(packages.Create(Admin(), {}, {name, "", terms}, Ids<domain::Package>()));
  }
  std::string CreateClient(const std::string& currency = "EUR",
                           const std::string& time_zone = "Europe/Warsaw") {
    domain::Client c;
    c.display_name = "Acme";
    c.currency = currency;
    c.time_zone = time_zone;
    return Id(accounts.CreateClient(Admin(), {}, c, Ids<domain::Client>()));
  }
  // A subscription activated at `activated` (a back-dated first activation).
  std::string ActiveSubscription(const std::string& client, const std::string& package,
                                 absl::Time activated) {
    const std::string sub =
        Id(accounts.CreateSubscription(Admin(), {}, client, package, "", Ids<domain::Subscription>()));
    Id(accounts.TransitionSubscription(Admin(), {}, client, sub, domain::SubscriptionStatus::kActive,
                                       "signed", activated, Ids<domain::Subscription>()));
    return sub;
  }
  std::string OpenTicket(const std::string& client, const std::string& subscription,
                         absl::Time opened) {
    domain::NewTicket t{client, subscription, "Printer on fire", opened, ""};
    return Id(tickets.Create(Admin(), {}, t, Ids<domain::Ticket>()));
  }
  // A Warsaw EUR client on a package with `terms`, active since `activated`,
  // with one ticket opened then.
  Ticketed TicketOn(const domain::PackageTerms& terms, absl::Time activated) {
    Ticketed out;
    out.client = CreateClient();
    out.subscription = ActiveSubscription(out.client, CreatePackage(terms), activated);
    out.ticket = OpenTicket(out.client, out.subscription, activated);
    return out;
  }
  // `minutes` worked at `worked_at` by Operator(); the entry or the refusal.
  absl::StatusOr<domain::TimeEntry> Log(const Ticketed& t, absl::Time worked_at, int minutes) {
    domain::NewEntry in;
    in.client_id = t.client;
    in.ticket_id = t.ticket;
    in.operator_id = Operator().key_id;
    in.operator_display_name = Operator().display_name;
    in.worked_at = worked_at;
    in.minutes = minutes;
    domain::TimeEntry out;
    auto reply = time_log.CreateEntry(Operator(), {}, in, [&](const domain::TimeEntry& e) {
      out = e;
      return e.id;
    });
    if (!reply.ok()) return reply.status();
    return out;
  }

  // An encoder that keeps only the record's id, as the reply.
  template <class T>
  static usecases::Encoder<T> Ids() {
    return [](const T& r) { return r.id; };
  }

 private:
  static std::string Id(const absl::StatusOr<std::string>& reply) {
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : std::string();
  }

  storage::DatabaseTransactions transactions_;
  storage::DatabaseIdempotency idempotency_;
  storage::PackageStore package_repo_;
  storage::AccountStore account_repo_;
  storage::TicketStore ticket_repo_;
  storage::TimeLogStore time_log_repo_;

 public:
  usecases::Packages packages;
  usecases::Accounts accounts;
  usecases::Tickets tickets;
  usecases::TimeLog time_log;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_USE_CASE_WORLD_H_
