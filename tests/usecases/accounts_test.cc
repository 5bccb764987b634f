// usecases::Accounts and usecases::Packages in-process against PostgreSQL,
// with a fake clock: subscriptions' transitions (R20), package changes at a
// month boundary in the client's zone (R3), versioning, and API keys.
#include "server/usecases/accounts.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "server/storage/account_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/packages.h"
#include "tests/support/test_database.h"
#include "tests/support/use_case_world.h"

namespace supportbytime {
namespace {

using domain::Subscription;
using domain::SubscriptionStatus;

const domain::Who kAdmin{"", "SYSTEM", "test"};

using testing::Keep;

absl::Time Warsaw(int y, int m, int d, int hh, int mm, int ss) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss), tz);
}

domain::PackageTerms MonthlyTerms(int included_minutes) {
  domain::PackageTerms t;
  t.included_minutes = included_minutes;
  t.prices = {{"EUR", 50000, 9000}};
  return t;
}

class AccountsUseCaseTest : public ::testing::Test {
 protected:
  AccountsUseCaseTest()
      : transactions_(db_.db()),
        idempotency_(db_.db()),
        clock_(Warsaw(2026, 1, 10, 12, 0, 0)),
        packages_(transactions_, idempotency_, package_repo_, clock_),
        accounts_(transactions_, idempotency_, account_repo_, package_repo_, clock_,
                  domain::GoodwillBases()) {}

  std::string NewPackage(const std::string& name, int included_minutes) {
    domain::Package p;
    EXPECT_TRUE(packages_
                    .Create(kAdmin, {}, {name, "", MonthlyTerms(included_minutes)}, Keep(&p))
                    .ok());
    return p.id;
  }

  std::string NewClient() {
    domain::Client in;
    in.display_name = "Acme";
    in.currency = "EUR";
    in.time_zone = "Europe/Warsaw";
    domain::Client c;
    EXPECT_TRUE(accounts_.CreateClient(kAdmin, {}, in, Keep(&c)).ok());
    return c.id;
  }

  // An ACTIVE subscription of a new client on `package_id`.
  Subscription ActiveSubscription(const std::string& package_id) {
    const std::string client_id = NewClient();
    Subscription s;
    EXPECT_TRUE(accounts_.CreateSubscription(kAdmin, {}, client_id, package_id, "", Keep(&s)).ok());
    EXPECT_TRUE(accounts_
                    .TransitionSubscription(kAdmin, {}, client_id, s.id,
                                            SubscriptionStatus::kActive, "paid", std::nullopt,
                                            Keep(&s))
                    .ok());
    return s;
  }

  testing::TestDatabase db_;
  storage::DatabaseTransactions transactions_;
  storage::DatabaseIdempotency idempotency_;
  storage::PackageStore package_repo_;
  storage::AccountStore account_repo_;
  domain::FakeClock clock_;
  usecases::Packages packages_;
  usecases::Accounts accounts_;
};

TEST_F(AccountsUseCaseTest, ChangePackageAtTheLastSecondOfAMonthAppliesFromTheNextMonth) {
  const std::string small = NewPackage("Small", 600);
  const std::string large = NewPackage("Large", 1200);
  const Subscription before_midnight = ActiveSubscription(small);
  const Subscription after_midnight = ActiveSubscription(small);

  // 23:59:59 on 31 January in Warsaw (22:59:59 UTC): January is the current month.
  clock_.Set(Warsaw(2026, 1, 31, 23, 59, 59));
  Subscription changed;
  ASSERT_TRUE(accounts_
                  .ChangePackage(kAdmin, {}, before_midnight.client_id, before_midnight.id, large,
                                 false, "upgrade", Keep(&changed))
                  .ok());
  EXPECT_EQ(changed.package_id, small);
  EXPECT_EQ(changed.next_package_id, large);
  EXPECT_EQ(changed.next_package_start_month, absl::CivilMonth(2026, 2));

  // One second later it is February in Warsaw: the change waits for March.
  clock_.Set(Warsaw(2026, 2, 1, 0, 0, 0));
  ASSERT_TRUE(accounts_
                  .ChangePackage(kAdmin, {}, after_midnight.client_id, after_midnight.id, large,
                                 false, "upgrade", Keep(&changed))
                  .ok());
  EXPECT_EQ(changed.package_id, small);
  EXPECT_EQ(changed.next_package_start_month, absl::CivilMonth(2026, 3));

  // ... while the first change is in force from February.
  auto first = accounts_.GetSubscription(before_midnight.client_id, before_midnight.id);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->package_id, large);
  EXPECT_TRUE(first->next_package_id.empty());
}

TEST_F(AccountsUseCaseTest, ActivateTimeBackDatesOnlyTheFirstActivation) {
  const std::string package = NewPackage("Small", 600);
  const std::string client_id = NewClient();
  Subscription s;
  ASSERT_TRUE(accounts_.CreateSubscription(kAdmin, {}, client_id, package, "", Keep(&s)).ok());
  const absl::Time imported = Warsaw(2025, 12, 1, 0, 0, 0);
  ASSERT_TRUE(accounts_
                  .TransitionSubscription(kAdmin, {}, client_id, s.id,
                                          SubscriptionStatus::kActive, "import", imported,
                                          Keep(&s))
                  .ok());
  EXPECT_EQ(s.activate_time, imported);

  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(accounts_
                  .TransitionSubscription(kAdmin, {}, client_id, s.id,
                                          SubscriptionStatus::kSuspended, "unpaid", std::nullopt,
                                          Keep(&s))
                  .ok());
  EXPECT_EQ(s.suspend_time, clock_.Now());
  auto again = accounts_.TransitionSubscription(kAdmin, {}, client_id, s.id,
                                                SubscriptionStatus::kActive, "paid", imported,
                                                Keep(&s));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(domain::DetailOf(again.status()).reason, "INVALID_STATE_TRANSITION");

  ASSERT_TRUE(accounts_
                  .TransitionSubscription(kAdmin, {}, client_id, s.id,
                                          SubscriptionStatus::kActive, "paid", std::nullopt,
                                          Keep(&s))
                  .ok());
  EXPECT_EQ(s.activate_time, imported);  // the first activation stays (R20)
  EXPECT_FALSE(s.suspend_time.has_value());
}

TEST_F(AccountsUseCaseTest, NewTermsPublishANewVersionCreatedNow) {
  const std::string id = NewPackage("Small", 600);
  clock_.Set(Warsaw(2026, 3, 5, 9, 30, 0));
  domain::Package p;
  auto rename = [](const domain::Package& current) -> absl::StatusOr<domain::PackageChange> {
    return domain::PackageChange{"Renamed", current.description, current.terms};
  };
  ASSERT_TRUE(packages_.Update(kAdmin, {}, id, rename, Keep(&p)).ok());
  EXPECT_EQ(p.current_version, 1);
  auto more = [](const domain::Package& current) -> absl::StatusOr<domain::PackageChange> {
    return domain::PackageChange{current.display_name, current.description, MonthlyTerms(900)};
  };
  ASSERT_TRUE(packages_.Update(kAdmin, {}, id, more, Keep(&p)).ok());
  EXPECT_EQ(p.current_version, 2);
  auto v2 = packages_.GetVersion(id, 2);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->terms.included_minutes, 900);
  EXPECT_EQ(v2->create_time, clock_.Now());
  EXPECT_EQ(packages_.GetVersion(id, 1)->terms.included_minutes, 600);
}

TEST_F(AccountsUseCaseTest, RevokedKeyKeepsTheLastAdminKey) {
  auto create = [&](const std::string& name) {
    domain::NewApiKey in;
    in.display_name = name;
    in.role = "ADMIN";
    in.key_hash_hex = std::string(64, name[0] == 'a' ? 'a' : 'b');
    in.key_prefix = "sbt_" + name;
    domain::ApiKey k;
    EXPECT_TRUE(accounts_.CreateApiKey(kAdmin, {}, in, Keep(&k)).ok());
    return k;
  };
  const domain::ApiKey first = create("alice");
  const domain::ApiKey second = create("bob");
  clock_.Advance(absl::Minutes(5));
  domain::ApiKey revoked;
  ASSERT_TRUE(accounts_.RevokeApiKey(kAdmin, {}, first.id, Keep(&revoked)).ok());
  EXPECT_EQ(revoked.revoke_time, clock_.Now());
  EXPECT_EQ(accounts_.GetApiKey(first.id)->revoke_time, clock_.Now());

  auto twice = accounts_.RevokeApiKey(kAdmin, {}, first.id, Keep(&revoked));
  EXPECT_EQ(domain::DetailOf(twice.status()).reason, "INVALID_STATE_TRANSITION");
  auto last = accounts_.RevokeApiKey(kAdmin, {}, second.id, Keep(&revoked));
  EXPECT_EQ(domain::DetailOf(last.status()).reason, "LAST_ADMIN_KEY");

  auto active = accounts_.ListApiKeys({50, std::nullopt}, domain::ApiKeyFilter{});
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->items.size(), 1u);
  EXPECT_EQ(active->items[0].id, second.id);
}

}  // namespace
}  // namespace supportbytime
