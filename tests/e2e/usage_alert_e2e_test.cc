// Usage alerts end to end (R14): created by logging time, listed oldest
// first with filters and paging, acknowledged once, scoped per client.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/time_log_fixture.h"

namespace supportbytime::testing {
namespace {

std::string LastSegment(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  return parts.back();
}

// "clients/{c}/subscriptions/{s}/periods/YYYY-MM" of the month `now` is in,
// in the clients' default zone.
std::string CurrentPeriod(const std::string& subscription) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  const absl::CivilMonth m(tz.At(absl::Now()).cs);
  return absl::StrCat(subscription, "/periods/", absl::FormatCivilTime(m));
}

class UsageAlertE2eTest : public TimeLogFixture {
 protected:
  void SetUp() override {
    TimeLogFixture::SetUp();
    billing_ = v1::BillingService::NewStub(server_->channel());
  }
  void TearDown() override {
    billing_.reset();
    TimeLogFixture::TearDown();
  }

  // An ACTIVE subscription of a 100-minute package billed in 10-minute
  // steps (thresholds 80 and 100) for `client`.
  v1::Subscription ActiveSubscription(const v1::Client& client) {
    return Activate(CreateSubscription(client, CreatePackage("Hundred", 100, 10)));
  }

  void Delete(const v1::TimeEntry& e) {
    v1::DeleteTimeEntryRequest req;
    req.set_name(e.name());
    req.set_request_id(NewRequestId());
    v1::TimeEntry out;
    grpc::Status st = log_->DeleteTimeEntry(Ctx(operator_key_).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  }

  grpc::Status List(const v1::ListUsageAlertsRequest& req, v1::ListUsageAlertsResponse* out,
                    const std::string& key = "") {
    return billing_->ListUsageAlerts(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  std::vector<v1::UsageAlert> ListAll(const std::string& parent, bool unacknowledged_only = false,
                                      const std::string& subscription = "") {
    v1::ListUsageAlertsRequest req;
    req.set_parent(parent);
    req.set_unacknowledged_only(unacknowledged_only);
    req.set_subscription(subscription);
    v1::ListUsageAlertsResponse out;
    grpc::Status st = List(req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return {out.usage_alerts().begin(), out.usage_alerts().end()};
  }

  grpc::Status Acknowledge(const std::string& name, const std::string& request_id,
                           v1::UsageAlert* out, const std::string& key = "") {
    v1::AcknowledgeUsageAlertRequest req;
    req.set_name(name);
    req.set_request_id(request_id);
    return billing_->AcknowledgeUsageAlert(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  // A client with one subscription whose usage crossed 80 % and 100 %.
  struct Alerted {
    v1::Client client;
    v1::Subscription subscription;
  };
  Alerted ClientWithAlerts(const std::string& name) {
    Alerted a{CreateClient(name), {}};
    a.subscription = ActiveSubscription(a.client);
    const std::string t = InsertTicket(a.subscription);
    MustLog(t, 80);
    MustLog(t, 20);
    return a;
  }

  std::string Count(const std::string& sql) { return db_->Scalar(sql); }

  std::unique_ptr<v1::BillingService::Stub> billing_;
};

TEST_F(UsageAlertE2eTest, OneAlertPerThresholdEvenWhenUsageDropsAndRisesAgain) {
  const v1::Client client = CreateClient();
  const v1::Subscription sub = ActiveSubscription(client);
  const std::string t = InsertTicket(sub);
  const v1::TimeEntry a = MustLog(t, 75);  // billed 80 of 100: 80 %
  std::vector<v1::UsageAlert> alerts = ListAll(client.name());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].threshold_percent(), 80);
  EXPECT_EQ(alerts[0].used_minutes(), 80);
  EXPECT_EQ(alerts[0].included_minutes(), 100);
  EXPECT_EQ(alerts[0].level(), v1::USAGE_LEVEL_WARNING);
  EXPECT_EQ(alerts[0].subscription(), sub.name());
  EXPECT_EQ(alerts[0].period(), CurrentPeriod(sub.name()));
  EXPECT_EQ(alerts[0].name().rfind(client.name() + "/usageAlerts/", 0), 0u) << alerts[0].name();
  EXPECT_FALSE(alerts[0].acknowledged());
  EXPECT_FALSE(alerts[0].has_acknowledge_time());
  EXPECT_TRUE(alerts[0].has_create_time());

  const v1::TimeEntry b = MustLog(t, 20);  // 100 %
  alerts = ListAll(client.name());
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].threshold_percent(), 80);  // oldest first
  EXPECT_EQ(alerts[1].threshold_percent(), 100);
  EXPECT_EQ(alerts[1].used_minutes(), 100);
  EXPECT_EQ(alerts[1].level(), v1::USAGE_LEVEL_EXCEEDED);

  // Usage drops below both thresholds and rises past them again: no new alert.
  Delete(b);
  Delete(a);
  MustLog(t, 100);
  alerts = ListAll(client.name());
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].used_minutes(), 80);
  EXPECT_EQ(alerts[1].used_minutes(), 100);
  EXPECT_EQ(Count("select count(*) from usage_alerts"), "2");
}

TEST_F(UsageAlertE2eTest, ListsOldestFirstWithFiltersAndPages) {
  const Alerted acme = ClientWithAlerts("Acme");
  const Alerted beta = ClientWithAlerts("Beta");
  const std::vector<v1::UsageAlert> all = ListAll("clients/-");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].subscription(), acme.subscription.name());
  EXPECT_EQ(all[1].subscription(), acme.subscription.name());
  EXPECT_EQ(all[2].subscription(), beta.subscription.name());
  EXPECT_EQ(all[3].subscription(), beta.subscription.name());

  // Page by page, the same alerts in the same order.
  v1::ListUsageAlertsRequest req;
  req.set_parent("clients/-");
  req.set_page_size(1);
  std::vector<std::string> paged;
  for (int i = 0; i < 10; ++i) {
    v1::ListUsageAlertsResponse page;
    grpc::Status st = List(req, &page);
    ASSERT_TRUE(st.ok()) << Describe(st);
    ASSERT_LE(page.usage_alerts_size(), 1);
    for (const auto& a : page.usage_alerts()) paged.push_back(a.name());
    if (page.next_page_token().empty()) break;
    req.set_page_token(page.next_page_token());
  }
  ASSERT_EQ(paged.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(paged[i], all[i].name());

  // A token is bound to the filters it was made for.
  req.set_page_size(1);
  req.clear_page_token();
  v1::ListUsageAlertsResponse first;
  ASSERT_TRUE(List(req, &first).ok());
  req.set_page_token(first.next_page_token());
  req.set_unacknowledged_only(true);
  v1::ListUsageAlertsResponse out;
  Refusal r = ReadRefusal(List(req, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(r.reason, "INVALID_FIELD");
  EXPECT_EQ(r.fields, std::vector<std::string>{"page_token"});

  // One client; one subscription; only the unacknowledged.
  EXPECT_EQ(ListAll(beta.client.name()).size(), 2u);
  const std::vector<v1::UsageAlert> of_sub = ListAll("clients/-", false, acme.subscription.name());
  ASSERT_EQ(of_sub.size(), 2u);
  EXPECT_EQ(of_sub[0].subscription(), acme.subscription.name());
  EXPECT_EQ(ListAll(acme.client.name(), false, acme.subscription.name()).size(), 2u);
  v1::UsageAlert acked;
  ASSERT_TRUE(Acknowledge(all[0].name(), NewRequestId(), &acked).ok());
  const std::vector<v1::UsageAlert> pending = ListAll("clients/-", true);
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0].name(), all[1].name());
  EXPECT_EQ(ListAll(acme.client.name(), true).size(), 1u);
}

TEST_F(UsageAlertE2eTest, AcknowledgeOnceAuditedAndIdempotent) {
  const Alerted acme = ClientWithAlerts("Acme");
  const std::vector<v1::UsageAlert> alerts = ListAll(acme.client.name());
  ASSERT_EQ(alerts.size(), 2u);

  const std::string rid = NewRequestId();
  v1::UsageAlert first, replay, again;
  grpc::Status st = Acknowledge(alerts[0].name(), rid, &first);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_TRUE(first.acknowledged());
  ASSERT_TRUE(first.has_acknowledge_time());
  EXPECT_EQ(first.threshold_percent(), 80);

  // The same request replays the first answer.
  ASSERT_TRUE(Acknowledge(alerts[0].name(), rid, &replay).ok());
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  // The same request_id for another alert is refused.
  v1::UsageAlert out;
  Refusal reused = ReadRefusal(Acknowledge(alerts[1].name(), rid, &out));
  EXPECT_EQ(reused.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reused.reason, "REQUEST_ID_REUSED");
  EXPECT_FALSE(ListAll(acme.client.name())[1].acknowledged());

  // Acknowledging again changes nothing and returns it.
  ASSERT_TRUE(Acknowledge(alerts[0].name(), NewRequestId(), &again).ok());
  EXPECT_TRUE(again.acknowledged());
  EXPECT_EQ(again.acknowledge_time().seconds(), first.acknowledge_time().seconds());
  EXPECT_EQ(again.acknowledge_time().nanos(), first.acknowledge_time().nanos());
  EXPECT_EQ(Count("select count(*) from audit_events where action = 'AcknowledgeUsageAlert'"), "1");
  EXPECT_EQ(Count("select count(*) from usage_alerts where acknowledged_at is not null"), "1");
  const std::vector<v1::UsageAlert> listed = ListAll(acme.client.name());
  EXPECT_TRUE(listed[0].acknowledged());
  EXPECT_EQ(listed[0].acknowledge_time().seconds(), first.acknowledge_time().seconds());
}

TEST_F(UsageAlertE2eTest, RolesAndClientScope) {
  const Alerted acme = ClientWithAlerts("Acme");
  const Alerted beta = ClientWithAlerts("Beta");
  const std::string acme_key = server_->CreateApiKey("CLIENT", acme.client.name(), "Acme");
  const std::string alert = ListAll(acme.client.name())[0].name();

  // A CLIENT key sees its own alerts only.
  v1::ListUsageAlertsRequest req;
  req.set_parent(acme.client.name());
  v1::ListUsageAlertsResponse out;
  grpc::Status st = List(req, &out, acme_key);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.usage_alerts_size(), 2);

  req.set_parent(beta.client.name());
  Refusal other = ReadRefusal(List(req, &out, acme_key));
  EXPECT_EQ(other.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(other.reason, "RESOURCE_NOT_FOUND");

  req.set_parent("clients/-");
  EXPECT_EQ(ReadRefusal(List(req, &out, acme_key)).code, grpc::StatusCode::PERMISSION_DENIED);

  // Its own parent with another client's subscription filter.
  req.set_parent(acme.client.name());
  req.set_subscription(beta.subscription.name());
  Refusal mixed = ReadRefusal(List(req, &out, acme_key));
  EXPECT_EQ(mixed.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(mixed.fields, std::vector<std::string>{"subscription"});

  // OPERATOR reads every client; only ADMIN acknowledges.
  req.clear_subscription();
  req.set_parent("clients/-");
  ASSERT_TRUE(List(req, &out, operator_key_).ok());
  EXPECT_EQ(out.usage_alerts_size(), 4);
  v1::UsageAlert acked;
  Refusal op = ReadRefusal(Acknowledge(alert, NewRequestId(), &acked, operator_key_));
  EXPECT_EQ(op.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(op.reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReadRefusal(Acknowledge(alert, NewRequestId(), &acked, acme_key)).code,
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("select count(*) from usage_alerts where acknowledged_at is not null"), "0");
}

TEST_F(UsageAlertE2eTest, BadInputAndUnknownResources) {
  const Alerted acme = ClientWithAlerts("Acme");
  const Alerted beta = ClientWithAlerts("Beta");
  v1::ListUsageAlertsResponse out;
  auto list_refusal = [&](const std::string& parent, const std::string& subscription,
                          int page_size) {
    v1::ListUsageAlertsRequest req;
    req.set_parent(parent);
    req.set_subscription(subscription);
    req.set_page_size(page_size);
    return ReadRefusal(List(req, &out));
  };
  for (const std::string& parent : {std::string(), std::string("clients"),
                                    std::string("clients/42"), std::string("tickets/-")}) {
    Refusal r = list_refusal(parent, "", 0);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << parent;
    EXPECT_EQ(r.reason, "INVALID_FIELD") << parent;
    EXPECT_EQ(r.fields, std::vector<std::string>{"parent"}) << parent;
  }
  Refusal sub = list_refusal("clients/-", "subscriptions/x", 0);
  EXPECT_EQ(sub.fields, std::vector<std::string>{"subscription"});
  Refusal size = list_refusal("clients/-", "", -1);
  EXPECT_EQ(size.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(size.fields, std::vector<std::string>{"page_size"});
  Refusal missing = list_refusal("clients/00000000-0000-4000-8000-000000000000", "", 0);
  EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.reason, "RESOURCE_NOT_FOUND");

  v1::UsageAlert acked;
  for (const std::string& name :
       {std::string(), std::string("clients/-/usageAlerts/-"), acme.client.name()}) {
    Refusal r = ReadRefusal(Acknowledge(name, NewRequestId(), &acked));
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(r.fields, std::vector<std::string>{"name"}) << name;
  }
  Refusal bad_id =
      ReadRefusal(Acknowledge(ListAll(acme.client.name())[0].name(), "not-a-uuid", &acked));
  EXPECT_EQ(bad_id.fields, std::vector<std::string>{"request_id"});
  // An unknown alert, and an existing alert named under another client.
  Refusal unknown = ReadRefusal(
      Acknowledge(acme.client.name() + "/usageAlerts/00000000-0000-4000-8000-000000000000",
                  NewRequestId(), &acked));
  EXPECT_EQ(unknown.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.reason, "RESOURCE_NOT_FOUND");
  const std::string beta_alert = ListAll(beta.client.name())[0].name();
  Refusal crossed = ReadRefusal(Acknowledge(
      acme.client.name() + "/usageAlerts/" + LastSegment(beta_alert), NewRequestId(), &acked));
  EXPECT_EQ(crossed.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("select count(*) from usage_alerts where acknowledged_at is not null"), "0");
}

}  // namespace
}  // namespace supportbytime::testing
