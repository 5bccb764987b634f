#include "server/domain/postpayment.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supportbytime::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

absl::TimeZone Warsaw() {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &tz));
  return tz;
}

// 2026-04-15 12:00 in Warsaw: the window is 2026-02-01 .. 2026-04-15.
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 4, 15, 12, 0, 0), Warsaw());

const SubscriptionFacts kProfessional{"sub-1", SubscriptionStatus::kActive, Money{10000, "EUR"}};

InvoiceFacts Paid(const char* id, absl::CivilDay due, absl::CivilDay paid) {
  return InvoiceFacts{id, InvoiceStatus::kPaid, due, paid, std::nullopt};
}
InvoiceFacts Unpaid(const char* id, absl::CivilDay due) {
  return InvoiceFacts{id, InvoiceStatus::kUnpaid, due, std::nullopt, std::nullopt};
}

std::vector<std::string> Codes(const PostpaymentDecision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.reasons) out.push_back(r.code);
  return out;
}

bool Eligible(const std::vector<InvoiceFacts>& invoices, absl::Time now = kNow) {
  return DecidePostpayment({kProfessional}, invoices, now, Warsaw()).eligible;
}

TEST(PostpaymentWindowTest, TwoCalendarMonthsBackPlusTheCurrentOne) {
  EXPECT_EQ(PostpaymentWindowStart(absl::CivilDay(2026, 4, 15)), absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(PostpaymentWindowStart(absl::CivilDay(2026, 1, 10)), absl::CivilDay(2025, 11, 1));
  EXPECT_EQ(PostpaymentWindowStart(absl::CivilDay(2026, 3, 31)), absl::CivilDay(2026, 1, 1));
}

TEST(PostpaymentTest, EligibleWithAnActivePaidSubscriptionAndInvoicesPaidInTime) {
  PostpaymentDecision d = DecidePostpayment(
      {kProfessional},
      {Paid("INV-1", D(2026, 3, 10), D(2026, 3, 9)), Paid("INV-2", D(2026, 4, 10), D(2026, 4, 10))},
      kNow, Warsaw());
  EXPECT_TRUE(d.eligible);
  EXPECT_THAT(Codes(d), ElementsAre("ACTIVE_PAID_SUBSCRIPTION", "NO_OVERDUE_INVOICE"));
  EXPECT_EQ(d.reasons[0].subject, "sub-1");
  EXPECT_THAT(d.reasons[0].message, HasSubstr("EUR 100.00"));
  EXPECT_THAT(d.reasons[1].message, HasSubstr("2026-02-01"));
  EXPECT_EQ(d.today, absl::CivilDay(2026, 4, 15));
  EXPECT_EQ(d.window_start, absl::CivilDay(2026, 2, 1));
}

TEST(PostpaymentTest, NeedsAnActiveSubscriptionWithAPrice) {
  for (const SubscriptionFacts& s :
       {SubscriptionFacts{"s", SubscriptionStatus::kActive, Money{0, "EUR"}},
        SubscriptionFacts{"s", SubscriptionStatus::kSuspended, Money{10000, "EUR"}},
        SubscriptionFacts{"s", SubscriptionStatus::kPending, Money{10000, "EUR"}},
        SubscriptionFacts{"s", SubscriptionStatus::kDepleted, Money{10000, "EUR"}},
        SubscriptionFacts{"s", SubscriptionStatus::kTerminated, Money{10000, "EUR"}}}) {
    PostpaymentDecision d = DecidePostpayment({s}, {}, kNow, Warsaw());
    EXPECT_FALSE(d.eligible);
    EXPECT_THAT(Codes(d), ElementsAre("NO_ACTIVE_PAID_SUBSCRIPTION", "NO_OVERDUE_INVOICE"));
  }
  EXPECT_FALSE(DecidePostpayment({}, {}, kNow, Warsaw()).eligible);
}

TEST(PostpaymentTest, OneQualifyingSubscriptionIsEnough) {
  PostpaymentDecision d = DecidePostpayment(
      {{"free", SubscriptionStatus::kActive, Money{0, "EUR"}}, kProfessional}, {}, kNow, Warsaw());
  EXPECT_TRUE(d.eligible);
  EXPECT_EQ(d.reasons[0].subject, "sub-1");
}

TEST(PostpaymentTest, InvoicePaidLateInTheWindowDisqualifies) {
  PostpaymentDecision d = DecidePostpayment(
      {kProfessional}, {Paid("INV-7", D(2026, 3, 10), D(2026, 3, 12))}, kNow, Warsaw());
  EXPECT_FALSE(d.eligible);
  EXPECT_THAT(Codes(d), ElementsAre("ACTIVE_PAID_SUBSCRIPTION", "OVERDUE_INVOICE"));
  EXPECT_EQ(d.reasons[1].subject, "INV-7");
  EXPECT_THAT(d.reasons[1].message, HasSubstr("paid late, on 2026-03-12"));
}

TEST(PostpaymentTest, PaidOnTheDueDateIsInTime) {
  EXPECT_TRUE(Eligible({Paid("I", D(2026, 3, 10), D(2026, 3, 10))}));
  EXPECT_FALSE(Eligible({Paid("I", D(2026, 3, 10), D(2026, 3, 11))}));
}

TEST(PostpaymentTest, WindowBoundaries) {
  // Late, but settled before 1 February: outside the window.
  EXPECT_TRUE(Eligible({Paid("I", D(2026, 1, 10), D(2026, 1, 31))}));
  // Still unpaid on 1 February: inside.
  EXPECT_FALSE(Eligible({Paid("I", D(2026, 1, 10), D(2026, 2, 1))}));
  // Due the last day of January, paid 1 February: overdue on the 1st.
  EXPECT_FALSE(Eligible({Paid("I", D(2026, 1, 31), D(2026, 2, 1))}));
}

TEST(PostpaymentTest, UnpaidInvoices) {
  EXPECT_FALSE(Eligible({Unpaid("I", D(2026, 4, 14))}));  // due yesterday
  EXPECT_TRUE(Eligible({Unpaid("I", D(2026, 4, 15))}));   // due today
  EXPECT_TRUE(Eligible({Unpaid("I", D(2026, 5, 1))}));    // not due yet
  EXPECT_FALSE(Eligible({Unpaid("I", D(2025, 6, 1))}));   // long overdue, still unpaid
}

TEST(PostpaymentTest, CancelledInvoicesAreNotOwedFromTheirCancellation) {
  auto cancelled = [](absl::CivilDay due, std::optional<absl::CivilDay> on) {
    return InvoiceFacts{"I", InvoiceStatus::kCancelled, due, std::nullopt, on};
  };
  EXPECT_TRUE(Eligible({cancelled(D(2026, 3, 1), std::nullopt)}));
  EXPECT_TRUE(Eligible({cancelled(D(2026, 3, 1), D(2026, 3, 1))}));   // in time
  EXPECT_FALSE(Eligible({cancelled(D(2026, 3, 1), D(2026, 3, 2))}));  // a day late
  EXPECT_TRUE(Eligible({cancelled(D(2026, 1, 1), D(2026, 1, 20))}));  // before the window
  EXPECT_FALSE(Eligible({cancelled(D(2026, 1, 1), D(2026, 2, 1))}));  // into the window
}

TEST(PostpaymentTest, PaidWithoutADateCountsAsInTime) {
  EXPECT_TRUE(Eligible(
      {InvoiceFacts{"I", InvoiceStatus::kPaid, D(2026, 3, 1), std::nullopt, std::nullopt}}));
}

TEST(PostpaymentTest, EveryReasonIsListed) {
  PostpaymentDecision d =
      DecidePostpayment({},
                        {Unpaid("A", D(2026, 4, 1)), Paid("B", D(2026, 3, 1), D(2026, 3, 20)),
                         Paid("C", D(2026, 3, 1), D(2026, 2, 27))},
                        kNow, Warsaw());
  EXPECT_FALSE(d.eligible);
  EXPECT_THAT(d.reasons, ElementsAre(Field(&PostpaymentReason::code, "NO_ACTIVE_PAID_SUBSCRIPTION"),
                                     Field(&PostpaymentReason::subject, "A"),
                                     Field(&PostpaymentReason::subject, "B")));
  EXPECT_THAT(d.reasons[1].message, HasSubstr("is unpaid past its due date"));
}

TEST(PostpaymentTest, TheWindowFollowsTheClientsTimeZone) {
  // 2026-03-31 22:30 UTC is already April in Warsaw: the window starts in
  // February there, in January for a client on UTC.
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 3, 31, 22, 30, 0), absl::UTCTimeZone());
  const std::vector<InvoiceFacts> late_in_january = {Paid("I", D(2026, 1, 10), D(2026, 1, 15))};
  EXPECT_TRUE(DecidePostpayment({kProfessional}, late_in_january, now, Warsaw()).eligible);
  EXPECT_FALSE(
      DecidePostpayment({kProfessional}, late_in_january, now, absl::UTCTimeZone()).eligible);
}

TEST(OverdueDaysTest, Ranges) {
  const absl::CivilDay today(2026, 4, 15);
  EXPECT_EQ(OverdueDays(Paid("I", D(2026, 3, 10), D(2026, 3, 12)), today),
            (DayRange{D(2026, 3, 11), D(2026, 3, 12)}));
  EXPECT_EQ(OverdueDays(Unpaid("I", D(2026, 4, 10)), today),
            (DayRange{D(2026, 4, 11), D(2026, 4, 15)}));
  EXPECT_EQ(OverdueDays(Paid("I", D(2026, 3, 10), D(2026, 3, 1)), today), std::nullopt);
  EXPECT_EQ(OverdueDays(Unpaid("I", D(2026, 4, 15)), today), std::nullopt);
}

TEST(GoodwillTest, MissedPaymentResetsToTheBase) {
  const Money grown{4500, "EUR"};
  const Money base{3000, "EUR"};
  const absl::CivilDay since(2026, 3, 1), today(2026, 4, 15);
  EXPECT_EQ(GoodwillAfter(grown, base, {Paid("I", D(2026, 3, 10), D(2026, 3, 9))}, since, today),
            grown);
  EXPECT_EQ(GoodwillAfter(grown, base, {Paid("I", D(2026, 3, 10), D(2026, 3, 11))}, since, today),
            base);
  EXPECT_EQ(GoodwillAfter(grown, base, {Unpaid("I", D(2026, 4, 14))}, since, today), base);
  // A miss before `since` was already accounted for.
  EXPECT_EQ(GoodwillAfter(grown, base, {Paid("I", D(2026, 2, 1), D(2026, 2, 5))}, since, today),
            grown);
  EXPECT_EQ(GoodwillAfter(grown, base, {}, since, today), grown);
}

TEST(GoodwillTest, MissedPaymentResetsToZeroWithoutABase) {
  const absl::CivilDay since(2026, 3, 1), today(2026, 4, 15);
  EXPECT_EQ(GoodwillAfter(Money{3000, "JPY"}, Money{0, "JPY"}, {Unpaid("I", D(2026, 4, 14))}, since,
                          today),
            (Money{0, "JPY"}));
}

TEST(GoodwillTest, MissedPaymentSinceBoundaries) {
  const InvoiceFacts late = Paid("I", D(2026, 3, 10), D(2026, 3, 12));
  EXPECT_TRUE(MissedPaymentSince(late, D(2026, 3, 12), D(2026, 4, 15)));
  EXPECT_FALSE(MissedPaymentSince(late, D(2026, 3, 13), D(2026, 4, 15)));
  EXPECT_FALSE(MissedPaymentSince(late, D(2026, 3, 1), D(2026, 3, 10)));
}

}  // namespace
}  // namespace supportbytime::domain
