// Fixture of the end-to-end tests that log time: packages with every
// rounding option, ACTIVE subscriptions (in any client time zone), tickets,
// entries, and a check that running totals equal the entries.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_TIME_LOG_FIXTURE_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_TIME_LOG_FIXTURE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {

inline google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

inline absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone());
}

inline absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  absl::LoadTimeZone("Europe/Warsaw", &tz);
  return tz;
}

// The month that holds now in Warsaw (the test clients' zone).
inline absl::CivilMonth ThisMonthInWarsaw() {
  return absl::CivilMonth(absl::ToCivilSecond(absl::Now(), Warsaw()));
}

// Day `day` of `month`, `hour`:00 in Warsaw.
inline absl::Time InWarsaw(absl::CivilMonth month, int day, int hour) {
  return absl::FromCivil(absl::CivilHour(month.year(), month.month(), day, hour), Warsaw());
}

inline std::string LastSegment(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  return parts.back();
}

class TimeLogFixture : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    operator_key_ = server_->CreateApiKey("OPERATOR", "", "Olga Operator");
  }
  void Connect() override {
    E2eTest::Connect();
    log_ = v1::TimeLogService::NewStub(server_->channel());
    ticket_service_ = v1::TicketService::NewStub(server_->channel());
    billing_service_ = v1::BillingService::NewStub(server_->channel());
  }
  void Disconnect() override {
    log_.reset();
    ticket_service_.reset();
    billing_service_.reset();
    E2eTest::Disconnect();
  }

  // Puts the server's clock at `now`, so month boundaries can be crossed.
  void RestartServerAt(absl::Time now) { clock_.Set(now); }

  struct PackageOptions {
    v1::RoundingScope scope = v1::ROUNDING_SCOPE_ENTRY;
    v1::RoundingDirection direction = v1::ROUNDING_DIRECTION_UP;
    bool require_approval = true;
    bool show_work_log = false;
  };

  v1::Package MakePackage(const std::string& display_name, int included, int increment,
                          v1::BillingCycle cycle, const PackageOptions& o) {
    v1::PackageTerms terms = Terms(included, increment, cycle);
    terms.mutable_rounding()->set_scope(o.scope);
    terms.mutable_rounding()->set_direction(o.direction);
    terms.set_require_overage_approval(o.require_approval);
    terms.set_show_work_log_to_client(o.show_work_log);
    return CreatePackageWithTerms(display_name, terms);
  }

  // A client with an ACTIVE subscription of `package`.
  v1::Subscription ActiveSubscription(const v1::Package& package,
                                      const std::string& time_zone = "") {
    return Activate(CreateSubscription(CreateClient("Acme", "EUR", "", time_zone), package));
  }

  // Activated as of 2000-01-01 (R20: an ADMIN may back-date the activation),
  // so that tests may log work into any past month they need.
  v1::Subscription Activate(const v1::Subscription& s,
                            absl::Time since = absl::FromCivil(absl::CivilDay(2000, 1, 1),
                                                               absl::UTCTimeZone())) {
    v1::ActivateSubscriptionRequest req;
    req.set_name(s.name());
    req.set_request_id(NewRequestId());
    const int64_t us = absl::ToUnixMicros(since);
    req.mutable_activate_time()->set_seconds(us / 1000000);
    req.mutable_activate_time()->set_nanos(static_cast<int32_t>(us % 1000000) * 1000);
    v1::Subscription out;
    grpc::Status st = accounts_->ActivateSubscription(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  // Opens a ticket on the subscription (TicketService, as the admin);
  // returns its name.
  std::string InsertTicket(const v1::Subscription& sub, const std::string& title = "Help") {
    v1::CreateTicketRequest req;
    req.set_parent(sub.name().substr(0, sub.name().find("/subscriptions/")));
    req.mutable_ticket()->set_subscription(sub.name());
    req.mutable_ticket()->set_title(title);
    req.set_request_id(NewRequestId());
    v1::Ticket out;
    grpc::Status st = ticket_service_->CreateTicket(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out.name();
  }

  // Closes and reopens a ticket through TicketService, as the admin.
  void CloseTicket(const std::string& ticket) {
    v1::CloseTicketRequest req;
    req.set_name(ticket);
    req.set_request_id(NewRequestId());
    v1::Ticket out;
    grpc::Status st = ticket_service_->CloseTicket(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  }
  void ReopenTicket(const std::string& ticket) {
    v1::ReopenTicketRequest req;
    req.set_name(ticket);
    req.set_request_id(NewRequestId());
    v1::Ticket out;
    grpc::Status st = ticket_service_->ReopenTicket(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  }

  // Approves overage on the ticket for every month from 2000 to a year
  // ahead and for the bucket: R8 is per period, and these tests are about
  // something else. ticket_e2e_test covers the approval itself.
  void Approve(const std::string& ticket) {
    Sql(absl::StrCat(
        "insert into overage_approvals (ticket_id, subscription_id, client_id, month, state,"
        " decided_at, decided_by)"
        " select t.id, t.subscription_id, t.client_id, m.month, 'APPROVED', now(), 'Client'"
        " from tickets t, (select cast(g as date) from generate_series(date '2000-01-01',"
        "   now() + interval '1 year', interval '1 month') g union all select null) m(month)"
        " where t.id = '",
        LastSegment(ticket), "' on conflict do nothing"));
  }

  // Suspends the subscription (AccountService, as the admin).
  void Suspend(const v1::Subscription& sub) {
    v1::SuspendSubscriptionRequest req;
    req.set_name(sub.name());
    req.set_request_id(NewRequestId());
    v1::Subscription out;
    grpc::Status st = accounts_->SuspendSubscription(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
  }

  // Runs ClosePeriods (BillingService, as the admin) as of `as_of` (the
  // server's now by default): every month ended by then is CLOSED.
  v1::ClosePeriodsResponse ClosePeriods(std::optional<absl::Time> as_of = std::nullopt) {
    v1::ClosePeriodsRequest req;
    if (as_of) *req.mutable_as_of() = Ts(*as_of);
    req.set_request_id(NewRequestId());
    v1::ClosePeriodsResponse out;
    grpc::Status st = billing_service_->ClosePeriods(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  grpc::Status Log(const std::string& ticket, int minutes, v1::TimeEntry* out,
                   std::optional<absl::Time> work_time = std::nullopt, const std::string& note = "",
                   const std::string& key = "") {
    v1::CreateTimeEntryRequest req;
    req.set_parent(ticket);
    req.mutable_time_entry()->set_minutes(minutes);
    req.mutable_time_entry()->set_note(note);
    if (work_time) *req.mutable_time_entry()->mutable_work_time() = Ts(*work_time);
    req.set_request_id(NewRequestId());
    return log_->CreateTimeEntry(Ctx(key.empty() ? operator_key_ : key).get(), req, out);
  }

  v1::TimeEntry MustLog(const std::string& ticket, int minutes,
                        std::optional<absl::Time> work_time = std::nullopt) {
    v1::TimeEntry e;
    grpc::Status st = Log(ticket, minutes, &e, work_time);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return e;
  }

  // Logs time that is never billed (R21).
  grpc::Status LogNonBillable(const std::string& ticket, int minutes, v1::TimeEntry* out,
                              std::optional<absl::Time> work_time = std::nullopt,
                              const std::string& key = "") {
    v1::CreateTimeEntryRequest req;
    req.set_parent(ticket);
    req.mutable_time_entry()->set_minutes(minutes);
    req.mutable_time_entry()->set_billable(false);
    if (work_time) *req.mutable_time_entry()->mutable_work_time() = Ts(*work_time);
    req.set_request_id(NewRequestId());
    return log_->CreateTimeEntry(Ctx(key.empty() ? operator_key_ : key).get(), req, out);
  }

  v1::TimeEntry MustLogNonBillable(const std::string& ticket, int minutes,
                                   std::optional<absl::Time> work_time = std::nullopt) {
    v1::TimeEntry e;
    grpc::Status st = LogNonBillable(ticket, minutes, &e, work_time);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return e;
  }

  // UpdateTimeEntry of the billable flag alone (update_mask "billable").
  grpc::Status SetBillable(const std::string& entry, bool billable, v1::TimeEntry* out,
                           const std::string& key = "") {
    v1::UpdateTimeEntryRequest req;
    req.mutable_time_entry()->set_name(entry);
    req.mutable_time_entry()->set_billable(billable);
    req.mutable_update_mask()->add_paths("billable");
    req.set_request_id(NewRequestId());
    return log_->UpdateTimeEntry(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  v1::Period GetPeriod(const std::string& name) {
    v1::GetPeriodRequest req;
    req.set_name(name);
    v1::Period p;
    grpc::Status st = log_->GetPeriod(Admin().get(), req, &p);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return p;
  }

  v1::TimeEntry GetEntry(const std::string& name) {
    v1::GetTimeEntryRequest req;
    req.set_name(name);
    v1::TimeEntry e;
    grpc::Status st = log_->GetTimeEntry(Admin().get(), req, &e);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return e;
  }

  void Sql(const std::string& sql) { EXPECT_EQ(db_->Exec(sql), "") << sql; }

  std::string Count(const std::string& table) {
    return db_->Scalar(absl::StrCat("select count(*) from ", table));
  }

  // The running totals equal the sums over the live entries.
  void ExpectTotalsConsistent() {
    EXPECT_EQ(
        db_->Scalar("select count(*) from periods p where used_minutes <> coalesce((select"
                    " sum(billed_minutes) from time_entries e where e.period_id = p.id and"
                    " deleted_at is null), 0) or raw_minutes <> coalesce((select sum(minutes) from"
                    " time_entries e where e.period_id = p.id and deleted_at is null), 0)"
                    " or entry_count <> (select count(*) from time_entries e where e.period_id ="
                    " p.id and deleted_at is null) or overage_minutes <> coalesce((select"
                    " sum(overage_minutes) from time_entries e where e.period_id = p.id and"
                    " deleted_at is null), 0)"),
        "0");
    EXPECT_EQ(db_->Scalar(
                  "select count(*) from period_tickets pt where billed_minutes <> coalesce((select"
                  " sum(billed_minutes) from time_entries e where e.period_id = pt.period_id and"
                  " e.ticket_id = pt.ticket_id and deleted_at is null), 0) or overage_minutes <>"
                  " coalesce((select sum(overage_minutes) from time_entries e where e.period_id ="
                  " pt.period_id and e.ticket_id = pt.ticket_id and deleted_at is null), 0)"),
              "0");
    // Raw minutes and entry counts include non-billable entries (R21).
    EXPECT_EQ(db_->Scalar("select count(*) from period_tickets pt, lateral (select"
                          " coalesce(sum(minutes), 0) as raw, count(*) as n,"
                          " coalesce(sum(minutes) filter (where not billable), 0) as nb"
                          " from time_entries e where e.period_id = pt.period_id and"
                          " e.ticket_id = pt.ticket_id and deleted_at is null) x"
                          " where pt.raw_minutes <> x.raw or pt.entry_count <> x.n"
                          " or pt.non_billable_minutes <> x.nb"),
              "0");
  }

  std::unique_ptr<v1::TimeLogService::Stub> log_;
  std::unique_ptr<v1::TicketService::Stub> ticket_service_;
  std::unique_ptr<v1::BillingService::Stub> billing_service_;
  std::string operator_key_;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_TIME_LOG_FIXTURE_H_
