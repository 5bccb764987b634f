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
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
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
// R21 with the R5 figures: Professional (240 min, 30 min, EUR 40/h). A
// non-billable entry counts in raw totals, bills nothing and needs no
// approval; flipping it is an edit that recomputes the split.
TEST_F(TimeLogE2eTest, NonBillableTimeIsCountedButNeverBilled) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 200);
  ASSERT_EQ(ea.billed_minutes(), 210);
  EXPECT_TRUE(ea.has_billable());
  EXPECT_TRUE(ea.billable());

  // B has no approval, and needs none for time that is not billed.
  v1::TimeEntry nb = MustLogNonBillable(b, 50);
  EXPECT_TRUE(nb.has_billable());
  EXPECT_FALSE(nb.billable());
  EXPECT_EQ(nb.minutes(), 50);
  EXPECT_EQ(nb.billed_minutes(), 0);
  EXPECT_EQ(nb.included_minutes(), 0);
  EXPECT_EQ(nb.overage_minutes(), 0);
  v1::Period p = GetPeriod(ea.period());
  EXPECT_EQ(p.raw_minutes(), 250);
  EXPECT_EQ(p.used_minutes(), 210);
  EXPECT_EQ(p.left_minutes(), 30);
  EXPECT_EQ(p.entry_count(), 2);
  EXPECT_EQ(db_->Scalar(absl::StrCat("select raw_minutes || '/' || billed_minutes || '/' ||"
                                     " non_billable_minutes || '/' || entry_count"
                                     " from period_tickets where ticket_id = '",
                                     LastSegment(b), "'")),
            "50/0/50/1");

  // Billable time on B still needs the approval; then it splits as in R5,
  // as if the non-billable entry were not there.
  v1::TimeEntry out;
  EXPECT_EQ(ReadRefusal(Log(b, 50, &out)).reason, "OVERAGE_NOT_APPROVED");
  Approve(b);
  v1::TimeEntry eb = MustLog(b, 50);
  EXPECT_EQ(eb.billed_minutes(), 60);
  EXPECT_EQ(eb.included_minutes(), 30);
  EXPECT_EQ(eb.overage_minutes(), 30);
  p = GetPeriod(ea.period());
  EXPECT_EQ(p.raw_minutes(), 300);
  EXPECT_EQ(p.used_minutes(), 270);
  EXPECT_EQ(p.overage_minutes(), 30);
  EXPECT_EQ(p.overage_cost().units(), 20);
  EXPECT_EQ(p.entry_count(), 3);

  // Made billable, the earlier entry takes the last 30 included minutes.
  grpc::Status st = SetBillable(nb.name(), true, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_TRUE(out.billable());
  EXPECT_EQ(out.billed_minutes(), 60);
  EXPECT_EQ(out.included_minutes(), 30);
  EXPECT_EQ(out.overage_minutes(), 30);
  EXPECT_EQ(GetEntry(eb.name()).overage_minutes(), 60);
  p = GetPeriod(ea.period());
  EXPECT_EQ(p.used_minutes(), 330);
  EXPECT_EQ(p.overage_minutes(), 90);
  EXPECT_EQ(p.overage_cost().units(), 60);
  ExpectTotalsConsistent();

  // And back: the split is what it was.
  st = SetBillable(nb.name(), false, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_FALSE(out.billable());
  EXPECT_EQ(out.billed_minutes(), 0);
  EXPECT_EQ(GetEntry(eb.name()).included_minutes(), 30);
  EXPECT_EQ(GetPeriod(ea.period()).overage_cost().units(), 20);
  EXPECT_EQ(db_->Scalar("select (details->'before'->>'billable') || ' -> ' ||"
                        " (details->'after'->>'billable') from audit_events"
                        " where action = 'UpdateTimeEntry' order by seq desc limit 1"),
            "true -> false");
  ExpectTotalsConsistent();
}

// R8 applies when an entry becomes billable; a refusal changes nothing.
TEST_F(TimeLogE2eTest, MakingAnEntryBillableIsCheckedLikeAnyEdit) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 200);
  v1::TimeEntry nb = MustLogNonBillable(b, 50);
  v1::TimeEntry out;
  Refusal r = ReadRefusal(SetBillable(nb.name(), true, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(r.metadata["minutes_left"], "30");
  v1::TimeEntry kept = GetEntry(nb.name());
  EXPECT_FALSE(kept.billable());
  EXPECT_EQ(kept.billed_minutes(), 0);
  EXPECT_EQ(GetPeriod(ea.period()).used_minutes(), 210);
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'UpdateTimeEntry'"), "0");

  // Within the allocation no approval is needed.
  v1::TimeEntry small = MustLogNonBillable(b, 20);
  grpc::Status st = SetBillable(small.name(), true, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.billed_minutes(), 30);
  EXPECT_EQ(out.overage_minutes(), 0);

  // A named but unset flag is malformed; `*` without it keeps the entry's.
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(nb.name());
  up.mutable_update_mask()->add_paths("billable");
  up.set_request_id(NewRequestId());
  r = ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out));
  EXPECT_EQ(r.reason, "INVALID_FIELD");
  EXPECT_THAT(r.fields, ::testing::ElementsAre("time_entry.billable"));
  up.mutable_update_mask()->clear_paths();
  up.mutable_update_mask()->add_paths("*");
  up.mutable_time_entry()->set_minutes(40);
  up.mutable_time_entry()->set_note("internal");
  st = log_->UpdateTimeEntry(Admin().get(), up, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_FALSE(out.billable());
  EXPECT_EQ(out.minutes(), 40);
  EXPECT_EQ(out.billed_minutes(), 0);

  // Without required approval, the flip just recomputes.
  PackageOptions no_approval;
  no_approval.require_approval = false;
  v1::Subscription free = ActiveSubscription(
      MakePackage("No approval", 240, 30, v1::BILLING_CYCLE_MONTHLY, no_approval));
  const std::string c = InsertTicket(free);
  MustLog(c, 240);
  v1::TimeEntry nc = MustLogNonBillable(c, 7);
  st = SetBillable(nc.name(), true, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.overage_minutes(), 30);
  ExpectTotalsConsistent();
}

// R4 TICKET scope rounds the billable sum only, also when an entry is
// created from the running totals.
TEST_F(TimeLogE2eTest, TicketScopeRoundsOnlyBillableMinutes) {
  PackageOptions ticket_scope;
  ticket_scope.scope = v1::ROUNDING_SCOPE_TICKET;
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, ticket_scope));
  const std::string t = InsertTicket(sub);
  EXPECT_EQ(MustLog(t, 7).billed_minutes(), 15);
  v1::TimeEntry middle = MustLogNonBillable(t, 20);
  EXPECT_EQ(middle.billed_minutes(), 0);
  v1::TimeEntry last = MustLog(t, 15);
  EXPECT_EQ(last.billed_minutes(), 15);  // 22 -> 30, not 42 -> 45
  EXPECT_EQ(GetPeriod(last.period()).used_minutes(), 30);
  v1::TimeEntry out;
  ASSERT_TRUE(SetBillable(middle.name(), true, &out).ok());
  EXPECT_EQ(out.billed_minutes(), 15);  // sums 7, 27, 42 -> 15, 30, 45
  EXPECT_EQ(GetEntry(last.name()).billed_minutes(), 15);
  EXPECT_EQ(GetPeriod(last.period()).used_minutes(), 45);
  ExpectTotalsConsistent();
}

// R7: a non-billable entry never counts against the bucket, even a used-up
// one; making it billable must fit.
TEST_F(TimeLogE2eTest, NonBillableTimeOnAOneTimeBucket) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Bucket", 60, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry full = MustLog(t, 60);
  ASSERT_EQ(db_->Scalar("select state from subscriptions"), "DEPLETED");
  v1::TimeEntry nb = MustLogNonBillable(t, 30);
  EXPECT_EQ(nb.billed_minutes(), 0);
  EXPECT_EQ(db_->Scalar("select state from subscriptions"), "DEPLETED");
  v1::Period p = GetPeriod(nb.period());
  EXPECT_EQ(p.used_minutes(), 60);
  EXPECT_EQ(p.raw_minutes(), 90);
  v1::TimeEntry out;
  EXPECT_EQ(ReadRefusal(Log(t, 1, &out)).reason, "BUCKET_EXHAUSTED");
  Refusal r = ReadRefusal(SetBillable(nb.name(), true, &out));
  EXPECT_EQ(r.reason, "BUCKET_EXHAUSTED");
  EXPECT_EQ(r.metadata["minutes_left"], "0");
  EXPECT_FALSE(GetEntry(nb.name()).billable());

  // Taking the bucket's entry off the bill frees it.
  ASSERT_TRUE(SetBillable(full.name(), false, &out).ok());
  EXPECT_EQ(db_->Scalar("select state from subscriptions"), "ACTIVE");
  EXPECT_EQ(GetPeriod(nb.period()).used_minutes(), 0);
  EXPECT_EQ(Count("usage_alerts"), "2");  // from the first fill, never again
  ExpectTotalsConsistent();
}

// R15/R21: a client sees which entries are not billed; it cannot set the flag.
TEST_F(TimeLogE2eTest, ClientSeesNonBillableEntriesMarked) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry billed = MustLog(t, 20);
  v1::TimeEntry free = MustLogNonBillable(t, 50);
  const std::string client_key = server_->CreateApiKey("CLIENT", t.substr(0, t.find("/tickets/")));
  v1::ListTimeEntriesRequest list;
  list.set_parent(t);
  v1::ListTimeEntriesResponse listed;
  ASSERT_TRUE(log_->ListTimeEntries(Ctx(client_key).get(), list, &listed).ok());
  ASSERT_EQ(listed.time_entries_size(), 2);
  EXPECT_TRUE(listed.time_entries(0).has_billable());
  EXPECT_TRUE(listed.time_entries(0).billable());
  EXPECT_TRUE(listed.time_entries(1).has_billable());
  EXPECT_FALSE(listed.time_entries(1).billable());
  EXPECT_EQ(listed.time_entries(1).minutes(), 50);
  EXPECT_EQ(listed.time_entries(1).billed_minutes(), 0);
  v1::GetTimeEntryRequest get;
  get.set_name(free.name());
  v1::TimeEntry out;
  ASSERT_TRUE(log_->GetTimeEntry(Ctx(client_key).get(), get, &out).ok());
  EXPECT_TRUE(out.has_billable());
  EXPECT_FALSE(out.billable());

  EXPECT_EQ(ReadRefusal(LogNonBillable(t, 5, &out, std::nullopt, client_key)).reason,
            "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReadRefusal(SetBillable(billed.name(), false, &out, client_key)).reason,
            "ROLE_NOT_ALLOWED");
  EXPECT_TRUE(GetEntry(billed.name()).billable());
  EXPECT_EQ(Count("time_entries"), "2");
}

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

// R8 on edits applies to the ticket being changed: an edit that would give
// its own ticket overage without approval is refused; one that pushes another
// ticket's later entry past the allocation (R5) is not refused for it.
TEST_F(TimeLogE2eTest, EditIsCheckedForTheTicketBeingChanged) {
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  const std::string a = InsertTicket(sub, "A");
  const std::string b = InsertTicket(sub, "B");
  v1::TimeEntry ea = MustLog(a, 100);
  v1::TimeEntry eb = MustLog(b, 100);
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(eb.name());
  up.mutable_time_entry()->set_minutes(130);
  up.mutable_update_mask()->add_paths("minutes");
  up.set_request_id(NewRequestId());
  v1::TimeEntry out;
  Refusal r = ReadRefusal(log_->UpdateTimeEntry(Admin().get(), up, &out));
  EXPECT_EQ(r.reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(r.metadata["ticket"], LastSegment(b));
  EXPECT_EQ(r.metadata["period"], GetEntry(eb.name()).period());
  EXPECT_EQ(GetEntry(eb.name()).minutes(), 100);
  EXPECT_EQ(GetPeriod(ea.period()).used_minutes(), 240);

  up.mutable_time_entry()->set_name(ea.name());
  up.mutable_time_entry()->set_minutes(200);
  up.set_request_id(NewRequestId());
  grpc::Status st = log_->UpdateTimeEntry(Admin().get(), up, &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_EQ(out.overage_minutes(), 0);
  EXPECT_EQ(GetEntry(eb.name()).overage_minutes(), 90);
  EXPECT_EQ(GetPeriod(ea.period()).used_minutes(), 330);
  ExpectTotalsConsistent();
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

// R3: a package update applies from the next month; the month it is
// published in keeps the version in force when it began, logged before the
// update or after it.
TEST_F(TimeLogE2eTest, PackageUpdateAppliesFromTheNextMonth) {
  const absl::CivilMonth next = ThisMonthInWarsaw() + 1;
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
  EXPECT_EQ(MustLog(t, 10, Utc(2026, 6, 11, 10, 0)).billed_minutes(), 30);  // June keeps v1
  // The update's month, first logged after it: still version 1.
  v1::TimeEntry same = MustLog(t, 10, clock_.Now() - absl::Minutes(1));
  EXPECT_EQ(same.billed_minutes(), 30);
  EXPECT_EQ(GetPeriod(same.period()).snapshot().package_version(), 1);
  EXPECT_EQ(GetPeriod(first.period()).included_minutes(), 240);
  // The next month follows the new version.
  RestartServerAt(InWarsaw(next + 1, 2, 12));
  v1::TimeEntry later = MustLog(t, 10, InWarsaw(next + 1, 1, 10));
  EXPECT_EQ(later.billed_minutes(), 60);
  v1::Period p = GetPeriod(later.period());
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
  // The audit events of time entries: refusals write none.
  const std::string kEntryAudits =
      "select count(*) from audit_events where action like '%TimeEntry'";
  const std::string audit_before = db_->Scalar(kEntryAudits);

  // PERIOD_CLOSED: create, edit and delete. ClosePeriods closes May.
  ClosePeriods();
  ASSERT_EQ(db_->Scalar("select state from periods"), "CLOSED");
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
  CloseTicket(t);
  r = ReadRefusal(Log(t, 10, &out));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "TICKET_CLOSED");
  ReopenTicket(t);

  // SUBSCRIPTION_NOT_ACTIVE.
  Suspend(sub);
  r = ReadRefusal(Log(t, 10, &out));
  EXPECT_EQ(r.reason, "SUBSCRIPTION_NOT_ACTIVE");
  EXPECT_EQ(r.metadata["state"], "SUSPENDED");

  EXPECT_EQ(Count("time_entries"), "1");
  EXPECT_EQ(Count("periods"), "1");
  EXPECT_EQ(db_->Scalar(kEntryAudits), audit_before);
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
  Refusal r = ReadRefusal(Log(t, 10, &out, clock_.Now() + absl::Hours(1)));
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

  // 61 seconds later: stopping gives 2 minutes (R1).
  clock_.Advance(absl::Seconds(61));
  v1::ListTimersRequest list;
  list.set_parent("clients/-/tickets/-");
  v1::ListTimersResponse timers;
  ASSERT_TRUE(log_->ListTimers(Ctx(operator_key_).get(), list, &timers).ok());
  ASSERT_EQ(timers.timers_size(), 1);
  EXPECT_GE(timers.timers(0).elapsed().seconds(), 61);
  // The timer lives in the database: another server (its own services and
  // connections) sees it.
  InProcessServer second(db_->url(), clock_);
  auto stub2 = v1::TimeLogService::NewStub(second.channel());
  ASSERT_TRUE(stub2->ListTimers(Admin().get(), list, &timers).ok());
  EXPECT_EQ(timers.timers_size(), 1);

  // A refused stop keeps the timer.
  CloseTicket(t);
  v1::StopTimerRequest stop;
  stop.set_name(timer.name());
  stop.set_request_id(NewRequestId());
  v1::TimeEntry entry;
  r = ReadRefusal(log_->StopTimer(Ctx(operator_key_).get(), stop, &entry));
  EXPECT_EQ(r.reason, "TICKET_CLOSED");
  EXPECT_EQ(r.metadata["timer_kept"], "true");
  EXPECT_THAT(r.message, HasSubstr("kept"));
  EXPECT_EQ(Count("timers"), "1");
  ReopenTicket(t);

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

// R3: a ONE_TIME bucket is one period begun at activation; a change applied
// now moves it, even before its first entry.
TEST_F(TimeLogE2eTest, ChangePackageNowMovesAnUntouchedBucket) {
  v1::Subscription sub =
      ActiveSubscription(MakePackage("Big", 600, 15, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{}));
  v1::Package small = MakePackage("Small", 120, 30, v1::BILLING_CYCLE_ONE_TIME, PackageOptions{});
  v1::ChangePackageRequest ch;
  ch.set_name(sub.name());
  ch.set_package(small.name());
  ch.set_apply_to_current_period(true);
  ch.set_request_id(NewRequestId());
  v1::Subscription changed;
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), ch, &changed).ok());
  EXPECT_EQ(changed.package(), small.name());
  v1::TimeEntry e = MustLog(InsertTicket(sub), 10);
  EXPECT_EQ(e.billed_minutes(), 30);
  EXPECT_EQ(GetPeriod(e.period()).included_minutes(), 120);
  EXPECT_EQ(GetPeriod(e.period()).snapshot().package(), small.name());
}

// R20: work before the first activation is refused before any period is
// created, for entries and for edits that move them; the activation may be
// back-dated by an ADMIN, never into the future, and only the first time.
TEST_F(TimeLogE2eTest, WorkOutsideTheSubscriptionIsRefused) {
  v1::Package pro =
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  v1::Subscription sub = Activate(CreateSubscription(CreateClient(), pro), Utc(2026, 3, 10, 9, 0));
  const std::string t = InsertTicket(sub);
  v1::TimeEntry out;
  Refusal r = ReadRefusal(Log(t, 30, &out, Utc(2025, 4, 10, 10, 0)));  // eleven months before
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "WORK_OUTSIDE_SUBSCRIPTION");
  EXPECT_EQ(r.metadata["window_start"], "2026-03-10T09:00:00+00:00");
  EXPECT_EQ(r.metadata["window_end"], "");
  r = ReadRefusal(Log(t, 30, &out, Utc(2026, 3, 10, 8, 59)));  // a minute before
  EXPECT_EQ(r.reason, "WORK_OUTSIDE_SUBSCRIPTION");
  EXPECT_EQ(db_->Scalar("select count(*) from periods"), "0");
  EXPECT_EQ(db_->Scalar("select count(*) from time_entries"), "0");

  v1::TimeEntry e = MustLog(t, 30, Utc(2026, 3, 10, 9, 0));  // at the activation
  v1::UpdateTimeEntryRequest up;
  up.mutable_time_entry()->set_name(e.name());
  *up.mutable_time_entry()->mutable_work_time() = Ts(Utc(2026, 2, 20, 10, 0));
  up.mutable_update_mask()->add_paths("work_time");
  up.set_request_id(NewRequestId());
  r = ReadRefusal(log_->UpdateTimeEntry(Ctx(operator_key_).get(), up, &out));
  EXPECT_EQ(r.reason, "WORK_OUTSIDE_SUBSCRIPTION");
  EXPECT_EQ(db_->Scalar("select count(*) from periods"), "1");
  EXPECT_EQ(GetEntry(e.name()).work_time().seconds(), e.work_time().seconds());

  // activate_time: never in the future, only on the first activation.
  v1::ActivateSubscriptionRequest act;
  act.set_name(CreateSubscription(CreateClient(), pro).name());
  *act.mutable_activate_time() = Ts(clock_.Now() + absl::Hours(1));
  v1::Subscription s;
  r = ReadRefusal(accounts_->ActivateSubscription(Admin().get(), act, &s));
  EXPECT_EQ(r.reason, "INVALID_FIELD");
  EXPECT_THAT(r.fields, ::testing::ElementsAre("activate_time"));
  act.set_name(sub.name());
  *act.mutable_activate_time() = Ts(Utc(2020, 1, 1, 0, 0));
  r = ReadRefusal(accounts_->ActivateSubscription(Admin().get(), act, &s));
  EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(r.reason, "INVALID_STATE_TRANSITION");
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
  // The client moved to a currency the package has no price in. The API
  // refuses that move (CURRENCY_NOT_PRICED), so it is made behind its back.
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
  clock_.Advance(absl::Hours(25));
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

// R3, SPEC's example: Professional since long ago; on the 3rd of a month
// (the server's clock is put there) a default ChangePackage to Extra. That
// month, logged only after the change, and an untouched earlier month stay
// Professional; the next month is Extra.
TEST_F(TimeLogE2eTest, PackageChangeOnTheThirdAppliesFromTheNextMonth) {
  const absl::CivilMonth december = ThisMonthInWarsaw() + 1;
  RestartServerAt(InWarsaw(december, 3, 14));
  v1::Subscription sub = ActiveSubscription(
      MakePackage("Professional Support", 240, 30, v1::BILLING_CYCLE_MONTHLY, PackageOptions{}));
  v1::Package extra =
      MakePackage("Extra Support", 60, 15, v1::BILLING_CYCLE_MONTHLY, PackageOptions{});
  const std::string pro = sub.package();
  const std::string t = InsertTicket(sub);
  v1::ChangePackageRequest ch;
  ch.set_name(sub.name());
  ch.set_package(extra.name());
  ch.set_request_id(NewRequestId());
  v1::Subscription changed;
  ASSERT_TRUE(accounts_->ChangePackage(Admin().get(), ch, &changed).ok());
  // December's first entry of 40 minutes: 60 under Professional, not 45.
  v1::TimeEntry dec = MustLog(t, 40, InWarsaw(december, 3, 13));
  EXPECT_EQ(dec.billed_minutes(), 60);
  EXPECT_EQ(GetPeriod(dec.period()).snapshot().package(), pro);
  EXPECT_EQ(GetPeriod(dec.period()).included_minutes(), 240);
  // An untouched November, logged now: Professional too.
  v1::TimeEntry nov = MustLog(t, 10, InWarsaw(december - 1, 10, 10));
  EXPECT_EQ(nov.billed_minutes(), 30);
  EXPECT_EQ(GetPeriod(nov.period()).snapshot().package(), pro);
  // January: Extra.
  RestartServerAt(InWarsaw(december + 1, 2, 12));
  v1::TimeEntry jan = MustLog(t, 40, InWarsaw(december + 1, 1, 10));
  EXPECT_EQ(jan.billed_minutes(), 45);
  EXPECT_EQ(GetPeriod(jan.period()).snapshot().package(), extra.name());
  EXPECT_EQ(GetPeriod(jan.period()).included_minutes(), 60);
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
  *req.mutable_time_entry()->mutable_work_time() = Ts(clock_.Now() - absl::Minutes(10));
  req.set_request_id(NewRequestId());
  InProcessServer second(db_->url(), clock_);  // another server on the same database
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
  InProcessServer second(db_->url(), clock_);  // another server on the same database
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
  InProcessServer second(db_->url(), clock_);  // another server on the same database
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

// --- R8: approval per ticket and period, with a cap ---

class OverageApprovalE2eTest : public TimeLogFixture {
 protected:
  void SetUp() override {
    TimeLogFixture::SetUp();
    tickets_ = v1::TicketService::NewStub(server_->channel());
    billing_ = v1::BillingService::NewStub(server_->channel());
    client_ = CreateClient("Acme");
    // Active since well before the previous month, so both months are its.
    sub_ = Activate(CreateSubscription(client_, CreatePackage("Professional Support", 240, 30)),
                    clock_.Now() - absl::Hours(24 * 70));
    ticket_ = InsertTicket(sub_);
    client_key_ = server_->CreateApiKey("CLIENT", client_.name(), "Jane at Acme");
    ASSERT_TRUE(absl::LoadTimeZone(client_.time_zone(), &tz_));
    const absl::Time now = clock_.Now();
    current_ = absl::CivilMonth(tz_.At(now).cs);
    previous_ = current_ - 1;
    previous_work_ = absl::FromCivil(absl::CivilDay(previous_) + 14, tz_) + absl::Hours(12);
  }

  static ::testing::AssertionResult Ok(const grpc::Status& st) {
    if (st.ok()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << Describe(st);
  }

  std::string PeriodOf(absl::CivilMonth m) const {
    return absl::StrCat(sub_.name(), "/periods/", absl::FormatCivilTime(m).substr(0, 7));
  }

  grpc::Status Approve(const std::string& period, std::optional<int> cap, v1::Ticket* out,
                       const std::string& key = "", const std::string& request_id = "") {
    v1::ApproveOverageRequest req;
    req.set_name(ticket_);
    req.set_period(period);
    if (cap) req.set_overage_cap_minutes(*cap);
    req.set_note("confirmed by e-mail");
    req.set_request_id(request_id.empty() ? NewRequestId() : request_id);
    return tickets_->ApproveOverage(Ctx(key.empty() ? client_key_ : key).get(), req, out);
  }
  grpc::Status Request(const std::string& period, int minutes, v1::Ticket* out,
                       const std::string& key = "", const std::string& request_id = "") {
    v1::RequestOverageApprovalRequest req;
    req.set_name(ticket_);
    req.set_period(period);
    req.set_estimated_minutes(minutes);
    req.set_note("database migration");
    req.set_request_id(request_id.empty() ? NewRequestId() : request_id);
    return tickets_->RequestOverageApproval(Ctx(key.empty() ? operator_key_ : key).get(), req,
                                            out);
  }
  grpc::Status Decline(const std::string& period, v1::Ticket* out, const std::string& key = "",
                       const std::string& request_id = "") {
    v1::DeclineOverageRequest req;
    req.set_name(ticket_);
    req.set_period(period);
    req.set_note("too expensive");
    req.set_request_id(request_id.empty() ? NewRequestId() : request_id);
    return tickets_->DeclineOverage(Ctx(key.empty() ? client_key_ : key).get(), req, out);
  }
  v1::Ticket GetTicket() {
    v1::GetTicketRequest req;
    req.set_name(ticket_);
    v1::Ticket out;
    grpc::Status st = tickets_->GetTicket(Ctx(client_key_).get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }
  v1::EstimateCostResponse Estimate(int minutes) {
    v1::EstimateCostRequest req;
    req.set_name(sub_.name());
    req.set_additional_minutes(minutes);
    req.set_ticket(ticket_);
    v1::EstimateCostResponse out;
    grpc::Status st = billing_->EstimateCost(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    return out;
  }
  std::vector<std::string> Timeline() {
    v1::ListTicketEventsRequest req;
    req.set_parent(ticket_);
    v1::ListTicketEventsResponse out;
    grpc::Status st = tickets_->ListTicketEvents(Admin().get(), req, &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    std::vector<std::string> actions;
    for (const v1::AuditEvent& e : out.audit_events()) actions.push_back(e.action());
    return actions;
  }

  std::unique_ptr<v1::TicketService::Stub> tickets_;
  std::unique_ptr<v1::BillingService::Stub> billing_;
  v1::Client client_;
  v1::Subscription sub_;
  std::string ticket_;
  std::string client_key_;
  absl::TimeZone tz_;
  absl::CivilMonth current_, previous_;
  absl::Time previous_work_;
};

// SPEC R8 example, on the previous and the current month: approved for the
// previous month with a cap of 60 min, its entries may add up to 60 overage
// minutes; the first current-month entry with overage is refused.
TEST_F(OverageApprovalE2eTest, ApprovalIsForOneMonthAndHonoursItsCap) {
  MustLog(ticket_, 240, previous_work_);  // the allocation, no overage
  v1::TimeEntry refused;
  Refusal none = ReadRefusal(Log(ticket_, 30, &refused, previous_work_));
  EXPECT_EQ(none.reason, "OVERAGE_NOT_APPROVED");

  v1::Ticket t;
  ASSERT_TRUE(Ok(Approve(PeriodOf(previous_), 60, &t)));
  // The ticket shows its current period, which is not approved.
  EXPECT_EQ(t.overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_NONE);
  EXPECT_FALSE(t.overage_approval().approved());
  EXPECT_EQ(t.overage_approval().period(), PeriodOf(current_));
  EXPECT_EQ(db_->Scalar("select state || ' ' || cap_minutes || ' ' || to_char(month, 'YYYY-MM')"
                        " from overage_approvals"),
            absl::StrCat("APPROVED 60 ", absl::FormatCivilTime(previous_).substr(0, 7)));

  EXPECT_EQ(MustLog(ticket_, 30, previous_work_).overage_minutes(), 30);
  // 31 minutes bill 60, which would take the ticket to 90: refused whole.
  Refusal cap = ReadRefusal(Log(ticket_, 31, &refused, previous_work_));
  EXPECT_EQ(cap.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(cap.reason, "OVERAGE_CAP_REACHED");
  EXPECT_EQ(cap.metadata["overage_minutes_left"], "30");
  EXPECT_EQ(cap.metadata["period"], PeriodOf(previous_));
  EXPECT_EQ(Count("time_entries"), "2");
  EXPECT_EQ(MustLog(ticket_, 30, previous_work_).overage_minutes(), 30);  // exactly 60
  cap = ReadRefusal(Log(ticket_, 1, &refused, previous_work_));
  EXPECT_EQ(cap.reason, "OVERAGE_CAP_REACHED");
  EXPECT_EQ(cap.metadata["overage_minutes_left"], "0");

  // A new month needs a new approval.
  MustLog(ticket_, 240);
  Refusal current = ReadRefusal(Log(ticket_, 10, &refused));
  EXPECT_EQ(current.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(current.reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(current.metadata["minutes_left"], "0");
  EXPECT_EQ(current.metadata["period"], PeriodOf(current_));
  EXPECT_EQ(Count("time_entries"), "4");
  ExpectTotalsConsistent();
}

TEST_F(OverageApprovalE2eTest, RequestDeclineAndApproveAgain) {
  MustLog(ticket_, 240);
  v1::Ticket t;
  ASSERT_TRUE(Ok(Request("", 60, &t)));  // default: the current period
  EXPECT_EQ(t.overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_REQUESTED);
  EXPECT_EQ(t.overage_approval().requested_minutes(), 60);
  EXPECT_EQ(t.overage_approval().request_note(), "database migration");
  EXPECT_EQ(t.overage_approval().requester_display_name(), "Olga Operator");
  EXPECT_TRUE(t.overage_approval().has_request_time());
  EXPECT_EQ(GetTicket().overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_REQUESTED);
  v1::TimeEntry refused;
  EXPECT_EQ(ReadRefusal(Log(ticket_, 10, &refused)).reason, "OVERAGE_NOT_APPROVED");

  ASSERT_TRUE(Ok(Decline(PeriodOf(current_), &t)));
  EXPECT_EQ(t.overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_DECLINED);
  EXPECT_EQ(t.overage_approval().approver_display_name(), "Jane at Acme");
  EXPECT_EQ(t.overage_approval().note(), "too expensive");
  EXPECT_EQ(ReadRefusal(Log(ticket_, 10, &refused)).reason, "OVERAGE_NOT_APPROVED");

  ASSERT_TRUE(Ok(Approve("", std::nullopt, &t)));
  EXPECT_EQ(t.overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_APPROVED);
  EXPECT_TRUE(t.overage_approval().approved());
  EXPECT_EQ(t.overage_approval().overage_cap_minutes(), 0);
  EXPECT_EQ(t.overage_approval().requested_minutes(), 60);  // the request stays visible
  const v1::TimeEntry logged = MustLog(ticket_, 10);
  EXPECT_EQ(logged.overage_minutes(), 30);

  // A decline withdraws the approval for what is not logged yet; the logged
  // entry keeps its overage.
  ASSERT_TRUE(Ok(Decline("", &t)));
  EXPECT_EQ(ReadRefusal(Log(ticket_, 10, &refused)).reason, "OVERAGE_NOT_APPROVED");
  EXPECT_EQ(GetEntry(logged.name()).overage_minutes(), 30);
  // A request while APPROVED asks for more and keeps the approval.
  ASSERT_TRUE(Ok(Approve("", 30, &t)));
  ASSERT_TRUE(Ok(Request("", 120, &t)));
  EXPECT_EQ(t.overage_approval().state(), v1::OVERAGE_APPROVAL_STATE_APPROVED);
  EXPECT_EQ(t.overage_approval().overage_cap_minutes(), 30);
  EXPECT_EQ(t.overage_approval().requested_minutes(), 120);

  EXPECT_THAT(Timeline(), ::testing::IsSupersetOf({"ticket.request_overage_approval",
                                                   "ticket.decline_overage",
                                                   "ticket.approve_overage"}));
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action in"
                        " ('RequestOverageApproval', 'ApproveOverage', 'DeclineOverage')"),
            "6");
  EXPECT_THAT(db_->Scalar("select details::text from audit_events where action = 'DeclineOverage'"
                          " order by seq limit 1"),
              HasSubstr("\"REQUESTED\""));
  ExpectTotalsConsistent();
}

TEST_F(OverageApprovalE2eTest, RolesAndRetries) {
  const std::string operator_key = operator_key_;
  const v1::Client other = CreateClient("Other");
  const std::string other_key = server_->CreateApiKey("CLIENT", other.name(), "Someone else");
  v1::Ticket t;
  Refusal r = ReadRefusal(Approve("", std::nullopt, &t, operator_key));
  EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED");
  r = ReadRefusal(Decline("", &t, operator_key));
  EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED");
  r = ReadRefusal(Request("", 30, &t, client_key_));
  EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ReadRefusal(Approve("", std::nullopt, &t, other_key)).code,
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReadRefusal(Decline("", &t, other_key)).code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("overage_approvals"), "0");

  // Retries with one request_id answer as the first call did, once.
  const std::string request = NewRequestId();
  v1::Ticket first, replay;
  ASSERT_TRUE(Ok(Request("", 30, &first, "", request)));
  ASSERT_TRUE(Ok(Request("", 30, &replay, "", request)));
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  EXPECT_EQ(ReadRefusal(Request("", 45, &replay, "", request)).reason, "REQUEST_ID_REUSED");
  const std::string decline = NewRequestId();
  ASSERT_TRUE(Ok(Decline("", &first, admin_key_, decline)));
  ASSERT_TRUE(Ok(Decline("", &replay, admin_key_, decline)));
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  EXPECT_EQ(first.overage_approval().approver_role(), v1::ROLE_ADMIN);
  const std::string approve = NewRequestId();
  ASSERT_TRUE(Ok(Approve("", 60, &first, "", approve)));
  ASSERT_TRUE(Ok(Approve("", 60, &replay, "", approve)));
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  // The same cap again changes nothing; another cap is a change.
  ASSERT_TRUE(Ok(Approve("", 60, &replay)));
  ASSERT_TRUE(Ok(Approve("", 90, &replay)));
  EXPECT_EQ(replay.overage_approval().overage_cap_minutes(), 90);
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'RequestOverageApproval'"),
            "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'DeclineOverage'"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action = 'ApproveOverage'"), "2");
}

TEST_F(OverageApprovalE2eTest, BadInputIsRefusedAndChangesNothing) {
  v1::Ticket t;
  auto expect_field = [](const grpc::Status& st, const std::string& field) {
    Refusal r = ReadRefusal(st);
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(r.reason, "INVALID_FIELD") << field;
    EXPECT_THAT(r.fields, ::testing::Contains(field));
  };
  expect_field(Approve("", -5, &t), "overage_cap_minutes");
  expect_field(Approve("", 0, &t), "overage_cap_minutes");
  expect_field(Request("", 0, &t), "estimated_minutes");
  expect_field(Approve(absl::StrCat(sub_.name(), "/periods/2026-13"), 60, &t), "period");
  expect_field(Approve(absl::StrCat(sub_.name(), "/months/2026-01"), 60, &t), "period");
  expect_field(Decline(PeriodOf(current_ + 1), &t), "period");            // the future
  expect_field(Approve(PeriodOf(current_ - 24), std::nullopt, &t), "period");  // before activation
  const v1::Subscription other_sub =
      Activate(CreateSubscription(client_, CreatePackage("Extra", 60, 15)));
  expect_field(Approve(absl::StrCat(other_sub.name(), "/periods/",
                                    absl::FormatCivilTime(current_).substr(0, 7)),
                       std::nullopt, &t),
               "period");

  // A month that ClosePeriods has passed is CLOSED.
  ClosePeriods(absl::FromCivil(current_, tz_));
  Refusal closed = ReadRefusal(Approve(PeriodOf(previous_), 60, &t));
  EXPECT_EQ(closed.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(closed.reason, "PERIOD_CLOSED");
  EXPECT_EQ(closed.metadata["period"], PeriodOf(previous_));
  EXPECT_EQ(ReadRefusal(Request(PeriodOf(previous_), 30, &t)).reason, "PERIOD_CLOSED");

  EXPECT_EQ(Count("overage_approvals"), "0");
  EXPECT_EQ(db_->Scalar("select count(*) from audit_events where action like '%Overage%'"), "0");
}

TEST_F(OverageApprovalE2eTest, EstimateHonoursTheApprovalOfTheMonthAndItsCap) {
  MustLog(ticket_, 240);
  EXPECT_TRUE(Estimate(30).approval_required());
  v1::Ticket t;
  // An approval of the previous month does not count for this one.
  ASSERT_TRUE(Ok(Approve(PeriodOf(previous_), std::nullopt, &t)));
  EXPECT_TRUE(Estimate(30).approval_required());
  ASSERT_TRUE(Ok(Approve("", 60, &t)));
  EXPECT_FALSE(Estimate(30).approval_required());
  EXPECT_FALSE(Estimate(60).approval_required());
  EXPECT_TRUE(Estimate(61).approval_required());  // bills 90, past the cap
  ASSERT_TRUE(Ok(Approve("", std::nullopt, &t)));
  EXPECT_FALSE(Estimate(600).approval_required());
}

}  // namespace
}  // namespace supportbytime::testing
