// PackageService end to end: immutable versions, archive, paging, bad input.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

class PackageE2eTest : public E2eTest {};

TEST_F(PackageE2eTest, CreateGetAndDefaults) {
  v1::Package p = CreatePackage("Extra Support", 60, 15);
  EXPECT_THAT(p.name(), ::testing::StartsWith("packages/"));
  EXPECT_EQ(p.current_version(), 1);
  EXPECT_FALSE(p.archived());
  EXPECT_EQ(p.terms().included_minutes(), 60);
  EXPECT_EQ(p.terms().billing_increment_minutes(), 15);
  // Documented defaults for unset optional terms.
  EXPECT_EQ(p.terms().rounding().scope(), v1::ROUNDING_SCOPE_ENTRY);
  EXPECT_EQ(p.terms().rounding().direction(), v1::ROUNDING_DIRECTION_UP);
  EXPECT_EQ(p.terms().invoice_action(), v1::INVOICE_ACTION_ADD_TO_NEXT_INVOICE);
  EXPECT_EQ(p.terms().item_name(), "Support");
  EXPECT_THAT(p.terms().notify_thresholds_percent(), ElementsAre(80, 100));
  EXPECT_TRUE(p.terms().require_overage_approval());
  ASSERT_EQ(p.terms().prices_size(), 1);
  EXPECT_EQ(p.terms().prices(0).overage_hourly_rate().units(), 40);
  EXPECT_EQ(p.terms().prices(0).overage_hourly_rate().currency_code(), "EUR");

  v1::GetPackageRequest get;
  get.set_name(p.name());
  v1::Package got;
  ASSERT_TRUE(packages_->GetPackage(Admin().get(), get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), p.SerializeAsString());
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'CreatePackage'"), "1");
}

TEST_F(PackageE2eTest, UpdateCreatesAnImmutableVersionOnlyWhenTermsChange) {
  v1::Package p = CreatePackage("Professional Support", 240, 30);
  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(p.name());
  up.mutable_package()->mutable_terms()->set_included_minutes(300);
  up.mutable_update_mask()->add_paths("terms.included_minutes");
  up.set_request_id(NewRequestId());
  v1::Package v2;
  grpc::Status st = packages_->UpdatePackage(Admin().get(), up, &v2);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(v2.current_version(), 2);
  EXPECT_EQ(v2.terms().included_minutes(), 300);
  EXPECT_EQ(v2.terms().billing_increment_minutes(), 30);  // untouched by the mask

  // Version 1 stays readable and unchanged.
  v1::GetPackageVersionRequest gv;
  gv.set_name(p.name() + "/versions/1");
  v1::PackageVersion old;
  ASSERT_TRUE(packages_->GetPackageVersion(Admin().get(), gv, &old).ok());
  EXPECT_EQ(old.terms().included_minutes(), 240);
  EXPECT_EQ(old.name(), p.name() + "/versions/1");

  // A display-only change publishes no version.
  v1::UpdatePackageRequest rename;
  rename.mutable_package()->set_name(p.name());
  rename.mutable_package()->set_display_name("Professional Support+");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::Package renamed;
  ASSERT_TRUE(packages_->UpdatePackage(Admin().get(), rename, &renamed).ok());
  EXPECT_EQ(renamed.current_version(), 2);
  EXPECT_EQ(renamed.display_name(), "Professional Support+");

  v1::ListPackageVersionsRequest lv;
  lv.set_parent(p.name());
  v1::ListPackageVersionsResponse versions;
  ASSERT_TRUE(packages_->ListPackageVersions(Admin().get(), lv, &versions).ok());
  ASSERT_EQ(versions.package_versions_size(), 2);
  EXPECT_EQ(versions.package_versions(0).version(), 1);
  EXPECT_EQ(versions.package_versions(1).version(), 2);
  // That the database refuses to change a version behind the API's back is
  // tests/pg/schema_test.cc (SchemaTest.PackageVersionsAreImmutable).
}

TEST_F(PackageE2eTest, BillingCycleCannotChange) {
  v1::Package p = CreatePackage();
  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(p.name());
  up.mutable_package()->mutable_terms()->set_billing_cycle(v1::BILLING_CYCLE_ONE_TIME);
  up.mutable_update_mask()->add_paths("terms.billing_cycle");
  v1::Package out;
  Refusal r = ReadRefusal(packages_->UpdatePackage(Admin().get(), up, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(r.fields, Contains("package.terms.billing_cycle"));
}

TEST_F(PackageE2eTest, RemovingACurrencyInUseIsRefused) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient("Acme", "EUR");
  CreateSubscription(c, p);
  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(p.name());
  *up.mutable_package()->mutable_terms() = Terms(240, 30, v1::BILLING_CYCLE_MONTHLY, "USD");
  up.mutable_update_mask()->add_paths("terms.prices");
  v1::Package out;
  Refusal r = ReadRefusal(packages_->UpdatePackage(Admin().get(), up, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "CURRENCY_IN_USE");
  EXPECT_EQ(r.metadata["currency_code"], "EUR");
  EXPECT_EQ(db_->Scalar("select current_version from packages"), "1");
}

TEST_F(PackageE2eTest, ArchiveAndUnarchive) {
  v1::Package p = CreatePackage();
  v1::ArchivePackageRequest ar;
  ar.set_name(p.name());
  v1::Package archived;
  ASSERT_TRUE(packages_->ArchivePackage(Admin().get(), ar, &archived).ok());
  EXPECT_TRUE(archived.archived());
  EXPECT_TRUE(archived.has_archive_time());
  Refusal again = ReadRefusal(packages_->ArchivePackage(Admin().get(), ar, &archived));
  EXPECT_EQ(again.reason, "INVALID_STATE_TRANSITION");

  v1::ListPackagesRequest list;
  v1::ListPackagesResponse resp;
  ASSERT_TRUE(packages_->ListPackages(Admin().get(), list, &resp).ok());
  EXPECT_EQ(resp.packages_size(), 0);
  list.set_show_archived(true);
  ASSERT_TRUE(packages_->ListPackages(Admin().get(), list, &resp).ok());
  EXPECT_EQ(resp.packages_size(), 1);

  // An archived package takes no new subscriptions.
  v1::Client c = CreateClient();
  v1::CreateSubscriptionRequest cs;
  cs.set_parent(c.name());
  cs.mutable_subscription()->set_package(p.name());
  v1::Subscription sub;
  Refusal r = ReadRefusal(accounts_->CreateSubscription(Admin().get(), cs, &sub));
  EXPECT_EQ(r.reason, "PACKAGE_ARCHIVED");

  v1::UnarchivePackageRequest un;
  un.set_name(p.name());
  v1::Package back;
  ASSERT_TRUE(packages_->UnarchivePackage(Admin().get(), un, &back).ok());
  EXPECT_FALSE(back.archived());
  EXPECT_TRUE(accounts_->CreateSubscription(Admin().get(), cs, &sub).ok());
}

TEST_F(PackageE2eTest, ListPagesWithOpaqueTokens) {
  for (int i = 0; i < 5; ++i) CreatePackage("Package " + std::to_string(i));
  v1::ListPackagesRequest list;
  list.set_page_size(2);
  std::vector<std::string> names;
  int pages = 0;
  do {
    v1::ListPackagesResponse resp;
    grpc::Status st = packages_->ListPackages(Admin().get(), list, &resp);
    ASSERT_TRUE(st.ok()) << Describe(st);
    for (const auto& p : resp.packages()) names.push_back(p.display_name());
    list.set_page_token(resp.next_page_token());
    ++pages;
  } while (!list.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(names, ElementsAre("Package 0", "Package 1", "Package 2", "Package 3", "Package 4"));
}

// Every RPC: malformed input is INVALID_ARGUMENT naming the field, and
// nothing is written.
TEST_F(PackageE2eTest, BadInputIsRefusedAndChangesNothing) {
  v1::Package p = CreatePackage();
  const std::string audits = db_->Scalar("select count(*) from audit_events");
  const std::string versions = db_->Scalar("select count(*) from package_versions");

  auto create = [&](auto edit) {
    v1::CreatePackageRequest req;
    req.mutable_package()->set_display_name("X");
    *req.mutable_package()->mutable_terms() = Terms(60, 15, v1::BILLING_CYCLE_MONTHLY);
    edit(req);
    v1::Package out;
    return packages_->CreatePackage(Admin().get(), req, &out);
  };
  struct Case {
    const char* what;
    grpc::Status status;
    const char* field;
  };
  const std::string huge(300, 'x');
  std::vector<Case> cases = {
      {"no package", create([](auto& r) { r.clear_package(); }), "package"},
      {"empty name", create([](auto& r) { r.mutable_package()->set_display_name(""); }),
       "package.display_name"},
      {"overlong name", create([&](auto& r) { r.mutable_package()->set_display_name(huge); }),
       "package.display_name"},
      {"no terms", create([](auto& r) { r.mutable_package()->clear_terms(); }), "package.terms"},
      {"no cycle",
       create([](auto& r) { r.mutable_package()->mutable_terms()->clear_billing_cycle(); }),
       "package.terms.billing_cycle"},
      {"unknown cycle",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->set_billing_cycle(static_cast<v1::BillingCycle>(99));
       }),
       "package.terms.billing_cycle"},
      {"negative included",
       create([](auto& r) { r.mutable_package()->mutable_terms()->set_included_minutes(-1); }),
       "package.terms.included_minutes"},
      {"huge included",
       create([](auto& r) { r.mutable_package()->mutable_terms()->set_included_minutes(2000000000); }),
       "package.terms.included_minutes"},
      {"zero increment",
       create([](auto& r) { r.mutable_package()->mutable_terms()->set_billing_increment_minutes(0); }),
       "package.terms.billing_increment_minutes"},
      {"increment 1441",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->set_billing_increment_minutes(1441);
       }),
       "package.terms.billing_increment_minutes"},
      {"unknown rounding",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_rounding()->set_direction(
             static_cast<v1::RoundingDirection>(7));
       }),
       "package.terms.rounding.direction"},
      {"no prices",
       create([](auto& r) { r.mutable_package()->mutable_terms()->clear_prices(); }),
       "package.terms.prices"},
      {"bad currency",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_prices(0)->set_currency_code("EURO");
       }),
       "package.terms.prices[0].currency_code"},
      {"duplicate currency",
       create([](auto& r) {
         *r.mutable_package()->mutable_terms()->add_prices() = r.package().terms().prices(0);
       }),
       "package.terms.prices[1].currency_code"},
      {"negative price",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_prices(0)->mutable_period_price()->set_units(-5);
       }),
       "package.terms.prices[0].period_price"},
      {"sub-cent price",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_prices(0)->mutable_period_price()->set_nanos(5000000);
       }),
       "package.terms.prices[0].period_price.nanos"},
      {"mismatched money currency",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_prices(0)->mutable_period_price()->set_currency_code("USD");
       }),
       "package.terms.prices[0].period_price.currency_code"},
      {"monthly without rate",
       create([](auto& r) {
         r.mutable_package()->mutable_terms()->mutable_prices(0)->clear_overage_hourly_rate();
       }),
       "package.terms.prices[0].overage_hourly_rate"},
      {"thresholds not increasing",
       create([](auto& r) {
         auto* t = r.mutable_package()->mutable_terms();
         t->add_notify_thresholds_percent(100);
         t->add_notify_thresholds_percent(80);
       }),
       "package.terms.notify_thresholds_percent[1]"},
      {"threshold 0",
       create([](auto& r) { r.mutable_package()->mutable_terms()->add_notify_thresholds_percent(0); }),
       "package.terms.notify_thresholds_percent[0]"},
      {"bad request_id", create([](auto& r) { r.set_request_id("not-a-uuid"); }), "request_id"},
  };

  auto get = [&](const std::string& name) {
    v1::GetPackageRequest req;
    req.set_name(name);
    v1::Package out;
    return packages_->GetPackage(Admin().get(), req, &out);
  };
  cases.push_back({"get: empty name", get(""), "name"});
  cases.push_back({"get: malformed name", get("packages/../etc"), "name"});
  cases.push_back({"get: wrong collection", get("clients/" + p.name().substr(9)), "name"});
  {
    v1::ListPackagesRequest req;
    req.set_page_token("bogus");
    v1::ListPackagesResponse out;
    cases.push_back({"list: bogus token", packages_->ListPackages(Admin().get(), req, &out), "page_token"});
    req.clear_page_token();
    req.set_page_size(-1);
    cases.push_back({"list: negative size", packages_->ListPackages(Admin().get(), req, &out), "page_size"});
  }
  {
    v1::UpdatePackageRequest req;
    req.mutable_package()->set_name(p.name());
    v1::Package out;
    cases.push_back({"update: no mask", packages_->UpdatePackage(Admin().get(), req, &out), "update_mask"});
    req.mutable_update_mask()->add_paths("current_version");
    cases.push_back({"update: output-only path", packages_->UpdatePackage(Admin().get(), req, &out),
                     "update_mask"});
    req.mutable_update_mask()->set_paths(0, "terms.included_minutes");
    req.mutable_package()->mutable_terms()->set_included_minutes(-3);
    cases.push_back({"update: bad value", packages_->UpdatePackage(Admin().get(), req, &out),
                     "package.terms.included_minutes"});
    req.mutable_package()->set_name("packages/x");
    cases.push_back({"update: malformed name", packages_->UpdatePackage(Admin().get(), req, &out),
                     "package.name"});
  }
  {
    v1::ArchivePackageRequest req;
    req.set_name("packages/");
    v1::Package out;
    cases.push_back({"archive: malformed", packages_->ArchivePackage(Admin().get(), req, &out), "name"});
    v1::UnarchivePackageRequest un;
    un.set_name("nope");
    cases.push_back({"unarchive: malformed", packages_->UnarchivePackage(Admin().get(), un, &out), "name"});
  }
  {
    v1::GetPackageVersionRequest req;
    req.set_name(p.name() + "/versions/zero");
    v1::PackageVersion out;
    cases.push_back({"version: not a number", packages_->GetPackageVersion(Admin().get(), req, &out), "name"});
    req.set_name(p.name() + "/versions/0");
    cases.push_back({"version: zero", packages_->GetPackageVersion(Admin().get(), req, &out), "name"});
    v1::ListPackageVersionsRequest lv;
    lv.set_parent("packages/abc");
    v1::ListPackageVersionsResponse lo;
    cases.push_back({"versions: bad parent", packages_->ListPackageVersions(Admin().get(), lv, &lo), "parent"});
  }

  // Invalid UTF-8 never reaches the service: proto3 strings are checked
  // when gRPC parses the request, which refuses it before any handler runs.
  EXPECT_FALSE(create([](auto& r) { r.mutable_package()->set_display_name("\xff\xfe"); }).ok());

  for (const Case& c : cases) {
    Refusal r = ReadRefusal(c.status);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << c.what << ": " << Describe(c.status);
    EXPECT_EQ(r.reason, "INVALID_FIELD") << c.what;
    EXPECT_EQ(r.domain, "supportbytime.v1") << c.what;
    EXPECT_THAT(r.fields, Contains(c.field)) << c.what << ": " << r.message;
  }
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events"), audits);
  EXPECT_EQ(db_->Scalar("select count(*) from package_versions"), versions);
  EXPECT_EQ(db_->Scalar("select count(*) from packages"), "1");

  // Well-formed names of nothing are NOT_FOUND.
  Refusal missing = ReadRefusal(get("packages/00000000-0000-4000-8000-000000000000"));
  EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.reason, "RESOURCE_NOT_FOUND");
}

}  // namespace
}  // namespace supportbytime::testing
