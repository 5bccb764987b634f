// AccountService end to end: clients, subscriptions, API keys.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class AccountE2eTest : public E2eTest {};

TEST_F(AccountE2eTest, ClientDefaultsAndSafeSync) {
  v1::Client c = CreateClient("Acme", "EUR", "whmcs-42");
  EXPECT_EQ(c.time_zone(), "Europe/Warsaw");  // the server's default
  EXPECT_EQ(c.currency_code(), "EUR");
  EXPECT_EQ(c.goodwill_credit().units(), 30);  // base deposit EUR 30
  EXPECT_FALSE(c.has_history());

  // The same external_ref returns the existing client and changes nothing.
  v1::Client again = CreateClient("Renamed elsewhere", "EUR", "whmcs-42");
  EXPECT_EQ(again.name(), c.name());
  EXPECT_EQ(again.display_name(), "Acme");
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "1");

  // The default configuration has a goodwill base for EUR only (R22).
  v1::Client jpy = CreateClient("Tokyo", "JPY");
  EXPECT_EQ(jpy.goodwill_credit().units(), 0);
  EXPECT_EQ(jpy.goodwill_credit().currency_code(), "JPY");

  v1::ListClientsRequest list;
  list.set_external_ref("whmcs-42");
  v1::ListClientsResponse found;
  ASSERT_TRUE(accounts_->ListClients(Admin().get(), list, &found).ok());
  ASSERT_EQ(found.clients_size(), 1);
  EXPECT_EQ(found.clients(0).name(), c.name());
}

TEST_F(AccountE2eTest, UpdateClientFollowsTheMask) {
  v1::Client c = CreateClient("Acme", "EUR", "ext-1");
  CreateClient("Other", "EUR", "ext-2");
  v1::UpdateClientRequest up;
  up.mutable_client()->set_name(c.name());
  up.mutable_client()->set_display_name("Acme Ltd");
  up.mutable_client()->set_time_zone("America/New_York");
  up.mutable_client()->set_currency_code("USD");  // not in the mask: ignored
  up.mutable_update_mask()->add_paths("display_name");
  up.mutable_update_mask()->add_paths("time_zone");
  v1::Client out;
  grpc::Status st = accounts_->UpdateClient(Admin().get(), up, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.display_name(), "Acme Ltd");
  EXPECT_EQ(out.time_zone(), "America/New_York");
  EXPECT_EQ(out.currency_code(), "EUR");
  EXPECT_THAT(db_->Scalar("select details::text from audit_events where action = 'UpdateClient'"),
              HasSubstr("America/New_York"));

  up.mutable_client()->set_external_ref("ext-2");
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("external_ref");
  Refusal r = ReadRefusal(accounts_->UpdateClient(Admin().get(), up, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "EXTERNAL_REF_IN_USE");
}

TEST_F(AccountE2eTest, CurrencyAndZoneAreFixedOnceTheClientHasHistory) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient();
  v1::Subscription s = CreateSubscription(c, p);
  // A period is what fixes them; it is created by the first time entry.
  v1::ActivateSubscriptionRequest activate;
  activate.set_name(s.name());
  activate.set_request_id(NewRequestId());
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), activate, &s).ok());
  auto tickets = v1::TicketService::NewStub(server_->channel());
  v1::CreateTicketRequest open;
  open.set_parent(c.name());
  open.mutable_ticket()->set_subscription(s.name());
  open.mutable_ticket()->set_title("Help");
  open.set_request_id(NewRequestId());
  v1::Ticket ticket;
  grpc::Status st = tickets->CreateTicket(Admin().get(), open, &ticket);
  ASSERT_TRUE(st.ok()) << Describe(st);
  auto time_log = v1::TimeLogService::NewStub(server_->channel());
  v1::CreateTimeEntryRequest log;
  log.set_parent(ticket.name());
  log.mutable_time_entry()->set_minutes(10);
  log.set_request_id(NewRequestId());
  v1::TimeEntry entry;
  st = time_log->CreateTimeEntry(Admin().get(), log, &entry);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(db_->Scalar("select count(*) from periods"), "1");
  v1::UpdateClientRequest up;
  up.mutable_client()->set_name(c.name());
  up.mutable_client()->set_time_zone("UTC");
  up.mutable_update_mask()->add_paths("time_zone");
  v1::Client out;
  Refusal r = ReadRefusal(accounts_->UpdateClient(Admin().get(), up, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "CLIENT_HAS_HISTORY");
  EXPECT_EQ(r.metadata["field"], "client.time_zone");
  v1::GetClientRequest get;
  get.set_name(c.name());
  ASSERT_TRUE(accounts_->GetClient(Admin().get(), get, &out).ok());
  EXPECT_TRUE(out.has_history());
  EXPECT_EQ(out.time_zone(), "Europe/Warsaw");
}

TEST_F(AccountE2eTest, SubscriptionLifecycle) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient();
  v1::Subscription s = CreateSubscription(c, p, "svc-1");
  EXPECT_EQ(s.state(), v1::SUBSCRIPTION_STATE_PENDING);
  EXPECT_EQ(s.package(), p.name());
  EXPECT_EQ(s.package_version(), 1);
  EXPECT_EQ(s.billing_cycle(), v1::BILLING_CYCLE_MONTHLY);
  EXPECT_TRUE(s.current_period().empty());
  EXPECT_EQ(CreateSubscription(c, p, "svc-1").name(), s.name());  // safe sync

  auto transition = [&](auto call, const char* reason = "") {
    typename std::remove_reference_t<decltype(call)>::first_type req;
    req.set_name(s.name());
    req.set_reason(reason);
    req.set_request_id(NewRequestId());
    v1::Subscription out;
    grpc::Status st = (accounts_.get()->*call.second)(Admin().get(), req, &out);
    return std::make_pair(st, out);
  };
  using Act = v1::ActivateSubscriptionRequest;
  using Sus = v1::SuspendSubscriptionRequest;
  using Ter = v1::TerminateSubscriptionRequest;
  auto activate = std::make_pair(Act{}, &v1::AccountService::Stub::ActivateSubscription);
  auto suspend = std::make_pair(Sus{}, &v1::AccountService::Stub::SuspendSubscription);
  auto terminate = std::make_pair(Ter{}, &v1::AccountService::Stub::TerminateSubscription);

  EXPECT_EQ(ReadRefusal(transition(suspend).first).reason, "INVALID_STATE_TRANSITION");
  auto [st1, active] = transition(activate, "paid");
  ASSERT_TRUE(st1.ok()) << Describe(st1);
  EXPECT_EQ(active.state(), v1::SUBSCRIPTION_STATE_ACTIVE);
  EXPECT_TRUE(active.has_activate_time());
  EXPECT_FALSE(active.has_suspend_time());
  EXPECT_FALSE(active.has_terminate_time());
  EXPECT_THAT(active.current_period(), ::testing::MatchesRegex(".*/periods/[0-9]{4}-[0-9]{2}"));
  auto [st2, suspended] = transition(suspend, "overdue");
  ASSERT_TRUE(st2.ok());
  EXPECT_EQ(suspended.state(), v1::SUBSCRIPTION_STATE_SUSPENDED);
  auto [st3, resumed] = transition(activate);
  ASSERT_TRUE(st3.ok());
  EXPECT_EQ(resumed.state(), v1::SUBSCRIPTION_STATE_ACTIVE);
  auto [st4, ended] = transition(terminate, "cancelled");
  ASSERT_TRUE(st4.ok());
  EXPECT_EQ(ended.state(), v1::SUBSCRIPTION_STATE_TERMINATED);
  Refusal r = ReadRefusal(transition(activate).first);
  EXPECT_EQ(r.reason, "INVALID_STATE_TRANSITION");
  EXPECT_EQ(r.metadata["state"], "TERMINATED");
  EXPECT_EQ(db_->Scalar("select string_agg(details->>'to', ',' order by seq) from audit_events"
                        " where action like '%Subscription' and action <> 'CreateSubscription'"),
            "ACTIVE,SUSPENDED,ACTIVE,TERMINATED");
}

TEST_F(AccountE2eTest, CurrencyWithoutAPriceIsRefused) {
  v1::Package p = CreatePackage();  // EUR only
  v1::Client c = CreateClient("Dollar Inc", "USD");
  v1::CreateSubscriptionRequest req;
  req.set_parent(c.name());
  req.mutable_subscription()->set_package(p.name());
  v1::Subscription out;
  Refusal r = ReadRefusal(accounts_->CreateSubscription(Admin().get(), req, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "CURRENCY_NOT_PRICED");
  EXPECT_EQ(r.metadata["currency_code"], "USD");
  EXPECT_EQ(r.metadata["package"], p.name());
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions"), "0");
}

TEST_F(AccountE2eTest, ChangePackageFromNextPeriodOrNow) {
  v1::Package pro = CreatePackage("Professional Support", 240, 30);
  v1::Package dev = CreatePackage("Development Support", 1800, 60);
  v1::Package bucket = CreatePackage("Prepaid", 600, 15, v1::BILLING_CYCLE_ONE_TIME);
  v1::Client c = CreateClient();
  v1::Subscription s = CreateSubscription(c, pro);

  // Never activated: nothing was billed yet, so a change applies at once.
  v1::ChangePackageRequest req;
  req.set_name(s.name());
  req.set_package(dev.name());
  v1::Subscription out;
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), req, &out).ok());
  EXPECT_EQ(out.package(), dev.name());
  EXPECT_TRUE(out.next_package().empty());
  req.set_package(pro.name());
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), req, &out).ok());
  EXPECT_EQ(out.package(), pro.name());

  // Once active, from the next month in the client's zone (R3).
  v1::ActivateSubscriptionRequest act;
  act.set_name(s.name());
  ASSERT_TRUE(accounts_->ActivateSubscription(Admin().get(), act, &out).ok());
  req.set_package(dev.name());
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), req, &out).ok());
  EXPECT_EQ(out.package(), pro.name());  // the current period keeps its terms
  EXPECT_EQ(out.next_package(), dev.name());
  absl::TimeZone warsaw;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  const absl::CivilMonth next = absl::CivilMonth(absl::ToCivilMonth(clock_.Now(), warsaw)) + 1;
  EXPECT_EQ(out.next_package_start_month().year(), next.year());
  EXPECT_EQ(out.next_package_start_month().month(), next.month());
  EXPECT_EQ(out.next_package_start_month().day(), 0);  // a month

  req.set_apply_to_current_period(true);
  req.set_reason("upgrade agreed by phone");
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), req, &out).ok());
  EXPECT_EQ(out.package(), dev.name());
  EXPECT_TRUE(out.next_package().empty());
  EXPECT_EQ(db_->Scalar("select details->>'reason' from audit_events where action = 'ChangePackage'"
                        " order by seq desc limit 1"),
            "upgrade agreed by phone");

  req.set_package(bucket.name());
  Refusal r = ReadRefusal(accounts_->ChangePackage(Admin().get(), req, &out));
  EXPECT_EQ(r.reason, "BILLING_CYCLE_MISMATCH");
}

TEST_F(AccountE2eTest, ApiKeysCreateListRevoke) {
  v1::Client c = CreateClient();
  v1::CreateApiKeyRequest req;
  req.mutable_api_key()->set_display_name("Ada (operator)");
  req.mutable_api_key()->set_role(v1::ROLE_OPERATOR);
  req.set_request_id(NewRequestId());
  v1::CreateApiKeyResponse created;
  ASSERT_TRUE(accounts_->CreateApiKey(Admin().get(), req, &created).ok());
  EXPECT_THAT(created.secret(), ::testing::StartsWith(created.api_key().key_prefix()));
  EXPECT_EQ(created.api_key().state(), v1::API_KEY_STATE_ACTIVE);
  // Only a hash is stored: the secret appears nowhere in the database.
  EXPECT_EQ(db_->Scalar("select count(*) from api_keys where encode(key_hash, 'hex') like '%" +
                        created.secret().substr(4, 16) + "%'"),
            "0");
  EXPECT_EQ(db_->Scalar("select count(*) from idempotency_keys where encode(response, 'escape') like '%" +
                        created.secret() + "%'"),
            "0");

  // The key works until it is revoked.
  v1::ListPackagesRequest lp;
  v1::ListPackagesResponse lpr;
  EXPECT_TRUE(packages_->ListPackages(Ctx(created.secret()).get(), lp, &lpr).ok());

  v1::ListApiKeysRequest list;
  list.set_role(v1::ROLE_OPERATOR);
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(accounts_->ListApiKeys(Admin().get(), list, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 1);
  EXPECT_EQ(keys.api_keys(0).name(), created.api_key().name());

  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  ASSERT_TRUE(accounts_->RevokeApiKey(Admin().get(), revoke, &revoked).ok());
  EXPECT_EQ(revoked.state(), v1::API_KEY_STATE_REVOKED);
  Refusal again = ReadRefusal(accounts_->RevokeApiKey(Admin().get(), revoke, &revoked));
  EXPECT_EQ(again.reason, "INVALID_STATE_TRANSITION");
  EXPECT_EQ(again.metadata["resource_name"], created.api_key().name());
  EXPECT_EQ(again.metadata["state"], "REVOKED");

  // A CLIENT key needs its client, and only it.
  v1::CreateApiKeyRequest client_key;
  client_key.mutable_api_key()->set_display_name("Acme portal");
  client_key.mutable_api_key()->set_role(v1::ROLE_CLIENT);
  Refusal missing = ReadRefusal(accounts_->CreateApiKey(Admin().get(), client_key, &created));
  EXPECT_THAT(missing.fields, Contains("api_key.client"));
  client_key.mutable_api_key()->set_client(c.name());
  ASSERT_TRUE(accounts_->CreateApiKey(Admin().get(), client_key, &created).ok());
  EXPECT_EQ(created.api_key().client(), c.name());
}

TEST_F(AccountE2eTest, TheLastAdminKeyCannotBeRevoked) {
  v1::ListApiKeysRequest list;
  list.set_role(v1::ROLE_ADMIN);
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(accounts_->ListApiKeys(Admin().get(), list, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 1);
  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(keys.api_keys(0).name());
  v1::ApiKey out;
  Refusal r = ReadRefusal(accounts_->RevokeApiKey(Admin().get(), revoke, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "LAST_ADMIN_KEY");
  EXPECT_EQ(r.metadata["resource_name"], keys.api_keys(0).name());
}

TEST_F(AccountE2eTest, BadInputIsRefusedAndChangesNothing) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient();
  v1::Subscription s = CreateSubscription(c, p);
  const std::string audits = db_->Scalar("select count(*) from audit_events");
  const std::string huge(300, 'x');
  struct Case {
    const char* what;
    grpc::Status status;
    const char* field;
  };
  std::vector<Case> cases;
  auto create_client = [&](auto edit) {
    v1::CreateClientRequest req;
    req.mutable_client()->set_display_name("X");
    req.mutable_client()->set_currency_code("EUR");
    edit(req);
    v1::Client out;
    return accounts_->CreateClient(Admin().get(), req, &out);
  };
  cases.push_back({"client: missing", create_client([](auto& r) { r.clear_client(); }), "client"});
  cases.push_back({"client: no name", create_client([](auto& r) { r.mutable_client()->set_display_name(""); }),
                   "client.display_name"});
  cases.push_back({"client: currency", create_client([](auto& r) { r.mutable_client()->set_currency_code("EU"); }),
                   "client.currency_code"});
  cases.push_back({"client: lower currency",
                   create_client([](auto& r) { r.mutable_client()->set_currency_code("eur"); }),
                   "client.currency_code"});
  cases.push_back({"client: zone", create_client([](auto& r) { r.mutable_client()->set_time_zone("Mars/Olympus"); }),
                   "client.time_zone"});
  cases.push_back({"client: offset zone",
                   create_client([](auto& r) { r.mutable_client()->set_time_zone("UTC+1"); }),
                   "client.time_zone"});
  cases.push_back({"client: external_ref", create_client([&](auto& r) { r.mutable_client()->set_external_ref(huge); }),
                   "client.external_ref"});
  cases.push_back({"client: request_id", create_client([](auto& r) { r.set_request_id("1234"); }), "request_id"});
  {
    v1::GetClientRequest req;
    req.set_name("clients/not-a-uuid");
    v1::Client out;
    cases.push_back({"get client", accounts_->GetClient(Admin().get(), req, &out), "name"});
    v1::ListClientsRequest list;
    list.set_page_token("AAAA");
    v1::ListClientsResponse lo;
    cases.push_back({"list clients: token", accounts_->ListClients(Admin().get(), list, &lo), "page_token"});
    v1::UpdateClientRequest up;
    up.mutable_client()->set_name(c.name());
    cases.push_back({"update client: no mask", accounts_->UpdateClient(Admin().get(), up, &out), "update_mask"});
    up.mutable_update_mask()->add_paths("goodwill_credit");
    cases.push_back({"update client: bad path", accounts_->UpdateClient(Admin().get(), up, &out), "update_mask"});
    up.mutable_update_mask()->set_paths(0, "currency_code");
    up.mutable_client()->set_currency_code("XYZ");
    cases.push_back({"update client: currency", accounts_->UpdateClient(Admin().get(), up, &out),
                     "client.currency_code"});
  }
  {
    v1::CreateSubscriptionRequest req;
    req.set_parent("clients/");
    req.mutable_subscription()->set_package(p.name());
    v1::Subscription out;
    cases.push_back({"subscription: parent", accounts_->CreateSubscription(Admin().get(), req, &out), "parent"});
    req.set_parent(c.name());
    req.mutable_subscription()->set_package("package/1");
    cases.push_back({"subscription: package", accounts_->CreateSubscription(Admin().get(), req, &out),
                     "subscription.package"});
    v1::GetSubscriptionRequest get;
    get.set_name(c.name() + "/subscriptions/");
    cases.push_back({"get subscription", accounts_->GetSubscription(Admin().get(), get, &out), "name"});
    v1::ListSubscriptionsRequest list;
    list.set_parent(c.name());
    list.set_state(static_cast<v1::SubscriptionState>(42));
    v1::ListSubscriptionsResponse lo;
    cases.push_back({"list subscriptions: state", accounts_->ListSubscriptions(Admin().get(), list, &lo), "state"});
    v1::ActivateSubscriptionRequest act;
    act.set_name("clients/x/subscriptions/y");
    cases.push_back({"activate", accounts_->ActivateSubscription(Admin().get(), act, &out), "name"});
    v1::SuspendSubscriptionRequest sus;
    sus.set_name(s.name());
    sus.set_reason(std::string(600, 'r'));
    cases.push_back({"suspend: reason", accounts_->SuspendSubscription(Admin().get(), sus, &out), "reason"});
    v1::TerminateSubscriptionRequest ter;
    ter.set_name("");
    cases.push_back({"terminate", accounts_->TerminateSubscription(Admin().get(), ter, &out), "name"});
    v1::ChangePackageRequest ch;
    ch.set_name(s.name());
    ch.set_package("");
    cases.push_back({"change package", accounts_->ChangePackage(Admin().get(), ch, &out), "package"});
  }
  {
    v1::CreateApiKeyRequest req;
    req.mutable_api_key()->set_display_name("k");
    v1::CreateApiKeyResponse out;
    cases.push_back({"key: role", accounts_->CreateApiKey(Admin().get(), req, &out), "api_key.role"});
    req.mutable_api_key()->set_role(v1::ROLE_ADMIN);
    req.mutable_api_key()->set_client(c.name());
    cases.push_back({"key: client on admin", accounts_->CreateApiKey(Admin().get(), req, &out), "api_key.client"});
    v1::GetApiKeyRequest get;
    get.set_name("apiKeys/1");
    v1::ApiKey key;
    cases.push_back({"get key", accounts_->GetApiKey(Admin().get(), get, &key), "name"});
    v1::ListApiKeysRequest list;
    list.set_page_size(-5);
    v1::ListApiKeysResponse lo;
    cases.push_back({"list keys", accounts_->ListApiKeys(Admin().get(), list, &lo), "page_size"});
    v1::RevokeApiKeyRequest rev;
    rev.set_name("keys/1");
    cases.push_back({"revoke", accounts_->RevokeApiKey(Admin().get(), rev, &key), "name"});
  }
  for (const Case& k : cases) {
    Refusal r = ReadRefusal(k.status);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << k.what << ": " << Describe(k.status);
    EXPECT_EQ(r.reason, "INVALID_FIELD") << k.what;
    EXPECT_THAT(r.fields, Contains(k.field)) << k.what << ": " << r.message;
  }
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events"), audits);
  EXPECT_EQ(db_->Scalar("select count(*) from clients"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from api_keys"), "1");
}

}  // namespace
}  // namespace supportbytime::testing
