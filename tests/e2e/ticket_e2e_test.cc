// TicketService end to end: lifecycle, safe sync, SLA (R13), overage
// approval (R8), timeline, visibility (R15) and bad input.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "server/domain/business_calendar.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An instant given in Warsaw wall-clock time.
absl::Time Warsaw(int y, int mo, int d, int h, int mi = 0) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), tz);
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

class TicketE2eTest : public E2eTest {
 protected:
  void Connect() override {
    E2eTest::Connect();
    tickets_ = v1::TicketService::NewStub(server_->channel());
  }
  void Disconnect() override {
    tickets_.reset();
    E2eTest::Disconnect();
  }

  v1::Package PackageWith(v1::ResponsePriority priority) {
    v1::CreatePackageRequest req;
    req.mutable_package()->set_display_name(absl::StrCat("Package ", priority));
    *req.mutable_package()->mutable_terms() = Terms(240, 30, v1::BILLING_CYCLE_MONTHLY);
    req.mutable_package()->mutable_terms()->set_response_priority(priority);
    req.set_request_id(NewRequestId());
    v1::Package out;
    grpc::Status st = packages_->CreatePackage(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  v1::Subscription ActiveSubscription(const v1::Client& c, const v1::Package& p) {
    v1::Subscription s = CreateSubscription(c, p);
    v1::ActivateSubscriptionRequest act;
    act.set_name(s.name());
    act.set_request_id(NewRequestId());
    // Back-dated (R20), so that work may be logged in any past month.
    act.mutable_activate_time()->set_seconds(
        absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone())));
    grpc::Status st = accounts_->ActivateSubscription(Admin().get(), act, &s);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return s;
  }

  // 270 minutes in April 2026 on a 240-minute package, approved by the
  // client (R8): 30 minutes of overage (EUR 20.00 at EUR 40.00/hour).
  void LogOverageInApril(const v1::Ticket& t) {
    v1::ApproveOverageRequest approve;
    approve.set_name(t.name());
    approve.set_period(absl::StrCat(t.subscription(), "/periods/2026-04"));
    approve.set_request_id(NewRequestId());
    v1::Ticket approved;
    grpc::Status approved_st = tickets_->ApproveOverage(Admin().get(), approve, &approved);
    ASSERT_TRUE(approved_st.ok()) << Describe(approved_st);
    auto time_log = v1::TimeLogService::NewStub(server_->channel());
    v1::CreateTimeEntryRequest req;
    req.set_parent(t.name());
    req.mutable_time_entry()->set_minutes(270);
    *req.mutable_time_entry()->mutable_work_time() = Ts(Warsaw(2026, 4, 10, 10));
    req.set_request_id(NewRequestId());
    v1::TimeEntry out;
    grpc::Status st = time_log->CreateTimeEntry(Admin().get(), req, &out);
    ASSERT_TRUE(st.ok()) << Describe(st);
    ASSERT_EQ(out.overage_minutes(), 30);
  }

  v1::CreateTicketRequest NewTicket(const v1::Subscription& s,
                                    const std::string& title = "Site down") {
    v1::CreateTicketRequest req;
    req.set_parent(s.name().substr(0, s.name().find("/subscriptions/")));
    req.mutable_ticket()->set_subscription(s.name());
    req.mutable_ticket()->set_title(title);
    req.set_request_id(NewRequestId());
    return req;
  }

  v1::Ticket Open(const v1::Subscription& s, std::optional<absl::Time> open_time = std::nullopt,
                  const std::string& key = "") {
    v1::CreateTicketRequest req = NewTicket(s);
    if (open_time) *req.mutable_ticket()->mutable_open_time() = Ts(*open_time);
    v1::Ticket out;
    grpc::Status st = tickets_->CreateTicket(Ctx(key.empty() ? admin_key_ : key).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  template <class Request>
  Request Named(const v1::Ticket& t) {
    Request r;
    r.set_name(t.name());
    r.set_request_id(NewRequestId());
    return r;
  }

  grpc::Status Close(const v1::Ticket& t, v1::Ticket* out, const std::string& key = "") {
    return tickets_->CloseTicket(Ctx(key.empty() ? admin_key_ : key).get(),
                                 Named<v1::CloseTicketRequest>(t), out);
  }
  grpc::Status Reopen(const v1::Ticket& t, v1::Ticket* out, const std::string& key = "") {
    return tickets_->ReopenTicket(Ctx(key.empty() ? admin_key_ : key).get(),
                                  Named<v1::ReopenTicketRequest>(t), out);
  }
  grpc::Status Hold(const v1::Ticket& t, v1::Ticket* out, const std::string& key = "") {
    auto req = Named<v1::HoldTicketRequest>(t);
    req.set_reason("SSH access to the web server");
    return tickets_->HoldTicket(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }
  grpc::Status Resume(const v1::Ticket& t, v1::Ticket* out, const std::string& key = "") {
    return tickets_->ResumeTicket(Ctx(key.empty() ? admin_key_ : key).get(),
                                  Named<v1::ResumeTicketRequest>(t), out);
  }
  grpc::Status Approve(const v1::Ticket& t, v1::Ticket* out, const std::string& key,
                       const std::string& note = "") {
    auto req = Named<v1::ApproveOverageRequest>(t);
    req.set_note(note);
    return tickets_->ApproveOverage(Ctx(key).get(), req, out);
  }
  v1::Ticket Get(const v1::Ticket& t) {
    v1::GetTicketRequest req;
    req.set_name(t.name());
    v1::Ticket out;
    grpc::Status st = tickets_->GetTicket(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }

  std::unique_ptr<v1::TicketService::Stub> tickets_;
};

TEST_F(TicketE2eTest, CreateSnapshotsPriorityAndNumbersTickets) {
  v1::Package p = CreatePackage();  // Standard+
  v1::Client c = CreateClient();
  v1::Subscription s = ActiveSubscription(c, p);
  v1::Ticket a = Open(s);
  v1::Ticket b = Open(s);
  EXPECT_THAT(a.name(), HasSubstr(c.name() + "/tickets/"));
  EXPECT_EQ(a.subscription(), s.name());
  EXPECT_EQ(a.title(), "Site down");
  EXPECT_EQ(a.state(), v1::TICKET_STATE_OPEN);
  EXPECT_GT(a.number(), 0);
  EXPECT_EQ(b.number(), a.number() + 1);
  EXPECT_EQ(a.sla().priority(), v1::RESPONSE_PRIORITY_STANDARD_PLUS);
  EXPECT_EQ(a.sla().target().seconds(), 8 * 3600);
  EXPECT_EQ(a.sla().status(), v1::SLA_STATUS_DUE);
  EXPECT_FALSE(a.sla().paused());
  EXPECT_FALSE(a.overage_approval().approved());
  EXPECT_EQ(a.postpayment_amount().currency_code(), "EUR");
  EXPECT_EQ(a.postpayment_amount().units(), 0);
  // The due time is the open time plus 8 business hours on the default calendar.
  auto calendar = domain::BusinessCalendar::Default();
  ASSERT_TRUE(calendar.ok());
  EXPECT_EQ(FromTs(a.sla().due_time()),
            calendar->AddBusinessTime(FromTs(a.open_time()), absl::Hours(8)));
  EXPECT_EQ(db_->Scalar("select action || ' ' || ticket_id || ' ' || (details->'after'->>'state')"
                        " from audit_events where action = 'CreateTicket' order by seq limit 1"),
            absl::StrCat("CreateTicket ", Id(a.name()), " OPEN"));

  // The package's later versions do not change an existing ticket's priority.
  v1::GetTicketRequest get;
  get.set_name(a.name());
  v1::Ticket again;
  ASSERT_TRUE(tickets_->GetTicket(Admin().get(), get, &again).ok());
  EXPECT_EQ(again.number(), a.number());
  EXPECT_EQ(again.sla().due_time().seconds(), a.sla().due_time().seconds());
}

TEST_F(TicketE2eTest, SafeSyncByExternalRef) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient("Acme");
  v1::Client other = CreateClient("Other");
  v1::Subscription s = ActiveSubscription(c, p);
  v1::Subscription so = ActiveSubscription(other, p);
  v1::CreateTicketRequest req = NewTicket(s, "From the helpdesk");
  req.mutable_ticket()->set_external_ref("hd-1001");
  v1::Ticket first;
  ASSERT_TRUE(tickets_->CreateTicket(Admin().get(), req, &first).ok());
  EXPECT_EQ(first.external_ref(), "hd-1001");

  // Another request with the same external_ref returns the ticket unchanged.
  req.set_request_id(NewRequestId());
  req.mutable_ticket()->set_title("Changed elsewhere");
  v1::Ticket second;
  grpc::Status st = tickets_->CreateTicket(Admin().get(), req, &second);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.title(), "From the helpdesk");
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'CreateTicket'"), "1");

  // Another client's ticket cannot take it.
  v1::CreateTicketRequest theirs = NewTicket(so);
  theirs.mutable_ticket()->set_external_ref("hd-1001");
  v1::Ticket out;
  Refusal r = ReadRefusal(tickets_->CreateTicket(Admin().get(), theirs, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "EXTERNAL_REF_IN_USE");
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "1");

  v1::ListTicketsRequest list;
  list.set_parent(c.name());
  list.set_external_ref("hd-1001");
  v1::ListTicketsResponse found;
  ASSERT_TRUE(tickets_->ListTickets(Admin().get(), list, &found).ok());
  ASSERT_EQ(found.tickets_size(), 1);
  EXPECT_EQ(found.tickets(0).name(), first.name());
}

TEST_F(TicketE2eTest, RetriedCreateIsIdempotent) {
  v1::Subscription s = ActiveSubscription(CreateClient(), CreatePackage());
  v1::CreateTicketRequest req = NewTicket(s);
  v1::Ticket a, b;
  ASSERT_TRUE(tickets_->CreateTicket(Admin().get(), req, &a).ok());
  ASSERT_TRUE(tickets_->CreateTicket(Admin().get(), req, &b).ok());
  EXPECT_EQ(a.name(), b.name());
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "1");
  req.mutable_ticket()->set_title("Another");
  Refusal r = ReadRefusal(tickets_->CreateTicket(Admin().get(), req, &b));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "REQUEST_ID_REUSED");
}

TEST_F(TicketE2eTest, OnlyActiveSubscriptionsTakeTickets) {
  v1::Client c = CreateClient();
  v1::Subscription pending = CreateSubscription(c, CreatePackage());
  v1::Ticket out;
  Refusal r = ReadRefusal(tickets_->CreateTicket(Admin().get(), NewTicket(pending), &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "SUBSCRIPTION_NOT_ACTIVE");
  EXPECT_EQ(r.metadata["resource_name"], pending.name());
  EXPECT_EQ(r.metadata["state"], "PENDING");
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "0");

  v1::CreateTicketRequest missing = NewTicket(pending);
  missing.mutable_ticket()->set_subscription(
      absl::StrCat(c.name(), "/subscriptions/00000000-0000-4000-8000-000000000000"));
  r = ReadRefusal(tickets_->CreateTicket(Admin().get(), missing, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(r.reason, "RESOURCE_NOT_FOUND");
  EXPECT_EQ(r.metadata["resource_name"], missing.ticket().subscription());
}

TEST_F(TicketE2eTest, LifecycleAndRefusedTransitions) {
  v1::Subscription s = ActiveSubscription(CreateClient(), CreatePackage());
  v1::Ticket t = Open(s);
  v1::Ticket out;
  auto reason = [](const grpc::Status& st) { return ReadRefusal(st).reason; };

  EXPECT_EQ(reason(Reopen(t, &out)), "INVALID_STATE_TRANSITION");  // not CLOSED
  EXPECT_EQ(reason(Resume(t, &out)), "INVALID_STATE_TRANSITION");  // not ON_HOLD

  ASSERT_TRUE(Hold(t, &out).ok());
  EXPECT_EQ(out.state(), v1::TICKET_STATE_ON_HOLD);
  EXPECT_TRUE(out.has_hold_time());
  EXPECT_TRUE(out.sla().paused());
  EXPECT_EQ(reason(Hold(t, &out)), "INVALID_STATE_TRANSITION");  // already ON_HOLD

  ASSERT_TRUE(Resume(t, &out).ok());
  EXPECT_EQ(out.state(), v1::TICKET_STATE_OPEN);
  EXPECT_FALSE(out.has_hold_time());
  EXPECT_FALSE(out.sla().paused());

  ASSERT_TRUE(Hold(t, &out).ok());
  // Closing an ON_HOLD ticket ends its hold.
  ASSERT_TRUE(Close(t, &out).ok());
  EXPECT_EQ(out.state(), v1::TICKET_STATE_CLOSED);
  EXPECT_TRUE(out.has_close_time());
  EXPECT_FALSE(out.sla().paused());
  EXPECT_EQ(db_->Scalar("select count(*) from ticket_holds where ended_at is null"), "0");
  EXPECT_EQ(db_->Scalar("select count(*) from ticket_holds"), "2");
  Refusal again = ReadRefusal(Close(t, &out));
  EXPECT_EQ(again.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(again.reason, "INVALID_STATE_TRANSITION");
  EXPECT_EQ(again.metadata["state"], "CLOSED");
  EXPECT_EQ(reason(Hold(t, &out)), "INVALID_STATE_TRANSITION");
  EXPECT_EQ(reason(Resume(t, &out)), "INVALID_STATE_TRANSITION");

  ASSERT_TRUE(Reopen(t, &out).ok());
  EXPECT_EQ(out.state(), v1::TICKET_STATE_OPEN);
  EXPECT_FALSE(out.has_close_time());

  // Refusals wrote nothing: one audit event per successful change.
  EXPECT_EQ(db_->Scalar("select string_agg(action, ',' order by seq) from audit_events"
                        " where ticket_id is not null"),
            "CreateTicket,HoldTicket,ResumeTicket,HoldTicket,CloseTicket,ReopenTicket");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where ticket_id is not null"
                        " and details ? 'before' and details ? 'after'"),
            "5");
}

TEST_F(TicketE2eTest, BilledTicketCannotBeReopened) {
  v1::Subscription s = ActiveSubscription(CreateClient(), CreatePackage());
  v1::Ticket t = Open(s, Warsaw(2026, 4, 1, 9));
  // April closes with 30 minutes of overage on the ticket: a billable item.
  LogOverageInApril(t);
  auto billing = v1::BillingService::NewStub(server_->channel());
  v1::ClosePeriodsRequest close;
  close.set_request_id(NewRequestId());
  v1::ClosePeriodsResponse closed;
  grpc::Status st = billing->ClosePeriods(Admin().get(), close, &closed);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(db_->Scalar(absl::StrCat("select count(*) from billable_items where ticket_id = '",
                                     Id(t.name()), "'")),
            "1");
  v1::Ticket out;
  ASSERT_TRUE(Close(t, &out).ok());
  Refusal r = ReadRefusal(Reopen(t, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "TICKET_BILLED");
  EXPECT_EQ(Get(t).state(), v1::TICKET_STATE_CLOSED);
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ReopenTicket'"), "0");
}

TEST_F(TicketE2eTest, PostpaymentAmountIsTheOverageOfOpenPeriods) {
  v1::Subscription s = ActiveSubscription(CreateClient(), CreatePackage());
  v1::Ticket t = Open(s, Warsaw(2026, 4, 1, 9));
  // 30 minutes of overage at EUR 40.00/hour in April, not closed yet.
  LogOverageInApril(t);
  v1::Ticket got = Get(t);
  EXPECT_EQ(got.postpayment_amount().currency_code(), "EUR");
  EXPECT_EQ(got.postpayment_amount().units(), 20);
  EXPECT_EQ(got.postpayment_amount().nanos(), 0);
}

// --- R13: first-response SLA ---

TEST_F(TicketE2eTest, SpecSlaExamplesForEachPriority) {
  v1::Client c = CreateClient();
  v1::Subscription priority = ActiveSubscription(c, PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  v1::Subscription standard = ActiveSubscription(c, PackageWith(v1::RESPONSE_PRIORITY_STANDARD));
  v1::Subscription plus = ActiveSubscription(c, PackageWith(v1::RESPONSE_PRIORITY_STANDARD_PLUS));
  const absl::Time friday_4pm = Warsaw(2026, 11, 13, 16);
  // Priority, opened Friday 16:00 Warsaw: due Monday 11:00.
  v1::Ticket p = Open(priority, friday_4pm);
  EXPECT_EQ(FromTs(p.open_time()), friday_4pm);
  EXPECT_EQ(p.sla().target().seconds(), 4 * 3600);
  EXPECT_EQ(FromTs(p.sla().due_time()), Warsaw(2026, 11, 16, 11));
  // Opened Saturday 10:00: the clock starts Monday 09:00.
  v1::Ticket sat = Open(priority, Warsaw(2026, 11, 14, 10));
  EXPECT_EQ(FromTs(sat.sla().due_time()), Warsaw(2026, 11, 16, 13));
  // Standard (9 h) and Standard+ (8 h) from Friday 16:00: 2 h on Friday.
  v1::Ticket st = Open(standard, friday_4pm);
  EXPECT_EQ(st.sla().priority(), v1::RESPONSE_PRIORITY_STANDARD);
  EXPECT_EQ(FromTs(st.sla().due_time()), Warsaw(2026, 11, 16, 16));
  v1::Ticket sp = Open(plus, friday_4pm);
  EXPECT_EQ(FromTs(sp.sla().due_time()), Warsaw(2026, 11, 16, 15));
  // Those deadlines have passed without a response.
  EXPECT_EQ(p.sla().status(), v1::SLA_STATUS_BREACHED);
  EXPECT_EQ(db_->Scalar(absl::StrCat("select sla_due_at = '2026-11-16 11:00 Europe/Warsaw'"
                                     " from tickets where id = '",
                                     Id(p.name()), "'")),
            "t");
}

TEST_F(TicketE2eTest, DstWeekendCountsWallClockBusinessHours) {
  v1::Subscription s =
      ActiveSubscription(CreateClient(), PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  // Spring forward (29 March) and fall back (25 October) 2026.
  EXPECT_EQ(FromTs(Open(s, Warsaw(2026, 3, 27, 16)).sla().due_time()), Warsaw(2026, 3, 30, 11));
  EXPECT_EQ(FromTs(Open(s, Warsaw(2026, 10, 23, 16)).sla().due_time()), Warsaw(2026, 10, 26, 11));
}

TEST_F(TicketE2eTest, HoldSpanningAWeekendMovesTheDueTime) {
  v1::Subscription s =
      ActiveSubscription(CreateClient(), PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  v1::Ticket t = Open(s, Warsaw(2026, 11, 13, 16));
  // On hold from Friday 17:00 to Monday 10:00: 1 h counted, 3 h left from
  // Monday 10:00.
  v1::Ticket out;
  clock_.Set(Warsaw(2026, 11, 13, 17));
  ASSERT_TRUE(Hold(t, &out).ok());
  clock_.Set(Warsaw(2026, 11, 16, 10));
  ASSERT_TRUE(Resume(t, &out).ok());
  v1::Ticket got = Get(t);
  EXPECT_EQ(FromTs(got.sla().due_time()), Warsaw(2026, 11, 16, 13));
  EXPECT_EQ(got.sla().held().seconds(), 2 * 3600);  // Friday 17:00-18:00, Monday 09:00-10:00
  EXPECT_FALSE(got.sla().paused());
}

TEST_F(TicketE2eTest, ResumeRecomputesTheDueTimeWithoutTheHeldTime) {
  v1::Subscription s =
      ActiveSubscription(CreateClient(), PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  // Opened on a Monday at 09:00, long ago: without the hold it is breached.
  v1::Ticket t = Open(s, Warsaw(2026, 11, 2, 9));
  EXPECT_EQ(t.sla().status(), v1::SLA_STATUS_BREACHED);
  // The hold started an hour after opening (3 business hours were left).
  const absl::Time now = clock_.Now();
  clock_.Set(Warsaw(2026, 11, 2, 10));
  v1::Ticket held;
  ASSERT_TRUE(Hold(t, &held).ok());
  clock_.Set(now);
  v1::Ticket paused = Get(t);
  EXPECT_TRUE(paused.sla().paused());
  EXPECT_EQ(paused.sla().status(), v1::SLA_STATUS_DUE);
  const absl::Time before_resume = clock_.Now();
  v1::Ticket resumed;
  ASSERT_TRUE(Resume(t, &resumed).ok());
  const absl::Time after_resume = clock_.Now();
  EXPECT_FALSE(resumed.sla().paused());
  EXPECT_EQ(resumed.sla().status(), v1::SLA_STATUS_DUE);
  auto calendar = domain::BusinessCalendar::Default();
  ASSERT_TRUE(calendar.ok());
  const absl::Time due = FromTs(resumed.sla().due_time());
  EXPECT_GE(due, calendar->AddBusinessTime(before_resume, absl::Hours(3)) - absl::Seconds(1));
  EXPECT_LE(due, calendar->AddBusinessTime(after_resume, absl::Hours(3)) + absl::Seconds(1));
  // The stored due time moved with it, equal to the microsecond to the answer.
  EXPECT_EQ(db_->Scalar(absl::StrCat("select (extract(epoch from sla_due_at) * 1000000)::bigint"
                                     " from tickets where id = '",
                                     Id(t.name()), "'")),
            std::to_string(absl::ToUnixMicros(due)));
  EXPECT_EQ(resumed.sla().due_time().nanos() % 1000, 0);
}

TEST_F(TicketE2eTest, HolidayFromTheServersBusinessHours) {
  RestartServer({.business_hours = "Mon-Fri 09:00-18:00; tz=Europe/Warsaw; holidays=2026-11-16"});
  v1::Subscription s =
      ActiveSubscription(CreateClient(), PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  // Monday 16 November is a holiday: due Tuesday 11:00 instead of Monday.
  EXPECT_EQ(FromTs(Open(s, Warsaw(2026, 11, 13, 16)).sla().due_time()), Warsaw(2026, 11, 17, 11));
}

TEST_F(TicketE2eTest, FirstResponseMeetsOrBreaches) {
  v1::Subscription s =
      ActiveSubscription(CreateClient(), PackageWith(v1::RESPONSE_PRIORITY_PRIORITY));
  v1::Ticket met = Open(s, Warsaw(2026, 11, 13, 16));
  v1::Ticket late = Open(s, Warsaw(2026, 11, 13, 16));
  auto respond = [&](const v1::Ticket& t, absl::Time at, v1::Ticket* out) {
    auto req = Named<v1::RecordFirstResponseRequest>(t);
    *req.mutable_response_time() = Ts(at);
    return tickets_->RecordFirstResponse(Admin().get(), req, out);
  };
  v1::Ticket out;
  ASSERT_TRUE(respond(met, Warsaw(2026, 11, 16, 11), &out).ok());
  EXPECT_EQ(out.sla().status(), v1::SLA_STATUS_MET);
  EXPECT_EQ(FromTs(out.first_response_time()), Warsaw(2026, 11, 16, 11));
  ASSERT_TRUE(respond(late, Warsaw(2026, 11, 16, 11, 1), &out).ok());
  EXPECT_EQ(out.sla().status(), v1::SLA_STATUS_BREACHED);

  Refusal twice = ReadRefusal(respond(met, Warsaw(2026, 11, 16, 12), &out));
  EXPECT_EQ(twice.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(twice.reason, "INVALID_STATE_TRANSITION");

  v1::Ticket fresh = Open(s, Warsaw(2026, 11, 13, 16));
  Refusal early = ReadRefusal(respond(fresh, Warsaw(2026, 11, 13, 15), &out));
  EXPECT_EQ(early.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(early.fields, ElementsAre("response_time"));
  Refusal future = ReadRefusal(respond(fresh, clock_.Now() + absl::Hours(1), &out));
  EXPECT_EQ(future.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(future.fields, ElementsAre("response_time"));
  // Unset means now.
  auto now_req = Named<v1::RecordFirstResponseRequest>(fresh);
  ASSERT_TRUE(tickets_->RecordFirstResponse(Admin().get(), now_req, &out).ok());
  EXPECT_TRUE(out.has_first_response_time());
  EXPECT_EQ(out.sla().status(), v1::SLA_STATUS_BREACHED);
}

// --- R8: overage approval ---

TEST_F(TicketE2eTest, ClientApprovesOverageOnItsOwnTicketOnly) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient("Acme");
  v1::Client other = CreateClient("Other");
  v1::Ticket t = Open(ActiveSubscription(c, p));
  v1::Ticket theirs = Open(ActiveSubscription(other, p));
  const std::string client_key = server_->CreateApiKey("CLIENT", c.name(), "Jane at Acme");
  const std::string operator_key = server_->CreateApiKey("OPERATOR", "", "Olaf");

  v1::Ticket out;
  Refusal op = ReadRefusal(Approve(t, &out, operator_key));
  EXPECT_EQ(op.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(op.reason, "ROLE_NOT_ALLOWED");

  Refusal foreign = ReadRefusal(Approve(theirs, &out, client_key));
  EXPECT_EQ(foreign.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(foreign.reason, "RESOURCE_NOT_FOUND");
  EXPECT_EQ(db_->Scalar("select count(*) from overage_approvals"), "0");

  ASSERT_TRUE(Approve(t, &out, client_key, "confirmed by e-mail").ok());
  const v1::OverageApproval& a = out.overage_approval();
  EXPECT_TRUE(a.approved());
  EXPECT_THAT(a.approver(), ::testing::StartsWith("apiKeys/"));
  EXPECT_EQ(a.approver_display_name(), "Jane at Acme");
  EXPECT_EQ(a.approver_role(), v1::ROLE_CLIENT);
  EXPECT_EQ(a.note(), "confirmed by e-mail");
  EXPECT_TRUE(a.has_approve_time());
  EXPECT_EQ(a.state(), v1::OVERAGE_APPROVAL_STATE_APPROVED);
  EXPECT_EQ(a.overage_cap_minutes(), 0);
  EXPECT_THAT(a.period(), ::testing::StartsWith(t.subscription() + "/periods/20"));
  EXPECT_EQ(db_->Scalar("select decided_by || ' ' || (decided_by_key_id = "
                        "(select id from api_keys where display_name = 'Jane at Acme'))"
                        " || ' ' || state from overage_approvals"),
            "Jane at Acme true APPROVED");
  // The old, per-ticket columns are no longer written.
  EXPECT_EQ(db_->Scalar("select count(*) from tickets where overage_approved_at is not null"), "0");

  // Approving again changes nothing.
  v1::Ticket again;
  ASSERT_TRUE(Approve(t, &again, admin_key_).ok());
  EXPECT_EQ(again.overage_approval().approver_display_name(), "Jane at Acme");
  EXPECT_EQ(again.overage_approval().approve_time().seconds(), a.approve_time().seconds());
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ApproveOverage'"), "1");

  // An admin approves on another client's behalf.
  ASSERT_TRUE(Approve(theirs, &out, admin_key_).ok());
  EXPECT_EQ(out.overage_approval().approver_role(), v1::ROLE_ADMIN);
}

// --- R12: concurrent callers ---

TEST_F(TicketE2eTest, ConcurrentSyncAndApprovalHappenOnce) {
  v1::Client c = CreateClient();
  v1::Subscription s = ActiveSubscription(c, CreatePackage());
  constexpr int kCallers = 16;
  std::vector<std::string> names(kCallers);
  std::vector<grpc::Status> statuses(kCallers);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kCallers; ++i) {
      threads.emplace_back([&, i] {
        v1::CreateTicketRequest req = NewTicket(s, absl::StrCat("Sync ", i));
        req.mutable_ticket()->set_external_ref("hd-race");
        v1::Ticket out;
        statuses[i] = tickets_->CreateTicket(Admin().get(), req, &out);
        names[i] = out.name();
      });
    }
    for (auto& t : threads) t.join();
  }
  for (int i = 0; i < kCallers; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << Describe(statuses[i]);
    EXPECT_EQ(names[i], names[0]);
  }
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'CreateTicket'"), "1");

  v1::Ticket t;
  t.set_name(names[0]);
  std::vector<std::string> approved_at(kCallers);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < kCallers; ++i) {
      threads.emplace_back([&, i] {
        v1::Ticket out;
        statuses[i] = Approve(t, &out, admin_key_, absl::StrCat("caller ", i));
        approved_at[i] = out.overage_approval().approve_time().SerializeAsString();
      });
    }
    for (auto& th : threads) th.join();
  }
  for (int i = 0; i < kCallers; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << Describe(statuses[i]);
    EXPECT_EQ(approved_at[i], approved_at[0]);
  }
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ApproveOverage'"), "1");

  // A retry of one approval with its request_id replays the first answer.
  auto req = Named<v1::ApproveOverageRequest>(t);
  v1::Ticket first, replay;
  ASSERT_TRUE(tickets_->ApproveOverage(Admin().get(), req, &first).ok());
  ASSERT_TRUE(tickets_->ApproveOverage(Admin().get(), req, &replay).ok());
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  req.set_note("different");
  EXPECT_EQ(ReadRefusal(tickets_->ApproveOverage(Admin().get(), req, &replay)).reason,
            "REQUEST_ID_REUSED");
}

// --- Timeline ---

TEST_F(TicketE2eTest, TimelineNewestFirstAndPaged) {
  v1::Subscription s = ActiveSubscription(CreateClient(), CreatePackage());
  v1::Ticket t = Open(s);
  v1::Ticket other = Open(s);
  v1::Ticket out;
  ASSERT_TRUE(Hold(t, &out).ok());
  ASSERT_TRUE(Resume(t, &out).ok());
  ASSERT_TRUE(Close(t, &out).ok());
  ASSERT_TRUE(Close(other, &out).ok());

  v1::ListTicketEventsRequest req;
  req.set_parent(t.name());
  req.set_page_size(3);
  v1::ListTicketEventsResponse page1;
  grpc::Status st = tickets_->ListTicketEvents(Admin().get(), req, &page1);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(page1.audit_events_size(), 3);
  EXPECT_EQ(page1.audit_events(0).action(), "ticket.close");
  EXPECT_EQ(page1.audit_events(1).action(), "ticket.resume");
  EXPECT_EQ(page1.audit_events(2).action(), "ticket.hold");
  EXPECT_EQ(page1.audit_events(0).subject(), t.name());
  EXPECT_EQ(page1.audit_events(0).client(), t.name().substr(0, t.name().find("/tickets/")));
  EXPECT_EQ(page1.audit_events(0).actor().role(), v1::ROLE_ADMIN);
  EXPECT_TRUE(page1.audit_events(0).details().fields().count("before") == 1);
  EXPECT_EQ(page1.audit_events(2).details().fields().at("reason").string_value(),
            "SSH access to the web server");
  EXPECT_FALSE(page1.audit_events(0).request_id().empty());
  ASSERT_FALSE(page1.next_page_token().empty());

  req.set_page_token(page1.next_page_token());
  v1::ListTicketEventsResponse page2;
  ASSERT_TRUE(tickets_->ListTicketEvents(Admin().get(), req, &page2).ok());
  ASSERT_EQ(page2.audit_events_size(), 1);
  EXPECT_EQ(page2.audit_events(0).action(), "ticket.create");
  EXPECT_TRUE(page2.next_page_token().empty());

  req.set_page_token("bogus");
  Refusal bad = ReadRefusal(tickets_->ListTicketEvents(Admin().get(), req, &page2));
  EXPECT_EQ(bad.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.fields, ElementsAre("page_token"));

  const std::string client_key =
      server_->CreateApiKey("CLIENT", t.name().substr(0, t.name().find("/tickets/")));
  req.clear_page_token();
  EXPECT_EQ(tickets_->ListTicketEvents(Ctx(client_key).get(), req, &page2).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// --- Lists and R15 ---

TEST_F(TicketE2eTest, ListFiltersAndPagesNewestOpenTimeFirst) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient();
  v1::Subscription s1 = ActiveSubscription(c, p);
  v1::Subscription s2 = ActiveSubscription(c, p);
  v1::Ticket old = Open(s1, Warsaw(2026, 10, 1, 10));
  v1::Ticket mid = Open(s2, Warsaw(2026, 10, 15, 10));
  v1::Ticket recent = Open(s1, Warsaw(2026, 11, 1, 10));
  v1::Ticket out;
  ASSERT_TRUE(Close(mid, &out).ok());

  auto names = [&](v1::ListTicketsRequest req) {
    std::vector<std::string> all;
    for (int guard = 0; guard < 10; ++guard) {
      v1::ListTicketsResponse resp;
      grpc::Status st = tickets_->ListTickets(Admin().get(), req, &resp);
      EXPECT_TRUE(st.ok()) << Describe(st);
      for (const auto& t : resp.tickets()) all.push_back(t.name());
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return all;
  };
  v1::ListTicketsRequest req;
  req.set_parent(c.name());
  req.set_page_size(1);
  EXPECT_THAT(names(req), ElementsAre(recent.name(), mid.name(), old.name()));
  v1::ListTicketsRequest by_sub = req;
  by_sub.set_subscription(s1.name());
  EXPECT_THAT(names(by_sub), ElementsAre(recent.name(), old.name()));
  v1::ListTicketsRequest closed = req;
  closed.set_state(v1::TICKET_STATE_CLOSED);
  EXPECT_THAT(names(closed), ElementsAre(mid.name()));
  v1::ListTicketsRequest range = req;
  *range.mutable_open_time_start() = Ts(Warsaw(2026, 10, 1, 10));
  *range.mutable_open_time_end() = Ts(Warsaw(2026, 11, 1, 10));
  EXPECT_THAT(names(range), ElementsAre(mid.name(), old.name()));
  v1::ListTicketsRequest by_number = req;
  by_number.set_number(mid.number());
  EXPECT_THAT(names(by_number), ElementsAre(mid.name()));
  v1::ListTicketsRequest all_clients = req;
  all_clients.set_parent("clients/-");
  EXPECT_EQ(names(all_clients).size(), 3u);

  // A token is bound to its filters.
  v1::ListTicketsResponse first;
  ASSERT_TRUE(tickets_->ListTickets(Admin().get(), req, &first).ok());
  by_sub.set_page_token(first.next_page_token());
  Refusal r = ReadRefusal(tickets_->ListTickets(Admin().get(), by_sub, &first));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(r.fields, ElementsAre("page_token"));
}

TEST_F(TicketE2eTest, ClientKeySeesAndActsOnlyOnItsOwnTickets) {
  v1::Package p = CreatePackage();
  v1::Client c = CreateClient("Acme");
  v1::Client other = CreateClient("Other");
  v1::Subscription mine_sub = ActiveSubscription(c, p);
  v1::Subscription theirs_sub = ActiveSubscription(other, p);
  const std::string key = server_->CreateApiKey("CLIENT", c.name());
  v1::Ticket mine = Open(mine_sub, std::nullopt, key);  // a client opens its own ticket
  v1::Ticket theirs = Open(theirs_sub);

  v1::ListTicketsRequest list;
  list.set_parent(c.name());
  v1::ListTicketsResponse resp;
  ASSERT_TRUE(tickets_->ListTickets(Ctx(key).get(), list, &resp).ok());
  ASSERT_EQ(resp.tickets_size(), 1);
  EXPECT_EQ(resp.tickets(0).name(), mine.name());
  list.set_parent(other.name());
  EXPECT_EQ(tickets_->ListTickets(Ctx(key).get(), list, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  list.set_parent("clients/-");
  EXPECT_EQ(tickets_->ListTickets(Ctx(key).get(), list, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::GetTicketRequest get;
  get.set_name(theirs.name());
  v1::Ticket out;
  Refusal hidden = ReadRefusal(tickets_->GetTicket(Ctx(key).get(), get, &out));
  EXPECT_EQ(hidden.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.reason, "RESOURCE_NOT_FOUND");
  EXPECT_THAT(hidden.metadata, ElementsAre(::testing::Pair("resource_name", theirs.name())));
  EXPECT_EQ(hidden.message, theirs.name() + " was not found.");
  // Worded like a ticket that does not exist at all, of that client or of
  // the key's own.
  for (const v1::Client& owner : {other, c}) {
    const std::string ghost =
        absl::StrCat(owner.name(), "/tickets/00000000-0000-4000-8000-000000000000");
    get.set_name(ghost);
    Refusal missing = ReadRefusal(tickets_->GetTicket(Ctx(key).get(), get, &out));
    EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(missing.reason, "RESOURCE_NOT_FOUND");
    EXPECT_THAT(missing.metadata, ElementsAre(::testing::Pair("resource_name", ghost)));
    EXPECT_EQ(missing.message, ghost + " was not found.");
  }
  v1::Ticket created;
  EXPECT_EQ(tickets_->CreateTicket(Ctx(key).get(), NewTicket(theirs_sub), &created).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Close(theirs, &out, key).error_code(), grpc::StatusCode::NOT_FOUND);

  // What a client may do on its own ticket, and what it may not.
  EXPECT_EQ(Hold(mine, &out, key).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Hold(mine, &out).ok());
  EXPECT_TRUE(Resume(mine, &out, key).ok());
  EXPECT_TRUE(Close(mine, &out, key).ok());
  EXPECT_TRUE(Reopen(mine, &out, key).ok());
  auto respond = Named<v1::RecordFirstResponseRequest>(mine);
  EXPECT_EQ(tickets_->RecordFirstResponse(Ctx(key).get(), respond, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::UpdateTicketRequest up;
  up.mutable_ticket()->set_name(mine.name());
  up.mutable_ticket()->set_title("Mine");
  up.mutable_update_mask()->add_paths("title");
  EXPECT_EQ(tickets_->UpdateTicket(Ctx(key).get(), up, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(TicketE2eTest, UpdateTitleFollowsTheMask) {
  v1::Ticket t = Open(ActiveSubscription(CreateClient(), CreatePackage()));
  v1::UpdateTicketRequest up;
  up.mutable_ticket()->set_name(t.name());
  up.mutable_ticket()->set_title("Site down since 10:00");
  up.mutable_update_mask()->add_paths("title");
  up.set_request_id(NewRequestId());
  v1::Ticket out;
  grpc::Status st = tickets_->UpdateTicket(Admin().get(), up, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.title(), "Site down since 10:00");
  EXPECT_EQ(out.number(), t.number());
  EXPECT_EQ(
      db_->Scalar("select (details->'before'->>'title') || '|' || (details->'after'->>'title')"
                  " from audit_events where action = 'UpdateTicket'"),
      "Site down|Site down since 10:00");
}

// --- Bad input: INVALID_ARGUMENT naming the field, nothing written ---

TEST_F(TicketE2eTest, BadInputForEveryRpcNamesTheFieldAndWritesNothing) {
  v1::Client c = CreateClient();
  v1::Subscription s = ActiveSubscription(c, CreatePackage());
  v1::Ticket t = Open(s);
  const std::string audit = "select count(*) from audit_events";
  const std::string before = db_->Scalar(audit);
  const std::string tickets_before = db_->Scalar("select count(*) from tickets");

  struct Case {
    std::string what;
    grpc::Status status;
    std::string field;
  };
  std::vector<Case> cases;
  v1::Ticket out;
  {
    v1::CreateTicketRequest r = NewTicket(s);
    r.clear_ticket();
    cases.push_back(
        {"create: no ticket", tickets_->CreateTicket(Admin().get(), r, &out), "ticket"});
    r = NewTicket(s, "");
    cases.push_back(
        {"create: empty title", tickets_->CreateTicket(Admin().get(), r, &out), "ticket.title"});
    r = NewTicket(s, std::string(301, 't'));
    cases.push_back(
        {"create: long title", tickets_->CreateTicket(Admin().get(), r, &out), "ticket.title"});
    r = NewTicket(s, "line\nbreak");
    cases.push_back(
        {"create: control char", tickets_->CreateTicket(Admin().get(), r, &out), "ticket.title"});
    r = NewTicket(s);
    r.mutable_ticket()->set_subscription("subscriptions/1");
    cases.push_back({"create: subscription", tickets_->CreateTicket(Admin().get(), r, &out),
                     "ticket.subscription"});
    r = NewTicket(s);
    r.mutable_ticket()->set_subscription(
        "clients/00000000-0000-4000-8000-000000000000/subscriptions/" + Id(s.name()));
    cases.push_back({"create: other client's subscription",
                     tickets_->CreateTicket(Admin().get(), r, &out), "ticket.subscription"});
    r = NewTicket(s);
    r.set_parent("clients/nope");
    cases.push_back({"create: parent", tickets_->CreateTicket(Admin().get(), r, &out), "parent"});
    r = NewTicket(s);
    *r.mutable_ticket()->mutable_open_time() = Ts(clock_.Now() + absl::Hours(2));
    cases.push_back({"create: future open_time", tickets_->CreateTicket(Admin().get(), r, &out),
                     "ticket.open_time"});
    r = NewTicket(s);
    *r.mutable_ticket()->mutable_open_time() = Ts(absl::FromUnixSeconds(0));
    cases.push_back({"create: ancient open_time", tickets_->CreateTicket(Admin().get(), r, &out),
                     "ticket.open_time"});
    r = NewTicket(s);
    r.mutable_ticket()->set_external_ref(std::string(201, 'x'));
    cases.push_back({"create: external_ref", tickets_->CreateTicket(Admin().get(), r, &out),
                     "ticket.external_ref"});
    r = NewTicket(s);
    r.set_request_id("not-a-uuid");
    cases.push_back(
        {"create: request_id", tickets_->CreateTicket(Admin().get(), r, &out), "request_id"});
  }
  {
    v1::GetTicketRequest r;
    r.set_name("clients/x/tickets/y");
    cases.push_back({"get", tickets_->GetTicket(Admin().get(), r, &out), "name"});
    r.set_name("");
    cases.push_back({"get: empty", tickets_->GetTicket(Admin().get(), r, &out), "name"});
  }
  {
    v1::ListTicketsResponse lo;
    v1::ListTicketsRequest r;
    r.set_parent("clients");
    cases.push_back({"list: parent", tickets_->ListTickets(Admin().get(), r, &lo), "parent"});
    r.set_parent(c.name());
    r.set_state(static_cast<v1::TicketState>(42));
    cases.push_back({"list: state", tickets_->ListTickets(Admin().get(), r, &lo), "state"});
    r.set_state(v1::TICKET_STATE_UNSPECIFIED);
    r.set_subscription("clients/x");
    cases.push_back(
        {"list: subscription", tickets_->ListTickets(Admin().get(), r, &lo), "subscription"});
    r.clear_subscription();
    r.set_page_token("garbage!");
    cases.push_back(
        {"list: page_token", tickets_->ListTickets(Admin().get(), r, &lo), "page_token"});
    r.clear_page_token();
    r.set_page_size(-1);
    cases.push_back({"list: page_size", tickets_->ListTickets(Admin().get(), r, &lo), "page_size"});
    r.set_page_size(0);
    r.mutable_open_time_start()->set_seconds(-400000000000LL);
    cases.push_back(
        {"list: open_time_start", tickets_->ListTickets(Admin().get(), r, &lo), "open_time_start"});
  }
  {
    v1::UpdateTicketRequest r;
    r.mutable_ticket()->set_name(t.name());
    r.mutable_ticket()->set_title("New");
    cases.push_back(
        {"update: empty mask", tickets_->UpdateTicket(Admin().get(), r, &out), "update_mask"});
    r.mutable_update_mask()->add_paths("state");
    cases.push_back(
        {"update: bad path", tickets_->UpdateTicket(Admin().get(), r, &out), "update_mask"});
    r.mutable_update_mask()->Clear();
    r.mutable_update_mask()->add_paths("title");
    r.mutable_ticket()->set_title(std::string(301, 'x'));
    cases.push_back(
        {"update: long title", tickets_->UpdateTicket(Admin().get(), r, &out), "ticket.title"});
    r.mutable_ticket()->set_title("");
    cases.push_back(
        {"update: empty title", tickets_->UpdateTicket(Admin().get(), r, &out), "ticket.title"});
    r.mutable_ticket()->set_name("tickets/1");
    cases.push_back(
        {"update: name", tickets_->UpdateTicket(Admin().get(), r, &out), "ticket.name"});
  }
  {
    auto close = Named<v1::CloseTicketRequest>(t);
    close.set_reason(std::string(501, 'r'));
    cases.push_back({"close: reason", tickets_->CloseTicket(Admin().get(), close, &out), "reason"});
    close.set_reason("");
    close.set_name("clients/-/tickets/-");
    cases.push_back({"close: name", tickets_->CloseTicket(Admin().get(), close, &out), "name"});
    auto reopen = Named<v1::ReopenTicketRequest>(t);
    reopen.set_name("");
    cases.push_back({"reopen: name", tickets_->ReopenTicket(Admin().get(), reopen, &out), "name"});
    auto hold = Named<v1::HoldTicketRequest>(t);
    hold.set_reason(std::string(501, 'r'));
    cases.push_back({"hold: reason", tickets_->HoldTicket(Admin().get(), hold, &out), "reason"});
    auto resume = Named<v1::ResumeTicketRequest>(t);
    resume.set_name(t.name() + "/extra");
    cases.push_back({"resume: name", tickets_->ResumeTicket(Admin().get(), resume, &out), "name"});
    auto respond = Named<v1::RecordFirstResponseRequest>(t);
    respond.mutable_response_time()->set_seconds(-400000000000LL);
    cases.push_back({"first response: time",
                     tickets_->RecordFirstResponse(Admin().get(), respond, &out), "response_time"});
    auto approve = Named<v1::ApproveOverageRequest>(t);
    approve.set_note(std::string(501, 'n'));
    cases.push_back(
        {"approve: note", tickets_->ApproveOverage(Admin().get(), approve, &out), "note"});
    approve.set_note("");
    approve.set_name("clients/1/tickets/2");
    cases.push_back(
        {"approve: name", tickets_->ApproveOverage(Admin().get(), approve, &out), "name"});
    v1::ListTicketEventsRequest events;
    events.set_parent("clients/x");
    v1::ListTicketEventsResponse eo;
    cases.push_back(
        {"events: parent", tickets_->ListTicketEvents(Admin().get(), events, &eo), "parent"});
  }
  for (const Case& c : cases) {
    Refusal r = ReadRefusal(c.status);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << c.what << ": " << Describe(c.status);
    EXPECT_EQ(r.reason, "INVALID_FIELD") << c.what;
    EXPECT_THAT(r.fields, ::testing::Contains(c.field)) << c.what;
  }

  // Unknown tickets are NOT_FOUND for every RPC on a ticket.
  v1::Ticket ghost;
  ghost.set_name(absl::StrCat(c.name(), "/tickets/00000000-0000-4000-8000-000000000000"));
  std::vector<std::pair<std::string, grpc::Status>> missing = {
      {"close", Close(ghost, &out)},
      {"reopen", Reopen(ghost, &out)},
      {"hold", Hold(ghost, &out)},
      {"resume", Resume(ghost, &out)},
      {"approve", Approve(ghost, &out, admin_key_)},
  };
  {
    auto respond = Named<v1::RecordFirstResponseRequest>(ghost);
    missing.push_back({"respond", tickets_->RecordFirstResponse(Admin().get(), respond, &out)});
    v1::UpdateTicketRequest up;
    up.mutable_ticket()->set_name(ghost.name());
    up.mutable_ticket()->set_title("x");
    up.mutable_update_mask()->add_paths("title");
    missing.push_back({"update", tickets_->UpdateTicket(Admin().get(), up, &out)});
    v1::ListTicketEventsRequest events;
    events.set_parent(ghost.name());
    v1::ListTicketEventsResponse eo;
    missing.push_back({"events", tickets_->ListTicketEvents(Admin().get(), events, &eo)});
    v1::ListTicketsRequest list;
    list.set_parent("clients/00000000-0000-4000-8000-000000000000");
    v1::ListTicketsResponse lo;
    missing.push_back({"list: no client", tickets_->ListTickets(Admin().get(), list, &lo)});
  }
  for (const auto& [what, status] : missing) {
    Refusal r = ReadRefusal(status);
    EXPECT_EQ(r.code, grpc::StatusCode::NOT_FOUND) << what << ": " << Describe(status);
    EXPECT_EQ(r.reason, "RESOURCE_NOT_FOUND") << what;
  }

  EXPECT_EQ(db_->Scalar(audit), before);
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), tickets_before);
  EXPECT_EQ(db_->Scalar("select count(*) from ticket_holds"), "0");
  v1::Ticket unchanged = Get(t);
  EXPECT_EQ(unchanged.title(), "Site down");
  EXPECT_EQ(unchanged.state(), v1::TICKET_STATE_OPEN);
}

}  // namespace
}  // namespace supportbytime::testing
