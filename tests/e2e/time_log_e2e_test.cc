// TimeLogService end to end: entries, periods, the pool, timers, refusals.
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/time_log_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

class TimeLogE2eTest : public TimeLogFixture {};

// R4 example: Extra Support, 15 min, ENTRY+UP: 7, 20, 15 -> 15, 30, 15.
TEST_F(TimeLogE2eTest, ExtraSupportRoundsEachEntryUp) {
  v1::Package extra =
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  v1::Subscription sub = ActiveSubscription(extra);
  const std::string ticket = InsertTicket(sub);
  v1::TimeEntry a = MustLog(ticket, 7);
  v1::TimeEntry b = MustLog(ticket, 20);
  v1::TimeEntry c = MustLog(ticket, 15);
  EXPECT_EQ(a.billed_minutes(), 15);
  EXPECT_EQ(b.billed_minutes(), 30);
  EXPECT_EQ(c.billed_minutes(), 15);
  EXPECT_EQ(a.minutes(), 7);
  EXPECT_EQ(c.included_minutes(), 15);
  EXPECT_EQ(c.overage_minutes(), 0);
  EXPECT_EQ(a.operator_display_name(), "Olga Operator");
  EXPECT_EQ(a.source(), v1::TIME_ENTRY_SOURCE_MANUAL);
  v1::Period p = GetPeriod(a.period());
  EXPECT_EQ(p.used_minutes(), 60);
  EXPECT_EQ(p.raw_minutes(), 42);
  EXPECT_EQ(p.left_minutes(), 0);
  EXPECT_EQ(p.overage_minutes(), 0);
  EXPECT_EQ(p.entry_count(), 3);
  EXPECT_EQ(p.state(), v1::PERIOD_STATE_OPEN);
  EXPECT_EQ(p.snapshot().terms().included_minutes(), 60);
  EXPECT_EQ(p.snapshot().terms().billing_increment_minutes(), 15);
  EXPECT_EQ(p.snapshot().price().overage_hourly_rate().units(), 40);
  EXPECT_EQ(p.snapshot().time_zone(), "Europe/Warsaw");
  EXPECT_EQ(p.snapshot().package(), extra.name());

  v1::ListTimeEntriesRequest list;
  list.set_parent(ticket);
  v1::ListTimeEntriesResponse got;
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  ASSERT_EQ(got.time_entries_size(), 3);
  EXPECT_EQ(got.time_entries(0).name(), a.name());
  EXPECT_EQ(got.time_entries(2).name(), c.name());
  // Paged, in logged order.
  list.set_page_size(2);
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  ASSERT_EQ(got.time_entries_size(), 2);
  ASSERT_FALSE(got.next_page_token().empty());
  list.set_page_token(got.next_page_token());
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  ASSERT_EQ(got.time_entries_size(), 1);
  EXPECT_EQ(got.time_entries(0).name(), c.name());
  EXPECT_TRUE(got.next_page_token().empty());
  // Per subscription and period.
  v1::ListTimeEntriesRequest by_period;
  std::vector<std::string> parts = absl::StrSplit(ticket, '/');
  by_period.set_parent(absl::StrCat("clients/", parts[1], "/tickets/-"));
  by_period.set_period(a.period());
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), by_period, &got).ok());
  EXPECT_EQ(got.time_entries_size(), 3);
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'CreateTimeEntry'"
                        " and ticket_id is not null"),
            "3");
  ExpectTotalsConsistent();
}

// R4 example: the same entries with TICKET+UP on one ticket: raw 42 -> 45.
TEST_F(TimeLogE2eTest, TicketScopeRoundsTheTicketSum) {
  PackageOptions o;
  o.scope = v1::ROUNDING_SCOPE_TICKET;
  v1::Subscription sub =
      ActiveSubscription(MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, o));
  const std::string ticket = InsertTicket(sub);
  v1::TimeEntry a = MustLog(ticket, 7);
  v1::TimeEntry b = MustLog(ticket, 20);
  v1::TimeEntry c = MustLog(ticket, 15);
  EXPECT_EQ(a.billed_minutes() + b.billed_minutes() + c.billed_minutes(), 45);
  EXPECT_EQ(a.billed_minutes(), 15);
  EXPECT_EQ(b.billed_minutes(), 15);
  EXPECT_EQ(c.billed_minutes(), 15);
  v1::Period p = GetPeriod(a.period());
  EXPECT_EQ(p.raw_minutes(), 42);
  EXPECT_EQ(p.used_minutes(), 45);
  EXPECT_EQ(p.left_minutes(), 15);
  ExpectTotalsConsistent();
}

TEST_F(TimeLogE2eTest, NearestAndDownDirections) {
  PackageOptions nearest;
  nearest.direction = v1::ROUNDING_DIRECTION_NEAREST;
  v1::Subscription s1 =
      ActiveSubscription(MakePackage("Nearest", 600, 15, v1::BILLING_CYCLE_MONTHLY, nearest));
  const std::string t1 = InsertTicket(s1);
  EXPECT_EQ(MustLog(t1, 7).billed_minutes(), 0);
  EXPECT_EQ(MustLog(t1, 8).billed_minutes(), 15);
  EXPECT_EQ(MustLog(t1, 22).billed_minutes(), 15);
  PackageOptions down;
  down.direction = v1::ROUNDING_DIRECTION_DOWN;
  v1::Subscription s2 =
      ActiveSubscription(MakePackage("Down", 600, 15, v1::BILLING_CYCLE_MONTHLY, down));
  const std::string t2 = InsertTicket(s2);
  EXPECT_EQ(MustLog(t2, 20).billed_minutes(), 15);
  EXPECT_EQ(MustLog(t2, 14).billed_minutes(), 0);
  PackageOptions ticket_down;
  ticket_down.direction = v1::ROUNDING_DIRECTION_DOWN;
  ticket_down.scope = v1::ROUNDING_SCOPE_TICKET;
  v1::Subscription s3 =
      ActiveSubscription(MakePackage("TDown", 600, 15, v1::BILLING_CYCLE_MONTHLY, ticket_down));
  const std::string t3 = InsertTicket(s3);
  EXPECT_EQ(MustLog(t3, 10).billed_minutes(), 0);
  EXPECT_EQ(MustLog(t3, 10).billed_minutes(), 15);  // 20 -> 15
  ExpectTotalsConsistent();
}

// R5 example: Professional, 240 min, 30 min increment: A 200 -> 210; B 50
// -> 60 = 30 included + 30 overage; used 270, overage 30, all on B.
TEST_F(TimeLogE2eTest, ProfessionalPoolSplitsTheCrossingEntry) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 200);
  EXPECT_EQ(ea.billed_minutes(), 210);
  EXPECT_EQ(ea.included_minutes(), 210);

  // R8: B has no approval: refused with the minutes left, nothing written.
  v1::TimeEntry refused;
  Refusal r = ReadRefusal(Log(b, 50, &refused));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(r.metadata["minutes_left"], "30");
  EXPECT_EQ(Count("time_entries"), "1");

  Approve(b);
  v1::TimeEntry eb = MustLog(b, 50);
  EXPECT_EQ(eb.billed_minutes(), 60);
  EXPECT_EQ(eb.included_minutes(), 30);
  EXPECT_EQ(eb.overage_minutes(), 30);
  v1::Period p = GetPeriod(ea.period());
  EXPECT_EQ(p.used_minutes(), 270);
  EXPECT_EQ(p.left_minutes(), 0);
  EXPECT_EQ(p.overage_minutes(), 30);
  EXPECT_EQ(p.overage_cost().units(), 20);  // 30 min at EUR 40/h
  EXPECT_EQ(p.overage_cost().currency_code(), "EUR");
  EXPECT_EQ(
      db_->Scalar(absl::StrCat("select overage_minutes from period_tickets where ticket_id = '",
                               LastSegment(b), "'")),
      "30");
  EXPECT_EQ(
      db_->Scalar(absl::StrCat("select overage_minutes from period_tickets where ticket_id = '",
                               LastSegment(a), "'")),
      "0");
  ExpectTotalsConsistent();
}

// R2: 2026-04-01 00:30 in Warsaw is April, though still March in UTC.
TEST_F(TimeLogE2eTest, MonthIsTheClientsLocalMonth) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string ticket = InsertTicket(sub);
  v1::TimeEntry april = MustLog(ticket, 10, Utc(2026, 3, 31, 22, 30));
  EXPECT_THAT(april.period(), ::testing::EndsWith("/periods/2026-04"));
  v1::TimeEntry march = MustLog(ticket, 10, Utc(2026, 3, 31, 21, 59));
  EXPECT_THAT(march.period(), ::testing::EndsWith("/periods/2026-03"));
  v1::Period p = GetPeriod(april.period());
  EXPECT_EQ(p.month().year(), 2026);
  EXPECT_EQ(p.month().month(), 4);
  EXPECT_EQ(p.start_time().seconds(), absl::ToUnixSeconds(Utc(2026, 3, 31, 22, 0)));
  EXPECT_EQ(p.end_time().seconds(), absl::ToUnixSeconds(Utc(2026, 4, 30, 22, 0)));

  v1::ListPeriodsRequest list;
  list.set_parent(sub.name());
  v1::ListPeriodsResponse periods;
  ASSERT_TRUE(log_->ListPeriods(Admin().get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 2);
  EXPECT_EQ(periods.periods(0).name(), april.period());  // newest first
  list.set_page_size(1);
  ASSERT_TRUE(log_->ListPeriods(Admin().get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 1);
  list.set_page_token(periods.next_page_token());
  ASSERT_TRUE(log_->ListPeriods(Admin().get(), list, &periods).ok());
  ASSERT_EQ(periods.periods_size(), 1);
  EXPECT_EQ(periods.periods(0).name(), march.period());
}

TEST_F(TimeLogE2eTest, EditAndDeleteRecomputeTheSplit) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  Approve(b);
  v1::TimeEntry ea = MustLog(a, 200);
  v1::TimeEntry eb = MustLog(b, 50);
  ASSERT_EQ(eb.overage_minutes(), 30);

  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(ea.name());
  up.mutable_time_entry()->set_minutes(150);
  up.mutable_time_entry()->set_note("shorter");
  up.mutable_update_mask()->add_paths("minutes");
  up.set_request_id(NewRequestId());
  v1::TimeEntry edited;
  grpc::Status st = log_->UpdateTimeEntry(Ctx(operator_key_).get(), up, &edited);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(edited.minutes(), 150);
  EXPECT_EQ(edited.billed_minutes(), 150);
  EXPECT_EQ(edited.note(), "");  // not in the mask
  v1::TimeEntry later = GetEntry(eb.name());
  EXPECT_EQ(later.included_minutes(), 60);
  EXPECT_EQ(later.overage_minutes(), 0);
  v1::Period p = GetPeriod(ea.period());
  EXPECT_EQ(p.used_minutes(), 210);
  EXPECT_EQ(p.overage_minutes(), 0);
  EXPECT_EQ(p.overage_cost().units(), 0);
  EXPECT_THAT(
      db_->Scalar("select details::text from audit_events where action = 'UpdateTimeEntry'"),
      HasSubstr("\"before\""));

  // Growing A again pushes B's later entry into overage: B is approved.
  up.mutable_time_entry()->set_minutes(230);
  up.set_request_id(NewRequestId());
  ASSERT_TRUE(log_->UpdateTimeEntry(Admin().get(), up, &edited).ok());
  later = GetEntry(eb.name());
  EXPECT_EQ(later.included_minutes(), 0);
  EXPECT_EQ(later.overage_minutes(), 60);
  EXPECT_EQ(GetPeriod(ea.period()).overage_minutes(), 60);

  v1::DeleteTimeEntryRequest del;
  del.set_name(ea.name());
  del.set_request_id(NewRequestId());
  v1::TimeEntry deleted;
  st = log_->DeleteTimeEntry(Ctx(operator_key_).get(), del, &deleted);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_TRUE(deleted.deleted());
  EXPECT_EQ(deleted.billed_minutes(), 0);
  later = GetEntry(eb.name());
  EXPECT_EQ(later.included_minutes(), 60);
  EXPECT_EQ(later.overage_minutes(), 0);
  p = GetPeriod(ea.period());
  EXPECT_EQ(p.used_minutes(), 60);
  EXPECT_EQ(p.entry_count(), 1);
  // Deleting again, or editing a deleted entry, is refused.
  del.set_request_id(NewRequestId());
  EXPECT_EQ(ReadRefusal(log_->DeleteTimeEntry(Admin().get(), del, &deleted)).reason,
            "INVALID_STATE_TRANSITION");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'DeleteTimeEntry'"), "1");
  ExpectTotalsConsistent();
}

TEST_F(TimeLogE2eTest, EditThatWouldGiveAnUnapprovedTicketOverageIsRefused) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 100);
  v1::TimeEntry eb = MustLog(b, 100);
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(ea.name());
  up.mutable_time_entry()->set_minutes(200);
  up.mutable_update_mask()->add_paths("minutes");
  up.set_request_id(NewRequestId());
  v1::TimeEntry out;
  Refusal r = ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out));
  EXPECT_EQ(r.reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(GetEntry(ea.name()).minutes(), 100);
  EXPECT_EQ(GetPeriod(ea.period()).used_minutes(), 240);
  EXPECT_EQ(GetEntry(eb.name()).overage_minutes(), 0);
}

TEST_F(TimeLogE2eTest, MovingWorkTimeMovesTheEntryToItsMonth) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub);
  v1::TimeEntry e = MustLog(a, 40, Utc(2026, 5, 10, 10, 0));
  MustLog(a, 20, Utc(2026, 5, 11, 10, 0));
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(e.name());
  *up.mutable_time_entry()->mutable_work_time() = Ts(Utc(2026, 4, 10, 10, 0));
  up.mutable_update_mask()->add_paths("work_time");
  up.set_request_id(NewRequestId());
  v1::TimeEntry moved;
  grpc::Status st = log_->UpdateTimeEntry(Admin().get(), up, &moved);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_THAT(moved.period(), ::testing::EndsWith("/periods/2026-04"));
  EXPECT_EQ(GetPeriod(moved.period()).used_minutes(), 60);
  EXPECT_EQ(GetPeriod(absl::StrCat(sub.name(), "/periods/2026-05")).used_minutes(), 30);
  ExpectTotalsConsistent();
}

// R3: a package update applies from the next period touched; the open
// period keeps its snapshot.
TEST_F(TimeLogE2eTest, SnapshotIsKeptAfterAPackageUpdate) {
  v1::Package pro =
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  v1::Subscription sub = ActiveSubscription(pro);
  const std::string t = InsertTicket(sub);
  v1::TimeEntry first = MustLog(t, 30, Utc(2026, 6, 10, 10, 0));
  v1::UpdatePackageRequest up;
  up.mutable_package()->set_name(pro.name());
  *up.mutable_package()->mutable_terms() = Terms(600, 60, v1::BILLING_CYCLE_MONTHLY);
  up.mutable_update_mask()->add_paths("terms");
  up.set_request_id(NewRequestId());
  v1::Package updated;
  grpc::Status st = packages_->UpdatePackage(Admin().get(), up, &updated);
  ASSERT_TRUE(st.ok()) << Describe(st);
  v1::TimeEntry second = MustLog(t, 10, Utc(2026, 6, 11, 10, 0));
  EXPECT_EQ(second.billed_minutes(), 30);  // still the 30-minute increment
  v1::Period june = GetPeriod(first.period());
  EXPECT_EQ(june.included_minutes(), 240);
  EXPECT_EQ(june.snapshot().package_version(), 1);
  // The next period touched follows the new version.
  v1::TimeEntry july = MustLog(t, 10, Utc(2026, 7, 2, 10, 0));
  EXPECT_EQ(july.billed_minutes(), 60);
  v1::Period p = GetPeriod(july.period());
  EXPECT_EQ(p.included_minutes(), 600);
  EXPECT_EQ(p.snapshot().package_version(), 2);
}

// R7: the bucket never overflows; used up -> DEPLETED.
TEST_F(TimeLogE2eTest, OneTimeBucketIsCappedAndDepletes) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Bucket", 60, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry first = MustLog(t, 30);
  EXPECT_THAT(first.period(), ::testing::EndsWith("/periods/bucket"));
  v1::TimeEntry out;
  Refusal r = ReadRefusal(Log(t, 45, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "BUCKET_EXHAUSTED");
  EXPECT_EQ(r.metadata["minutes_left"], "30");
  MustLog(t, 30);
  EXPECT_EQ(db_->Scalar("select state from subscriptions"), "DEPLETED");
  r = ReadRefusal(Log(t, 1, &out));
  EXPECT_EQ(r.reason, "BUCKET_EXHAUSTED");
  EXPECT_EQ(r.metadata["minutes_left"], "0");
  v1::Period p = GetPeriod(first.period());
  EXPECT_EQ(p.used_minutes(), 60);
  EXPECT_EQ(p.left_minutes(), 0);
  EXPECT_FALSE(p.has_month());
  // R14: 80 % and 100 % alerted once each.
  EXPECT_EQ(Count("usage_alerts"), "2");
  // A correction frees minutes: ACTIVE again.
  v1::DeleteTimeEntryRequest del;
  del.set_name(first.name());
  del.set_request_id(NewRequestId());
  ASSERT_TRUE(log_->DeleteTimeEntry(Admin().get(), del, &out).ok());
  EXPECT_EQ(db_->Scalar("select state from subscriptions"), "ACTIVE");
  MustLog(t, 30);
  EXPECT_EQ(Count("usage_alerts"), "2");  // never twice
}

TEST_F(TimeLogE2eTest, LocksRefuseAndChangeNothing) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry e = MustLog(t, 30, Utc(2026, 5, 3, 10, 0));
  const std::string audit_before = Count("audit_events");

  // PERIOD_CLOSED: create, edit and delete.
  Sql("update periods set state = 'CLOSED', closed_at = now()");
  v1::TimeEntry out;
  Refusal r = ReadRefusal(Log(t, 10, &out, Utc(2026, 5, 4, 10, 0)));
  EXPECT_EQ(r.reason, "PERIOD_CLOSED");
  // An earlier month than a closed one counts as closed too.
  EXPECT_EQ(ReadRefusal(Log(t, 10, &out, Utc(2026, 4, 4, 10, 0))).reason, "PERIOD_CLOSED");
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(e.name());
  up.mutable_time_entry()->set_minutes(10);
  up.mutable_update_mask()->add_paths("minutes");
  EXPECT_EQ(ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out)).reason, "PERIOD_CLOSED");
  v1::DeleteTimeEntryRequest del;
  del.set_name(e.name());
  EXPECT_EQ(ReadRefusal(log_->DeleteTimeEntry(Admin().get(), del, &out)).reason, "PERIOD_CLOSED");

  // TICKET_CLOSED.
  Sql("update tickets set state = 'CLOSED', closed_at = now()");
  r = ReadRefusal(Log(t, 10, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "TICKET_CLOSED");
  Sql("update tickets set state = 'OPEN', closed_at = null");

  // SUBSCRIPTION_NOT_ACTIVE.
  Sql("update subscriptions set state = 'SUSPENDED', suspended_at = now()");
  r = ReadRefusal(Log(t, 10, &out));
  EXPECT_EQ(r.reason, "SUBSCRIPTION_NOT_ACTIVE");
  EXPECT_EQ(r.metadata["state"], "SUSPENDED");

  EXPECT_EQ(Count("time_entries"), "1");
  EXPECT_EQ(Count("periods"), "1");
  EXPECT_EQ(Count("audit_events"), audit_before);
  EXPECT_EQ(GetEntry(e.name()).minutes(), 30);
}

TEST_F(TimeLogE2eTest, BadInputIsRefusedPreciselyAndWritesNothing) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry out;
  for (int minutes : {0, 1441, -5}) {
    Refusal r = ReadRefusal(Log(t, minutes, &out));
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << minutes;
    EXPECT_EQ(r.reason, "INVALID_FIELD");
    EXPECT_THAT(r.fields, ::testing::Contains("time_entry.minutes"));
  }
  Refusal r = ReadRefusal(Log(t, 10, &out, absl::Now() + absl::Hours(1)));
  EXPECT_THAT(r.fields, ::testing::Contains("time_entry.work_time"));
  r = ReadRefusal(Log(t, 10, &out, std::nullopt, std::string(2001, 'x')));
  EXPECT_THAT(r.fields, ::testing::Contains("time_entry.note"));
  r = ReadRefusal(Log("clients/x/tickets/y", 10, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(r.fields, ::testing::Contains("parent"));
  std::vector<std::string> parts = absl::StrSplit(t, '/');
  r = ReadRefusal(Log(absl::StrCat("clients/", parts[1], "/tickets/", NewRequestId()), 10, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::NOT_FOUND);
  // A CLIENT key cannot log time.
  const std::string client_key =
      server_->CreateApiKey("CLIENT", absl::StrCat("clients/", parts[1]));
  EXPECT_EQ(Log(t, 10, &out, std::nullopt, "", client_key).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::GetTimeEntryRequest get;
  get.set_name("clients/a/tickets/b/timeEntries/c");
  EXPECT_EQ(log_->GetTimeEntry(Admin().get(), get, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  get.set_name(absl::StrCat(t, "/timeEntries/", NewRequestId()));
  EXPECT_EQ(log_->GetTimeEntry(Admin().get(), get, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListTimeEntriesRequest list;
  list.set_parent(t);
  list.set_page_token("bogus");
  v1::ListTimeEntriesResponse entries;
  r = ReadRefusal(log_->ListTimeEntries(Admin().get(), list, &entries));
  EXPECT_THAT(r.fields, ::testing::Contains("page_token"));

  v1::ListPeriodsRequest periods;
  periods.set_parent(sub.name());
  periods.set_state(static_cast<v1::PeriodState>(99));
  v1::ListPeriodsResponse plist;
  r = ReadRefusal(log_->ListPeriods(Admin().get(), periods, &plist));
  EXPECT_THAT(r.fields, ::testing::Contains("state"));

  v1::GetPeriodRequest gp;
  gp.set_name(absl::StrCat(sub.name(), "/periods/2026-13"));
  v1::Period period;
  EXPECT_EQ(log_->GetPeriod(Admin().get(), gp, &period).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  gp.set_name(absl::StrCat(sub.name(), "/periods/2026-01"));
  EXPECT_EQ(log_->GetPeriod(Admin().get(), gp, &period).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(absl::StrCat(t, "/timeEntries/", NewRequestId()));
  r = ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out));
  EXPECT_THAT(r.fields, ::testing::Contains("update_mask"));
  up.mutable_update_mask()->add_paths("minutes");
  up.mutable_time_entry()->set_minutes(1441);
  r = ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out));
  EXPECT_THAT(r.fields, ::testing::Contains("time_entry.minutes"));
  up.mutable_time_entry()->set_minutes(10);
  EXPECT_EQ(log_->UpdateTimeEntry(Admin().get(), up, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::StartTimerRequest start;
  start.set_parent(t);
  start.mutable_timer()->set_note(std::string(2001, 'y'));
  v1::Timer timer;
  r = ReadRefusal(log_->StartTimer(Ctx(operator_key_).get(), start, &timer));
  EXPECT_THAT(r.fields, ::testing::Contains("timer.note"));
  v1::StopTimerRequest stop;
  stop.set_name(absl::StrCat(t, "/timers/", NewRequestId()));
  stop.set_minutes(0);
  r = ReadRefusal(log_->StopTimer(Ctx(operator_key_).get(), stop, &out));
  EXPECT_THAT(r.fields, ::testing::Contains("minutes"));

  EXPECT_EQ(Count("time_entries"), "0");
  EXPECT_EQ(Count("periods"), "0");
  EXPECT_EQ(Count("timers"), "0");
}

// R15: a CLIENT key sees dates and minutes; the work log only when shown.
TEST_F(TimeLogE2eTest, ClientSeesTheWorkLogOnlyWhenTheSnapshotShowsIt) {
  v1::Subscription hidden = ActiveSubscription(
      MakePackage("Hidden", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  PackageOptions show;
  show.show_work_log = true;
  v1::Subscription shown =
      ActiveSubscription(MakePackage("Shown", 240, 30, v1::BILLING_CYCLE_MONTHLY, show));
  const std::string t1 = InsertTicket(hidden);
  const std::string t2 = InsertTicket(shown);
  v1::TimeEntry out;
  ASSERT_TRUE(Log(t1, 10, &out, std::nullopt, "secret").ok());
  const std::string e1 = out.name();
  ASSERT_TRUE(Log(t2, 10, &out, std::nullopt, "visible").ok());
  const std::string e2 = out.name();
  std::vector<std::string> p1 = absl::StrSplit(t1, '/');
  std::vector<std::string> p2 = absl::StrSplit(t2, '/');
  const std::string key1 = server_->CreateApiKey("CLIENT", absl::StrCat("clients/", p1[1]));
  const std::string key2 = server_->CreateApiKey("CLIENT", absl::StrCat("clients/", p2[1]));
  v1::GetTimeEntryRequest get;
  get.set_name(e1);
  ASSERT_TRUE(log_->GetTimeEntry(Ctx(key1).get(), get, &out).ok());
  EXPECT_TRUE(out.work_log_hidden());
  EXPECT_EQ(out.note(), "");
  EXPECT_EQ(out.operator_(), "");
  EXPECT_EQ(out.minutes(), 10);
  get.set_name(e2);
  ASSERT_TRUE(log_->GetTimeEntry(Ctx(key2).get(), get, &out).ok());
  EXPECT_FALSE(out.work_log_hidden());
  EXPECT_EQ(out.note(), "visible");
  EXPECT_EQ(out.operator_display_name(), "Olga Operator");
  // Filtering by operator reveals nothing the work log hides.
  v1::ListTimeEntriesRequest list;
  list.set_parent(absl::StrCat("clients/", p1[1], "/tickets/-"));
  v1::ListTimeEntriesResponse listed;
  ASSERT_TRUE(log_->ListTimeEntries(Ctx(key1).get(), list, &listed).ok());
  EXPECT_EQ(listed.time_entries_size(), 1);
  list.set_operator_(out.operator_());
  ASSERT_TRUE(log_->ListTimeEntries(Ctx(key1).get(), list, &listed).ok());
  EXPECT_EQ(listed.time_entries_size(), 0);
  list.set_parent(absl::StrCat("clients/", p2[1], "/tickets/-"));
  ASSERT_TRUE(log_->ListTimeEntries(Ctx(key2).get(), list, &listed).ok());
  EXPECT_EQ(listed.time_entries_size(), 1);
  // Another client's entry is NOT_FOUND for it.
  EXPECT_EQ(log_->GetTimeEntry(Ctx(key1).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(TimeLogE2eTest, TimersRunOnTheServerClock) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::StartTimerRequest start;
  start.set_parent(t);
  start.mutable_timer()->set_note("investigating");
  start.set_request_id(NewRequestId());
  v1::Timer timer;
  grpc::Status st = log_->StartTimer(Ctx(operator_key_).get(), start, &timer);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(timer.operator_display_name(), "Olga Operator");
  start.set_request_id(NewRequestId());
  v1::Timer again;
  Refusal r = ReadRefusal(log_->StartTimer(Ctx(operator_key_).get(), start, &again));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "TIMER_ALREADY_RUNNING");
  EXPECT_EQ(r.metadata["timer"], timer.name());

  // 61 seconds ago: stopping gives 2 minutes (R1).
  Sql("update timers set started_at = started_at - interval '61 seconds'");
  v1::ListTimersRequest list;
  list.set_parent("clients/-/tickets/-");
  v1::ListTimersResponse timers;
  ASSERT_TRUE(log_->ListTimers(Ctx(operator_key_).get(), list, &timers).ok());
  ASSERT_EQ(timers.timers_size(), 1);
  EXPECT_GE(timers.timers(0).elapsed().seconds(), 61);
  // The timer lives in the database: another server process sees it.
  TestServer second(db_->url());
  auto stub2 = v1::TimeLogService::NewStub(second.channel());
  ASSERT_TRUE(stub2->ListTimers(Admin().get(), list, &timers).ok());
  EXPECT_EQ(timers.timers_size(), 1);

  // A refused stop keeps the timer.
  Sql("update tickets set state = 'CLOSED', closed_at = now()");
  v1::StopTimerRequest stop;
  stop.set_name(timer.name());
  stop.set_request_id(NewRequestId());
  v1::TimeEntry entry;
  r = ReadRefusal(log_->StopTimer(Ctx(operator_key_).get(), stop, &entry));
  EXPECT_EQ(r.reason, "TICKET_CLOSED");
  EXPECT_EQ(r.metadata["timer_kept"], "true");
  EXPECT_THAT(r.message, HasSubstr("kept"));
  EXPECT_EQ(Count("timers"), "1");
  Sql("update tickets set state = 'OPEN', closed_at = null");

  stop.set_request_id(NewRequestId());
  st = log_->StopTimer(Ctx(operator_key_).get(), stop, &entry);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(entry.minutes(), 2);
  EXPECT_EQ(entry.billed_minutes(), 30);
  EXPECT_EQ(entry.note(), "investigating");
  EXPECT_EQ(entry.source(), v1::TIME_ENTRY_SOURCE_TIMER);
  EXPECT_EQ(Count("timers"), "0");

  // Cancel discards without logging.
  start.set_request_id(NewRequestId());
  ASSERT_TRUE(log_->StartTimer(Ctx(operator_key_).get(), start, &timer).ok());
  v1::CancelTimerRequest cancel;
  cancel.set_name(timer.name());
  cancel.set_request_id(NewRequestId());
  v1::Timer cancelled;
  ASSERT_TRUE(log_->CancelTimer(Ctx(operator_key_).get(), cancel, &cancelled).ok());
  EXPECT_EQ(Count("timers"), "0");
  EXPECT_EQ(Count("time_entries"), "1");
}

// R3: ChangePackage applied to the current period bills its entries again
// under the new terms, as an edit would.
TEST_F(TimeLogE2eTest, ChangePackageNowRebillsTheOpenPeriod) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  v1::Package extra =
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 200);
  v1::TimeEntry eb = MustLog(b, 20);
  ASSERT_EQ(GetPeriod(ea.period()).used_minutes(), 240);
  v1::ChangePackageRequest ch;
  ch.set_name(sub.name());
  ch.set_package(extra.name());
  ch.set_apply_to_current_period(true);
  ch.set_request_id(NewRequestId());
  v1::Subscription changed;
  grpc::Status st = accounts_->ChangePackage(Admin().get(), ch, &changed);
  ASSERT_TRUE(st.ok()) << Describe(st);
  v1::Period p = GetPeriod(ea.period());
  EXPECT_EQ(p.included_minutes(), 60);
  EXPECT_EQ(p.snapshot().package(), extra.name());
  EXPECT_EQ(p.used_minutes(), 240);  // 200 -> 210, 20 -> 30 at 15 minutes
  EXPECT_EQ(p.overage_minutes(), 180);
  EXPECT_EQ(p.overage_cost().units(), 120);  // 150 + 30 minutes at EUR 40/h
  v1::TimeEntry ra = GetEntry(ea.name());
  EXPECT_EQ(ra.billed_minutes(), 210);
  EXPECT_EQ(ra.included_minutes(), 60);
  EXPECT_EQ(ra.overage_minutes(), 150);
  EXPECT_EQ(GetEntry(eb.name()).overage_minutes(), 30);
  ExpectTotalsConsistent();
}

TEST_F(TimeLogE2eTest, ChangePackageNowRefusesToOverflowABucket) {
  v1::Subscription sub =
      ActiveSubscription(MakePackage("Big", 600, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  v1::Package small = MakePackage("Small", 120, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{});
  const std::string t = InsertTicket(sub);
  v1::TimeEntry e = MustLog(t, 300);
  v1::ChangePackageRequest ch;
  ch.set_name(sub.name());
  ch.set_package(small.name());
  ch.set_apply_to_current_period(true);
  ch.set_request_id(NewRequestId());
  v1::Subscription changed;
  Refusal r = ReadRefusal(accounts_->ChangePackage(Admin().get(), ch, &changed));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "BUCKET_EXHAUSTED");
  v1::Period p = GetPeriod(e.period());
  EXPECT_EQ(p.included_minutes(), 600);
  EXPECT_EQ(p.used_minutes(), 300);
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ChangePackage'"), "0");
}

TEST_F(TimeLogE2eTest, OperatorsOwnTheirEntries) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  const std::string olga =
      db_->Scalar("select id from api_keys where display_name = 'Olga Operator'");
  const std::string other_key = server_->CreateApiKey("OPERATOR", "", "Otto Other");
  v1::TimeEntry e = MustLog(t, 30);
  EXPECT_EQ(e.operator_(), absl::StrCat("apiKeys/", olga));

  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(e.name());
  up.mutable_time_entry()->set_note("mine now");
  up.mutable_update_mask()->add_paths("note");
  v1::TimeEntry out;
  Refusal r = ReadRefusal(log_->UpdateTimeEntry(Ctx(other_key).get(), up, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(r.reason, "OPERATOR_NOT_OWNER");
  EXPECT_EQ(r.metadata["resource_name"], e.name());
  v1::DeleteTimeEntryRequest del;
  del.set_name(e.name());
  EXPECT_EQ(ReadRefusal(log_->DeleteTimeEntry(Ctx(other_key).get(), del, &out)).reason,
            "OPERATOR_NOT_OWNER");

  // An OPERATOR cannot log as someone else; an ADMIN can, for staff keys.
  v1::CreateTimeEntryRequest req;
  req.set_parent(t);
  req.mutable_time_entry()->set_minutes(10);
  req.mutable_time_entry()->set_operator_(absl::StrCat("apiKeys/", olga));
  Refusal as_olga = ReadRefusal(log_->CreateTimeEntry(Ctx(other_key).get(), req, &out));
  EXPECT_EQ(as_olga.reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(as_olga.metadata["role"], "ROLE_OPERATOR");
  grpc::Status st = log_->CreateTimeEntry(Admin().get(), req, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.operator_display_name(), "Olga Operator");
  std::vector<std::string> parts = absl::StrSplit(t, '/');
  server_->CreateApiKey("CLIENT", absl::StrCat("clients/", parts[1]), "Client Key");
  req.mutable_time_entry()->set_operator_(absl::StrCat(
      "apiKeys/", db_->Scalar("select id from api_keys where display_name = 'Client Key'")));
  r = ReadRefusal(log_->CreateTimeEntry(Admin().get(), req, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  req.mutable_time_entry()->set_operator_(absl::StrCat("apiKeys/", NewRequestId()));
  EXPECT_EQ(log_->CreateTimeEntry(Admin().get(), req, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // The owner edits; the audit keeps before and after.
  up.set_request_id(NewRequestId());
  ASSERT_TRUE(log_->UpdateTimeEntry(Ctx(operator_key_).get(), up, &out).ok());
  EXPECT_EQ(out.note(), "mine now");
  EXPECT_THAT(
      db_->Scalar("select details::text from audit_events where action = 'UpdateTimeEntry'"),
      HasSubstr("mine now"));
}

TEST_F(TimeLogE2eTest, RetriesReplayAndReusedRequestIdsAreRefused) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::CreateTimeEntryRequest req;
  req.set_parent(t);
  req.mutable_time_entry()->set_minutes(10);
  req.set_request_id(NewRequestId());
  v1::TimeEntry first, again;
  ASSERT_TRUE(log_->CreateTimeEntry(Ctx(operator_key_).get(), req, &first).ok());
  ASSERT_TRUE(log_->CreateTimeEntry(Ctx(operator_key_).get(), req, &again).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(Count("time_entries"), "1");
  req.mutable_time_entry()->set_minutes(11);
  Refusal r = ReadRefusal(log_->CreateTimeEntry(Ctx(operator_key_).get(), req, &again));
  EXPECT_EQ(r.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(r.reason, "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("time_entries"), "1");
}

TEST_F(TimeLogE2eTest, CurrencyWithoutPriceIsRefusedAtFirstTouch) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  Sql("update clients set currency = 'USD'");
  v1::TimeEntry out;
  Refusal r = ReadRefusal(Log(t, 10, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "CURRENCY_NOT_PRICED");
  EXPECT_EQ(Count("periods"), "0");
}

TEST_F(TimeLogE2eTest, ATimerLeftRunningTooLongNeedsMinutes) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::StartTimerRequest start;
  start.set_parent(t);
  start.set_request_id(NewRequestId());
  v1::Timer timer;
  ASSERT_TRUE(log_->StartTimer(Ctx(operator_key_).get(), start, &timer).ok());
  Sql("update timers set started_at = started_at - interval '25 hours'");
  v1::StopTimerRequest stop;
  stop.set_name(timer.name());
  stop.set_request_id(NewRequestId());
  v1::TimeEntry entry;
  Refusal r = ReadRefusal(log_->StopTimer(Ctx(operator_key_).get(), stop, &entry));
  EXPECT_EQ(r.reason, "TIMER_TOO_LONG");
  EXPECT_EQ(r.metadata["timer"], timer.name());
  EXPECT_GE(std::stoi(r.metadata["minutes"]), 25 * 60);
  EXPECT_EQ(Count("timers"), "1");
  // Another operator cannot stop it.
  const std::string other_key = server_->CreateApiKey("OPERATOR", "", "Otto Other");
  EXPECT_EQ(ReadRefusal(log_->StopTimer(Ctx(other_key).get(), stop, &entry)).reason,
            "OPERATOR_NOT_OWNER");
  stop.set_minutes(90);
  stop.set_note("left running overnight");
  stop.set_request_id(NewRequestId());
  grpc::Status st = log_->StopTimer(Ctx(operator_key_).get(), stop, &entry);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(entry.minutes(), 90);
  EXPECT_EQ(entry.note(), "left running overnight");
  EXPECT_EQ(Count("timers"), "0");
}

TEST_F(TimeLogE2eTest, ListFiltersAndWhoMayUseThem) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  v1::Subscription other_sub = ActiveSubscription(
      MakePackage("Other", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t1 = InsertTicket(sub, "one");
  const std::string t2 = InsertTicket(sub, "two");
  const std::string other_key = server_->CreateApiKey("OPERATOR", "", "Otto Other");
  v1::TimeEntry a = MustLog(t1, 10, Utc(2026, 5, 3, 10, 0));
  v1::TimeEntry b;
  ASSERT_TRUE(Log(t2, 20, &b, Utc(2026, 5, 4, 10, 0), "", other_key).ok());
  v1::TimeEntry c = MustLog(t2, 30, Utc(2026, 6, 4, 10, 0));
  v1::DeleteTimeEntryRequest del;
  del.set_name(c.name());
  del.set_request_id(NewRequestId());
  v1::TimeEntry deleted;
  ASSERT_TRUE(log_->DeleteTimeEntry(Admin().get(), del, &deleted).ok());

  std::vector<std::string> parts = absl::StrSplit(t1, '/');
  const std::string all = absl::StrCat("clients/", parts[1], "/tickets/-");
  v1::ListTimeEntriesRequest list;
  list.set_parent(all);
  v1::ListTimeEntriesResponse got;
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.time_entries_size(), 2);  // deleted ones only on request
  list.set_show_deleted(true);
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.time_entries_size(), 3);
  list.set_show_deleted(false);
  list.set_period(a.period());
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.time_entries_size(), 2);
  list.set_operator_(b.operator_());
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  ASSERT_EQ(got.time_entries_size(), 1);
  EXPECT_EQ(got.time_entries(0).name(), b.name());
  // A month never touched has no entries.
  list.clear_operator_();
  list.set_period(absl::StrCat(sub.name(), "/periods/2025-01"));
  ASSERT_TRUE(log_->ListTimeEntries(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.time_entries_size(), 0);
  // A period of another client is refused.
  list.set_period(absl::StrCat(other_sub.name(), "/periods/2026-05"));
  Refusal r = ReadRefusal(log_->ListTimeEntries(Admin().get(), list, &got));
  EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(r.fields, ::testing::Contains("period"));
  // A CLIENT key: no deleted entries, and never another client's.
  const std::string client_key =
      server_->CreateApiKey("CLIENT", absl::StrCat("clients/", parts[1]));
  list.clear_period();
  list.set_show_deleted(true);
  Refusal no_deleted = ReadRefusal(log_->ListTimeEntries(Ctx(client_key).get(), list, &got));
  EXPECT_EQ(no_deleted.reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(no_deleted.metadata["role"], "ROLE_CLIENT");
  std::vector<std::string> other_parts = absl::StrSplit(other_sub.name(), '/');
  list.set_show_deleted(false);
  list.set_parent(absl::StrCat("clients/", other_parts[1], "/tickets/-"));
  EXPECT_EQ(log_->ListTimeEntries(Ctx(client_key).get(), list, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  list.set_parent(absl::StrCat("clients/", parts[1], "/tickets/", NewRequestId()));
  EXPECT_EQ(log_->ListTimeEntries(Admin().get(), list, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Deleted entries are NOT_FOUND for a CLIENT key, readable by staff.
  v1::GetTimeEntryRequest get;
  get.set_name(c.name());
  EXPECT_EQ(log_->GetTimeEntry(Ctx(client_key).get(), get, &deleted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(log_->GetTimeEntry(Ctx(other_key).get(), get, &deleted).ok());
  EXPECT_TRUE(deleted.deleted());
}

TEST_F(TimeLogE2eTest, TimersAreListedPerOperator) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t1 = InsertTicket(sub, "one");
  const std::string t2 = InsertTicket(sub, "two");
  const std::string other_key = server_->CreateApiKey("OPERATOR", "", "Otto Other");
  std::vector<std::string> names;
  for (const auto& [ticket, key] : std::vector<std::pair<std::string, std::string>>{
           {t1, operator_key_}, {t2, operator_key_}, {t1, other_key}}) {
    v1::StartTimerRequest start;
    start.set_parent(ticket);
    start.set_request_id(NewRequestId());
    v1::Timer timer;
    grpc::Status st = log_->StartTimer(Ctx(key).get(), start, &timer);
    ASSERT_TRUE(st.ok()) << Describe(st);
    EXPECT_EQ(timer.ticket_title(), ticket == t1 ? "one" : "two");
    EXPECT_GT(timer.ticket_number(), 0);
    names.push_back(timer.name());
  }
  v1::ListTimersRequest list;
  list.set_parent("clients/-/tickets/-");
  v1::ListTimersResponse got;
  ASSERT_TRUE(log_->ListTimers(Ctx(operator_key_).get(), list, &got).ok());
  EXPECT_EQ(got.timers_size(), 2);  // its own
  ASSERT_TRUE(log_->ListTimers(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.timers_size(), 3);  // everyone's
  list.set_page_size(2);
  ASSERT_TRUE(log_->ListTimers(Admin().get(), list, &got).ok());
  ASSERT_EQ(got.timers_size(), 2);
  list.set_page_token(got.next_page_token());
  ASSERT_TRUE(log_->ListTimers(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.timers_size(), 1);
  list.clear_page_token();
  list.clear_page_size();
  list.set_parent(t1);
  ASSERT_TRUE(log_->ListTimers(Admin().get(), list, &got).ok());
  EXPECT_EQ(got.timers_size(), 2);
  const std::string otto = absl::StrCat(
      "apiKeys/", db_->Scalar("select id from api_keys where display_name = 'Otto Other'"));
  list.set_operator_(otto);
  EXPECT_EQ(ReadRefusal(log_->ListTimers(Ctx(operator_key_).get(), list, &got)).reason,
            "ROLE_NOT_ALLOWED");
  v1::GetTimerRequest get;
  get.set_name(names[2]);
  v1::Timer timer;
  EXPECT_EQ(ReadRefusal(log_->GetTimer(Ctx(operator_key_).get(), get, &timer)).reason,
            "OPERATOR_NOT_OWNER");
  ASSERT_TRUE(log_->GetTimer(Ctx(other_key).get(), get, &timer).ok());
  EXPECT_EQ(timer.operator_(), otto);
}

// R14: each threshold of a MONTHLY period is alerted once.
TEST_F(TimeLogE2eTest, UsageAlertsOncePerThreshold) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  Approve(t);
  MustLog(t, 40);  // 45 of 60: 75 %
  EXPECT_EQ(Count("usage_alerts"), "0");
  MustLog(t, 5);  // 60: 80 % and 100 % at once
  EXPECT_EQ(db_->Scalar("select string_agg(threshold_percent::text, ',' order by threshold_percent)"
                        " from usage_alerts"),
            "80,100");
  EXPECT_EQ(db_->Scalar("select max(used_minutes) from usage_alerts"), "60");
  MustLog(t, 5);
  EXPECT_EQ(Count("usage_alerts"), "2");
}

// R2 across the October DST change and in another zone.
TEST_F(TimeLogE2eTest, MonthBoundariesFollowTheZoneAcrossDst) {
  v1::Package pro =
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  v1::Subscription warsaw = ActiveSubscription(pro);
  const std::string t = InsertTicket(warsaw);
  // 31 October 23:30 CET (UTC+1, after the change) is 22:30 UTC: October.
  EXPECT_THAT(MustLog(t, 10, Utc(2026, 10, 31, 22, 30)).period(),
              ::testing::EndsWith("/periods/2026-10"));
  // 23:00 UTC is midnight in Warsaw: November.
  v1::TimeEntry nov = MustLog(t, 10, Utc(2026, 10, 31, 23, 0));
  EXPECT_THAT(nov.period(), ::testing::EndsWith("/periods/2026-11"));
  EXPECT_EQ(GetPeriod(nov.period()).start_time().seconds(),
            absl::ToUnixSeconds(Utc(2026, 10, 31, 23, 0)));

  v1::Subscription ny = ActiveSubscription(pro, "America/New_York");
  const std::string t2 = InsertTicket(ny);
  // 1 May 02:00 UTC is 30 April 22:00 in New York (EDT, UTC-4).
  v1::TimeEntry april = MustLog(t2, 10, Utc(2026, 5, 1, 2, 0));
  EXPECT_THAT(april.period(), ::testing::EndsWith("/periods/2026-04"));
  v1::Period p = GetPeriod(april.period());
  EXPECT_EQ(p.snapshot().time_zone(), "America/New_York");
  EXPECT_EQ(p.end_time().seconds(), absl::ToUnixSeconds(Utc(2026, 5, 1, 4, 0)));
}

// R3: a scheduled package change takes effect with the next period touched.
TEST_F(TimeLogE2eTest, ScheduledPackageChangeStartsWithTheNextPeriod) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  v1::Package extra =
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  const std::string t = InsertTicket(sub);
  v1::TimeEntry june = MustLog(t, 10, Utc(2026, 6, 10, 10, 0));
  v1::ChangePackageRequest ch;
  ch.set_name(sub.name());
  ch.set_package(extra.name());
  ch.set_request_id(NewRequestId());
  v1::Subscription changed;
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), ch, &changed).ok());
  EXPECT_EQ(MustLog(t, 10, Utc(2026, 6, 11, 10, 0)).billed_minutes(), 30);  // June keeps Pro
  v1::TimeEntry july = MustLog(t, 10, Utc(2026, 7, 1, 10, 0));
  EXPECT_EQ(july.billed_minutes(), 15);
  EXPECT_EQ(GetPeriod(july.period()).snapshot().package(), extra.name());
  EXPECT_EQ(GetPeriod(june.period()).included_minutes(), 240);
  v1::GetSubscriptionRequest get;
  get.set_name(sub.name());
  v1::Subscription now;
  ASSERT_TRUE(accounts_->GetSubscription(Admin().get(), get, &now).ok());
  EXPECT_EQ(now.package(), extra.name());
  EXPECT_TRUE(now.next_package().empty());
}

// R11: the same request 50 times at once, over two server processes (each
// serves at most 32 calls at once by default): one entry, identical answers.
TEST_F(TimeLogE2eTest, SameRequestIdConcurrentlyMakesOneEntry) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::CreateTimeEntryRequest req;
  req.set_parent(t);
  req.mutable_time_entry()->set_minutes(25);
  *req.mutable_time_entry()->mutable_work_time() = Ts(absl::Now() - absl::Minutes(10));
  req.set_request_id(NewRequestId());
  TestServer second(db_->url());
  auto stub2 = v1::TimeLogService::NewStub(second.channel());
  constexpr int kCalls = 50;
  std::vector<std::string> answers(kCalls);
  std::vector<grpc::StatusCode> codes(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      v1::TimeEntry out;
      auto& stub = i % 2 ? log_ : stub2;
      codes[i] = stub->CreateTimeEntry(Ctx(operator_key_).get(), req, &out).error_code();
      answers[i] = out.SerializeAsString();
    });
  }
  for (auto& th : threads) th.join();
  for (int i = 0; i < kCalls; ++i) {
    EXPECT_EQ(codes[i], grpc::StatusCode::OK) << i;
    EXPECT_EQ(answers[i], answers[0]) << i;
  }
  EXPECT_EQ(Count("time_entries"), "1");
  ExpectTotalsConsistent();
}

// R12: 40 concurrent creates near the cap of a bucket: it never overflows.
TEST_F(TimeLogE2eTest, ConcurrentCreatesNeverOverflowTheBucket) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Bucket", 300, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  const std::string t1 = InsertTicket(sub, "one");
  const std::string t2 = InsertTicket(sub, "two");
  MustLog(t1, 200);  // 210 used, 90 left: room for 6 of the 40 entries below
  TestServer second(db_->url());
  auto stub2 = v1::TimeLogService::NewStub(second.channel());
  constexpr int kCalls = 40;
  std::atomic<int> ok{0}, exhausted{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateTimeEntryRequest req;
      req.set_parent(i % 2 ? t1 : t2);
      req.mutable_time_entry()->set_minutes(10);
      req.set_request_id(NewRequestId());
      v1::TimeEntry out;
      auto& stub = i % 3 ? log_ : stub2;  // two server processes on one database
      grpc::Status st = stub->CreateTimeEntry(Ctx(operator_key_).get(), req, &out);
      if (st.ok()) {
        ++ok;
      } else if (ReadRefusal(st).reason == "BUCKET_EXHAUSTED") {
        ++exhausted;
      } else {
        ++other;
        ADD_FAILURE() << Describe(st);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(exhausted.load(), kCalls - 6);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(db_->Scalar("select used_minutes from periods"), "300");
  EXPECT_EQ(db_->Scalar("select state from subscriptions"), "DEPLETED");
  ExpectTotalsConsistent();
}

// R12: concurrent creates crossing a MONTHLY allocation, with and without
// approval, over two server processes.
TEST_F(TimeLogE2eTest, ConcurrentCreatesCrossTheAllocationConsistently) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string approved = InsertTicket(sub, "approved");
  const std::string unapproved = InsertTicket(sub, "unapproved");
  Approve(approved);
  TestServer second(db_->url());
  auto stub2 = v1::TimeLogService::NewStub(second.channel());
  constexpr int kCalls = 36;
  std::atomic<int> ok_unapproved{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back([&, i] {
      const bool to_approved = i % 2 == 0;
      v1::CreateTimeEntryRequest req;
      req.set_parent(to_approved ? approved : unapproved);
      req.mutable_time_entry()->set_minutes(20);  // bills 30
      req.set_request_id(NewRequestId());
      v1::TimeEntry out;
      auto& stub = i % 3 ? log_ : stub2;
      grpc::Status st = stub->CreateTimeEntry(Ctx(operator_key_).get(), req, &out);
      if (st.ok()) {
        if (!to_approved) {
          ++ok_unapproved;
          EXPECT_EQ(out.overage_minutes(), 0);
        }
      } else if (!to_approved && ReadRefusal(st).reason == "OVERAGE_NOT_APPROVED") {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << Describe(st);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok_unapproved.load() + refused.load(), kCalls / 2);
  // Every approved entry went in; the unapproved only while they fitted.
  EXPECT_EQ(db_->Scalar(absl::StrCat("select count(*) from time_entries where ticket_id = '",
                                     LastSegment(approved), "'")),
            std::to_string(kCalls / 2));
  EXPECT_EQ(db_->Scalar(absl::StrCat("select coalesce(sum(overage_minutes), 0) from time_entries"
                                     " where ticket_id = '",
                                     LastSegment(unapproved), "'")),
            "0");
  const int total = (kCalls / 2 + ok_unapproved.load()) * 30;
  EXPECT_EQ(db_->Scalar("select used_minutes from periods"), std::to_string(total));
  EXPECT_EQ(db_->Scalar("select overage_minutes from periods"), std::to_string(total - 240));
  // The split follows logged order: included parts first, then overage.
  EXPECT_EQ(db_->Scalar("select count(*) from time_entries a join time_entries b"
                        " on a.period_id = b.period_id and a.log_seq < b.log_seq"
                        " where a.overage_minutes > 0 and b.included_minutes > 0"),
            "0");
  EXPECT_EQ(db_->Scalar("select sum(included_minutes) from time_entries"), "240");
  ExpectTotalsConsistent();
}

}  // namespace
}  // namespace supportbytime::testing
