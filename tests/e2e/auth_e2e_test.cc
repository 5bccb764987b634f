// Authentication and authorization (R15) for every RPC of the package and
// account services: no key, bad key, revoked key, wrong role, other client.
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

class AuthE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    package_ = CreatePackage();
    mine_ = CreateClient("Mine");
    other_ = CreateClient("Other");
    my_sub_ = CreateSubscription(mine_, package_);
    other_sub_ = CreateSubscription(other_, package_);
    operator_key_ = server_->CreateApiKey("OPERATOR");
    client_key_ = server_->CreateApiKey("CLIENT", mine_.name());
  }

  // One call of each RPC, as `key`; `client` is the client it targets.
  std::vector<std::pair<std::string, std::function<grpc::Status(const std::string&)>>> Calls(
      const v1::Client& client, const v1::Subscription& sub) {
    using R = std::vector<std::pair<std::string, std::function<grpc::Status(const std::string&)>>>;
    auto P = [this](auto method, auto req, auto resp) {
      return [this, method, req, resp](const std::string& key) mutable {
        return (packages_.get()->*method)(Ctx(key).get(), req, &resp);
      };
    };
    auto A = [this](auto method, auto req, auto resp) {
      return [this, method, req, resp](const std::string& key) mutable {
        return (accounts_.get()->*method)(Ctx(key).get(), req, &resp);
      };
    };
    using PS = v1::PackageService::Stub;
    using AS = v1::AccountService::Stub;
    v1::CreatePackageRequest cp;
    cp.mutable_package()->set_display_name("New");
    *cp.mutable_package()->mutable_terms() = Terms(60, 15, v1::BILLING_CYCLE_MONTHLY);
    v1::GetPackageRequest gp;
    gp.set_name(package_.name());
    v1::UpdatePackageRequest up;
    up.mutable_package()->set_name(package_.name());
    up.mutable_package()->set_display_name("Renamed");
    up.mutable_update_mask()->add_paths("display_name");
    v1::ArchivePackageRequest ap;
    ap.set_name(package_.name());
    v1::UnarchivePackageRequest unp;
    unp.set_name(package_.name());
    v1::GetPackageVersionRequest gv;
    gv.set_name(package_.name() + "/versions/1");
    v1::ListPackageVersionsRequest lv;
    lv.set_parent(package_.name());
    v1::CreateClientRequest cc;
    cc.mutable_client()->set_display_name("New client");
    cc.mutable_client()->set_currency_code("EUR");
    v1::GetClientRequest gc;
    gc.set_name(client.name());
    v1::UpdateClientRequest uc;
    uc.mutable_client()->set_name(client.name());
    uc.mutable_client()->set_display_name("Renamed");
    uc.mutable_update_mask()->add_paths("display_name");
    v1::CreateSubscriptionRequest cs;
    cs.set_parent(client.name());
    cs.mutable_subscription()->set_package(package_.name());
    v1::GetSubscriptionRequest gs;
    gs.set_name(sub.name());
    v1::ListSubscriptionsRequest ls;
    ls.set_parent(client.name());
    v1::ActivateSubscriptionRequest as;
    as.set_name(sub.name());
    v1::SuspendSubscriptionRequest ss;
    ss.set_name(sub.name());
    v1::TerminateSubscriptionRequest ts;
    ts.set_name(sub.name());
    v1::ChangePackageRequest ch;
    ch.set_name(sub.name());
    ch.set_package(package_.name());
    v1::CreateApiKeyRequest ck;
    ck.mutable_api_key()->set_display_name("k");
    ck.mutable_api_key()->set_role(v1::ROLE_OPERATOR);
    v1::GetApiKeyRequest gk;
    gk.set_name("apiKeys/00000000-0000-4000-8000-000000000000");
    v1::RevokeApiKeyRequest rk;
    rk.set_name("apiKeys/00000000-0000-4000-8000-000000000000");
    return R{
        {"CreatePackage", P(&PS::CreatePackage, cp, v1::Package())},
        {"GetPackage", P(&PS::GetPackage, gp, v1::Package())},
        {"ListPackages", P(&PS::ListPackages, v1::ListPackagesRequest(), v1::ListPackagesResponse())},
        {"UpdatePackage", P(&PS::UpdatePackage, up, v1::Package())},
        {"ArchivePackage", P(&PS::ArchivePackage, ap, v1::Package())},
        {"UnarchivePackage", P(&PS::UnarchivePackage, unp, v1::Package())},
        {"GetPackageVersion", P(&PS::GetPackageVersion, gv, v1::PackageVersion())},
        {"ListPackageVersions", P(&PS::ListPackageVersions, lv, v1::ListPackageVersionsResponse())},
        {"CreateClient", A(&AS::CreateClient, cc, v1::Client())},
        {"GetClient", A(&AS::GetClient, gc, v1::Client())},
        {"ListClients", A(&AS::ListClients, v1::ListClientsRequest(), v1::ListClientsResponse())},
        {"UpdateClient", A(&AS::UpdateClient, uc, v1::Client())},
        {"CreateSubscription", A(&AS::CreateSubscription, cs, v1::Subscription())},
        {"GetSubscription", A(&AS::GetSubscription, gs, v1::Subscription())},
        {"ListSubscriptions", A(&AS::ListSubscriptions, ls, v1::ListSubscriptionsResponse())},
        {"ActivateSubscription", A(&AS::ActivateSubscription, as, v1::Subscription())},
        {"SuspendSubscription", A(&AS::SuspendSubscription, ss, v1::Subscription())},
        {"TerminateSubscription", A(&AS::TerminateSubscription, ts, v1::Subscription())},
        {"ChangePackage", A(&AS::ChangePackage, ch, v1::Subscription())},
        {"CreateApiKey", A(&AS::CreateApiKey, ck, v1::CreateApiKeyResponse())},
        {"GetApiKey", A(&AS::GetApiKey, gk, v1::ApiKey())},
        {"ListApiKeys", A(&AS::ListApiKeys, v1::ListApiKeysRequest(), v1::ListApiKeysResponse())},
        {"RevokeApiKey", A(&AS::RevokeApiKey, rk, v1::ApiKey())},
    };
  }

  std::string Snapshot() {
    return db_->Scalar(
        "select (select count(*) from audit_events) || '/' || (select count(*) from packages) ||"
        " '/' || (select count(*) from clients) || '/' || (select count(*) from subscriptions) ||"
        " '/' || (select count(*) from api_keys) || '/' ||"
        " (select string_agg(display_name, ',' order by id) from clients) || '/' ||"
        " (select string_agg(state, ',' order by id) from subscriptions)");
  }

  v1::Package package_;
  v1::Client mine_, other_;
  v1::Subscription my_sub_, other_sub_;
  std::string operator_key_, client_key_;
};

TEST_F(AuthE2eTest, EveryRpcNeedsAValidKey) {
  const std::string before = Snapshot();
  for (auto& [rpc, call] : Calls(mine_, my_sub_)) {
    Refusal none = ReadRefusal(call(""));
    EXPECT_EQ(none.code, grpc::StatusCode::UNAUTHENTICATED) << rpc;
    EXPECT_EQ(none.reason, "API_KEY_MISSING") << rpc;
    Refusal bad = ReadRefusal(call("sbt_" + std::string(64, '0')));
    EXPECT_EQ(bad.code, grpc::StatusCode::UNAUTHENTICATED) << rpc;
    EXPECT_EQ(bad.reason, "API_KEY_INVALID") << rpc;
    Refusal junk = ReadRefusal(call("letmein"));
    EXPECT_EQ(junk.reason, "API_KEY_INVALID") << rpc;
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(AuthE2eTest, RolesLimitWhatAKeyMayDo) {
  // Reads every role may make; everything else is ADMIN only, except that
  // staff read clients and subscriptions too.
  const std::set<std::string> client_may = {"GetPackage", "ListPackages", "GetPackageVersion",
                                            "ListPackageVersions", "GetClient", "ListClients",
                                            "GetSubscription", "ListSubscriptions"};
  const std::set<std::string> operator_may = client_may;
  const std::string before = Snapshot();
  for (auto& [rpc, call] : Calls(mine_, my_sub_)) {
    for (const auto& [role, key, allowed] :
         {std::tuple{"OPERATOR", operator_key_, operator_may.count(rpc) > 0},
          std::tuple{"CLIENT", client_key_, client_may.count(rpc) > 0}}) {
      grpc::Status st = call(key);
      if (allowed) {
        EXPECT_TRUE(st.ok()) << role << " " << rpc << ": " << Describe(st);
      } else {
        Refusal r = ReadRefusal(st);
        EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED) << role << " " << rpc;
        EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED") << role << " " << rpc;
        EXPECT_EQ(r.metadata["role"], std::string("ROLE_") + role) << rpc;
      }
    }
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(AuthE2eTest, AClientKeyLearnsNothingAboutOtherClients) {
  const std::string before = Snapshot();
  // Another client's resources answer exactly like missing ones.
  for (auto& [rpc, call] : Calls(other_, other_sub_)) {
    if (rpc.find("Package") != std::string::npos || rpc == "ListClients" ||
        rpc.find("ApiKey") != std::string::npos || rpc == "CreateClient") {
      continue;  // not client-scoped
    }
    Refusal r = ReadRefusal(call(client_key_));
    EXPECT_TRUE(r.code == grpc::StatusCode::NOT_FOUND ||
                r.code == grpc::StatusCode::PERMISSION_DENIED)
        << rpc << " " << r.message;
    if (r.code == grpc::StatusCode::NOT_FOUND) {
      EXPECT_EQ(r.reason, "RESOURCE_NOT_FOUND") << rpc;
      EXPECT_THAT(r.message, ::testing::Not(::testing::HasSubstr("Other"))) << rpc;
      // The metadata names only what the request named.
      ASSERT_EQ(r.metadata.size(), 1u) << rpc;
      EXPECT_TRUE(absl::StartsWith(r.metadata["resource_name"], other_.name())) << rpc;
    }
  }
  // Reads of another client's data are NOT_FOUND, identical to a missing id.
  v1::GetClientRequest get;
  get.set_name(other_.name());
  v1::Client out;
  Refusal hidden = ReadRefusal(accounts_->GetClient(Ctx(client_key_).get(), get, &out));
  get.set_name("clients/00000000-0000-4000-8000-000000000000");
  Refusal missing = ReadRefusal(accounts_->GetClient(Ctx(client_key_).get(), get, &out));
  EXPECT_EQ(hidden.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.reason, missing.reason);
  EXPECT_EQ(hidden.message.size(), missing.message.size());

  // Another client's subscription answers exactly like one that does not
  // exist, the documented RESOURCE_NOT_FOUND naming what was asked for.
  v1::GetSubscriptionRequest gs;
  v1::Subscription sub;
  auto get_subscription = [&](const std::string& name) {
    gs.set_name(name);
    return ReadRefusal(accounts_->GetSubscription(Ctx(client_key_).get(), gs, &sub));
  };
  const std::string no_such_id = "00000000-0000-4000-8000-000000000000";
  for (const std::string& name :
       {other_sub_.name(), absl::StrCat(other_.name(), "/subscriptions/", no_such_id),
        absl::StrCat(mine_.name(), "/subscriptions/", no_such_id)}) {
    Refusal r = get_subscription(name);
    EXPECT_EQ(r.code, grpc::StatusCode::NOT_FOUND) << name;
    EXPECT_EQ(r.reason, "RESOURCE_NOT_FOUND") << name;
    EXPECT_EQ(r.domain, "supportbytime.v1") << name;
    EXPECT_THAT(r.metadata, ::testing::ElementsAre(::testing::Pair("resource_name", name)));
    EXPECT_EQ(r.message, name + " was not found.");
  }

  // Lists are narrowed to the key's own client.
  v1::ListClientsResponse clients;
  ASSERT_TRUE(accounts_->ListClients(Ctx(client_key_).get(), {}, &clients).ok());
  ASSERT_EQ(clients.clients_size(), 1);
  EXPECT_EQ(clients.clients(0).name(), mine_.name());
  v1::ListSubscriptionsRequest ls;
  ls.set_parent(other_.name());
  v1::ListSubscriptionsResponse subs;
  EXPECT_EQ(accounts_->ListSubscriptions(Ctx(client_key_).get(), ls, &subs).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ls.set_parent(mine_.name());
  ASSERT_TRUE(accounts_->ListSubscriptions(Ctx(client_key_).get(), ls, &subs).ok());
  ASSERT_EQ(subs.subscriptions_size(), 1);
  EXPECT_EQ(subs.subscriptions(0).name(), my_sub_.name());
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(AuthE2eTest, ARevokedKeyStopsWorking) {
  v1::CreateApiKeyRequest req;
  req.mutable_api_key()->set_display_name("temp");
  req.mutable_api_key()->set_role(v1::ROLE_OPERATOR);
  v1::CreateApiKeyResponse created;
  ASSERT_TRUE(accounts_->CreateApiKey(Admin().get(), req, &created).ok());
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  ASSERT_TRUE(accounts_->RevokeApiKey(Admin().get(), revoke, &revoked).ok());
  // The server remembers verified keys for --auth-cache-ttl (5 s by
  // default); this key was never used, so it is refused at once.
  v1::ListPackagesResponse out;
  Refusal r = ReadRefusal(packages_->ListPackages(Ctx(created.secret()).get(), {}, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(r.reason, "API_KEY_REVOKED");
}

}  // namespace
}  // namespace supportbytime::testing
