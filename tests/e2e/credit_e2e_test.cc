// Postpayment eligibility and the goodwill credit end to end (R19).
//
// Billable items come from ClosePeriods; until it is served these tests
// write invoiced items with SQL on a real period line (created by logging
// time), and call CreditStore::RecordOverdueInvoices on the test database.
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/actor.h"
#include "server/domain/goodwill.h"
#include "server/domain/clock.h"
#include "server/storage/credit_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/transaction.h"
#include "server/usecases/credit.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "tests/support/time_log_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// The credit use case over a database, as a closing run uses it.
struct CreditCases {
  CreditCases(storage::Database& db, domain::GoodwillBases bases)
      : store(db),
        transactions(db),
        idempotency(db),
        credit(transactions, idempotency, store, domain::SystemClock::Instance(),
               std::move(bases)) {}
  absl::StatusOr<int> RecordOverdueInvoices(const auth::Actor& actor, absl::Time as_of) {
    return credit.RecordOverdueInvoices(actor.Who(), as_of);
  }
  storage::CreditStore store;
  storage::DatabaseTransactions transactions;
  storage::DatabaseIdempotency idempotency;
  usecases::Credit credit;
};

std::string Day(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

google::type::Date Date(absl::CivilDay d) {
  google::type::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

class CreditE2eTest : public TimeLogFixture {
 protected:
  void Connect() override {
    TimeLogFixture::Connect();
    billing_ = v1::BillingService::NewStub(server_->channel());
  }
  void Disconnect() override {
    billing_.reset();
    TimeLogFixture::Disconnect();
  }

  // Today in the client's zone, and the first day of the look-back window.
  static absl::CivilDay Today(const v1::Client& c) {
    absl::TimeZone tz;
    EXPECT_TRUE(absl::LoadTimeZone(c.time_zone(), &tz)) << c.time_zone();
    return absl::CivilDay(tz.At(absl::Now()).cs);
  }
  static absl::CivilDay WindowStart(const v1::Client& c) {
    return absl::CivilDay(absl::CivilMonth(Today(c)) - 2);
  }

  v1::Package PackageWithPrice(const std::string& name, int64_t units) {
    v1::PackageTerms terms = Terms(240, 30, v1::BILLING_CYCLE_MONTHLY);
    terms.mutable_prices(0)->mutable_period_price()->set_units(units);
    return CreatePackageWithTerms(name, terms);
  }

  v1::Subscription PaidSubscription(const v1::Client& c) {
    return Activate(CreateSubscription(c, PackageWithPrice("Professional Support", 100)));
  }

  grpc::Status GetEligibility(const std::string& name, v1::PostpaymentEligibility* out,
                              const std::string& key = "") {
    v1::GetPostpaymentEligibilityRequest req;
    req.set_name(name);
    return billing_->GetPostpaymentEligibility(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  v1::PostpaymentEligibility Eligibility(const v1::Client& c) {
    v1::PostpaymentEligibility out;
    grpc::Status st = GetEligibility(c.name() + "/postpaymentEligibility", &out);
    EXPECT_TRUE(st.ok()) << Describe(st);
    EXPECT_EQ(out.checks_size(), 2);
    return out;
  }

  grpc::Status SetCredit(const std::string& client, int64_t units, int32_t nanos,
                         const std::string& currency, const std::string& request_id,
                         v1::Client* out, const std::string& key = "") {
    v1::SetGoodwillCreditRequest req;
    req.set_name(client);
    req.mutable_goodwill_credit()->set_currency_code(currency);
    req.mutable_goodwill_credit()->set_units(units);
    req.mutable_goodwill_credit()->set_nanos(nanos);
    req.set_reason("A year of punctual payments");
    req.set_request_id(request_id);
    return billing_->SetGoodwillCredit(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  grpc::Status Missed(const std::string& client, const std::string& invoice,
                      std::optional<google::type::Date> due, const std::string& request_id,
                      v1::Client* out, const std::string& key = "") {
    v1::RecordMissedPaymentRequest req;
    req.set_name(client);
    req.set_invoice_reference(invoice);
    if (due) *req.mutable_due_date() = *due;
    req.set_reason("Renewal invoice not paid");
    req.set_request_id(request_id);
    return billing_->RecordMissedPayment(Ctx(key.empty() ? admin_key_ : key).get(), req, out);
  }

  // A billable item with an invoice on a fresh ticket of `sub`: the period
  // line is made by logging time; the item itself is written with SQL (as
  // ClosePeriods and UpdateBillableItem would). The paid date is stored as
  // midnight of that day in the client's zone, as UpdateBillableItem does.
  std::string InvoicedItem(const v1::Subscription& sub, const std::string& invoice,
                           const std::string& status, absl::CivilDay due,
                           std::optional<absl::CivilDay> paid = std::nullopt) {
    const std::string ticket_name = InsertTicket(sub);
    const std::string ticket = LastSegment(ticket_name);
    MustLog(ticket_name, 10);
    // `paid` is the day the invoice was settled: paid, or cancelled.
    const bool cancelled = status == "CANCELLED";
    // As UpdateBillableItem stores them: a paid date at 00:00 UTC, a
    // cancellation as an instant (here the start of that day in the
    // client's zone).
    const std::string day = paid ? absl::StrCat("(date '", Day(*paid), "')::timestamp") : "";
    const std::string paid_at =
        cancelled || !paid ? "null" : absl::StrCat(day, " at time zone 'UTC'");
    const std::string cancelled_at =
        !cancelled ? "null" : (paid ? absl::StrCat(day, " at time zone c.time_zone") : "now()");
    const std::string id = db_->Scalar(absl::StrCat(
        "insert into billable_items (period_id, ticket_id, subscription_id, client_id,"
        " overage_minutes, amount_minor, currency, description, invoice_action, invoice_ref,"
        " invoice_status, due_date, paid_at, cancelled_at)"
        " select pt.period_id, pt.ticket_id, pt.subscription_id, pt.client_id, 30, 2000, 'EUR',"
        " 'Support #1 2026-04 0.50 Hour(s) (EUR 40.00/Hour)', 'INVOICE_ON_NEXT_RUN', '",
        invoice, "', '", status, "', date '", Day(due), "', ", paid_at, ", ", cancelled_at,
        " from period_tickets pt join clients c on c.id = pt.client_id where pt.ticket_id = '",
        ticket, "' returning id"));
    EXPECT_FALSE(id.empty());
    return absl::StrCat(sub.name().substr(0, sub.name().find("/subscriptions/")), "/billableItems/",
                        id);
  }

  std::string Count(const std::string& sql) { return db_->Scalar(sql); }

  // The server's default bases, for stores used directly.
  static domain::GoodwillBases ReferenceBases() {
    return *domain::GoodwillBases::Parse(domain::kDefaultGoodwillBases);
  }

  std::string CreditMinor(const v1::Client& c) {
    return Count(absl::StrCat("select goodwill_credit_minor from clients where id = '",
                              LastSegment(c.name()), "'"));
  }

  std::unique_ptr<v1::BillingService::Stub> billing_;
};

void ExpectMoney(const google::type::Money& m, const std::string& currency, int64_t units,
                 int32_t nanos = 0) {
  EXPECT_EQ(m.currency_code(), currency);
  EXPECT_EQ(m.units(), units);
  EXPECT_EQ(m.nanos(), nanos);
}

TEST_F(CreditE2eTest, EligibleWithAnActivePaidSubscription) {
  const v1::Client c = CreateClient();
  const v1::Subscription sub = PaidSubscription(c);
  const v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_TRUE(e.eligible());
  EXPECT_EQ(e.name(), c.name() + "/postpaymentEligibility");
  EXPECT_EQ(e.checks(0).criterion(), v1::POSTPAYMENT_CRITERION_ACTIVE_PAID_SUBSCRIPTION);
  EXPECT_TRUE(e.checks(0).passed());
  EXPECT_THAT(e.checks(0).description(), HasSubstr("EUR 100.00"));
  EXPECT_THAT(e.checks(0).evidence(), Contains(sub.name()));
  EXPECT_EQ(e.checks(1).criterion(), v1::POSTPAYMENT_CRITERION_NO_MISSED_PAYMENT);
  EXPECT_TRUE(e.checks(1).passed());
  EXPECT_THAT(e.checks(1).description(), HasSubstr(Day(WindowStart(c))));
  EXPECT_EQ(e.checks(1).evidence_size(), 0);
  ExpectMoney(e.goodwill_credit(), "EUR", 30);
  ExpectMoney(e.base_deposit(), "EUR", 30);
  EXPECT_EQ(e.goodwill_check().criterion(), v1::POSTPAYMENT_CRITERION_GOODWILL_CONFIGURED);
  EXPECT_TRUE(e.goodwill_check().passed());
  EXPECT_THAT(e.goodwill_check().description(), HasSubstr("EUR 30.00"));
  EXPECT_EQ(e.window_start_date().SerializeAsString(), Date(WindowStart(c)).SerializeAsString());
  EXPECT_EQ(e.window_start_date().day(), 1);
  EXPECT_NEAR(e.evaluate_time().seconds(), absl::ToUnixSeconds(clock_.Now()), 60);

  // OPERATOR keys and the client's own key may read it; another client's key
  // sees no such resource.
  const std::string own = server_->CreateApiKey("CLIENT", c.name(), "Acme");
  const v1::Client other = CreateClient("Beta");
  const std::string other_key = server_->CreateApiKey("CLIENT", other.name(), "Beta");
  v1::PostpaymentEligibility out;
  EXPECT_TRUE(GetEligibility(c.name() + "/postpaymentEligibility", &out, operator_key_).ok());
  EXPECT_TRUE(GetEligibility(c.name() + "/postpaymentEligibility", &out, own).ok());
  EXPECT_TRUE(out.eligible());
  Refusal hidden =
      ReadRefusal(GetEligibility(c.name() + "/postpaymentEligibility", &out, other_key));
  EXPECT_EQ(hidden.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.reason, "RESOURCE_NOT_FOUND");
}

TEST_F(CreditE2eTest, NotEligibleWithoutAnActivePaidSubscription) {
  // No subscription at all.
  const v1::Client none = CreateClient("None");
  v1::PostpaymentEligibility e = Eligibility(none);
  EXPECT_FALSE(e.eligible());
  EXPECT_FALSE(e.checks(0).passed());
  EXPECT_THAT(e.checks(0).description(), HasSubstr("no ACTIVE subscription"));
  EXPECT_TRUE(e.checks(1).passed());

  // A paid subscription still PENDING.
  const v1::Client pending = CreateClient("Pending");
  CreateSubscription(pending, PackageWithPrice("Professional Support", 100));
  EXPECT_FALSE(Eligibility(pending).eligible());

  // An active subscription with a zero price.
  const v1::Client free_client = CreateClient("Free");
  const v1::Subscription free_sub =
      Activate(CreateSubscription(free_client, PackageWithPrice("Free Support", 0)));
  e = Eligibility(free_client);
  EXPECT_FALSE(e.eligible());
  EXPECT_FALSE(e.checks(0).passed());
  EXPECT_THAT(e.checks(0).description(), HasSubstr("price above zero"));
  EXPECT_THAT(e.checks(0).evidence(), Contains(free_sub.name()));

  // A suspended paid subscription does not count either.
  const v1::Client suspended = CreateClient("Suspended");
  const v1::Subscription s = PaidSubscription(suspended);
  v1::SuspendSubscriptionRequest req;
  req.set_name(s.name());
  req.set_request_id(NewRequestId());
  v1::Subscription out;
  ASSERT_TRUE(accounts_->SuspendSubscription(Admin().get(), req, &out).ok());
  EXPECT_FALSE(Eligibility(suspended).eligible());
}

TEST_F(CreditE2eTest, MissedPaymentInTheWindowResetsTheCreditAndBlocksPostpayment) {
  const v1::Client c = CreateClient();
  PaidSubscription(c);
  v1::Client out;
  grpc::Status st = SetCredit(c.name(), 80, 0, "EUR", NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "EUR", 80);
  ExpectMoney(Eligibility(c).goodwill_credit(), "EUR", 80);

  st = Missed(c.name(), "INV-1043", Date(WindowStart(c)), NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "EUR", 30);
  EXPECT_EQ(out.name(), c.name());
  const v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_FALSE(e.eligible());
  EXPECT_TRUE(e.checks(0).passed());
  EXPECT_FALSE(e.checks(1).passed());
  EXPECT_THAT(e.checks(1).description(), HasSubstr("INV-1043"));
  EXPECT_THAT(e.checks(1).description(), HasSubstr(Day(WindowStart(c))));
  EXPECT_THAT(e.checks(1).evidence(), Contains("INV-1043"));
  ExpectMoney(e.goodwill_credit(), "EUR", 30);

  // Raised again, then the same invoice recorded again: nothing changes.
  ASSERT_TRUE(SetCredit(c.name(), 50, 0, "EUR", NewRequestId(), &out).ok());
  st = Missed(c.name(), "INV-1043", Date(WindowStart(c)), NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "EUR", 50);
  EXPECT_EQ(Count("select count(*) from client_credit_events where kind = 'MISSED_PAYMENT'"), "1");
  EXPECT_EQ(Count("select count(*) from client_credit_events where kind = 'ADJUSTMENT'"), "2");
  EXPECT_EQ(Count("select count(*) from audit_events where action = 'RecordMissedPayment'"), "1");
  EXPECT_EQ(Count("select count(*) from audit_events where action = 'SetGoodwillCredit'"), "2");
  EXPECT_EQ(Count("select string_agg(credit_before_minor || '>' || credit_after_minor, ','"
                  " order by created_at) from client_credit_events"),
            "3000>8000,8000>3000,3000>5000");
}

TEST_F(CreditE2eTest, MissedPaymentOlderThanTheWindowNoLongerCounts) {
  const v1::Client c = CreateClient();
  PaidSubscription(c);
  v1::Client out;
  grpc::Status st = Missed(c.name(), "INV-OLD", Date(WindowStart(c) - 1), NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "EUR", 30);
  const v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_TRUE(e.eligible());
  EXPECT_TRUE(e.checks(1).passed());
  // Still recorded in the credit history.
  EXPECT_EQ(Count("select count(*) from client_credit_events where kind = 'MISSED_PAYMENT'"), "1");
}

TEST_F(CreditE2eTest, OverdueInvoicesOfBillableItemsBlockPostpayment) {
  const v1::Client c = CreateClient();
  const v1::Subscription sub = PaidSubscription(c);
  const absl::CivilDay today = Today(c);

  // Paid on its due date, not yet due, cancelled on its due date, and paid late before the
  // window began: none of these counts.
  InvoicedItem(sub, "INV-ON-TIME", "PAID", today - 10, today - 10);
  InvoicedItem(sub, "INV-NOT-DUE", "UNPAID", today + 5);
  InvoicedItem(sub, "INV-CANCELLED", "CANCELLED", today - 20, today - 20);
  InvoicedItem(sub, "INV-ANCIENT", "PAID", WindowStart(c) - 40, WindowStart(c) - 30);
  v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_TRUE(e.eligible()) << e.checks(1).description();

  // Still unpaid after its due date.
  const std::string unpaid = InvoicedItem(sub, "INV-7", "UNPAID", today - 1);
  e = Eligibility(c);
  EXPECT_FALSE(e.eligible());
  EXPECT_FALSE(e.checks(1).passed());
  EXPECT_THAT(e.checks(1).description(),
              HasSubstr(absl::StrCat("Invoice INV-7 was due on ", Day(today - 1),
                                     " and is still unpaid.")));
  EXPECT_THAT(e.checks(1).evidence(), Contains(unpaid));
  EXPECT_THAT(e.checks(1).evidence(), Contains("INV-7"));
  EXPECT_EQ(e.checks(1).evidence_size(), 2);

  // Paid late, inside the window.
  const v1::Client late_client = CreateClient("Late");
  const v1::Subscription late_sub = PaidSubscription(late_client);
  const std::string late =
      InvoicedItem(late_sub, "INV-8", "PAID", WindowStart(c) - 3, WindowStart(c) + 2);
  e = Eligibility(late_client);
  EXPECT_FALSE(e.eligible());
  EXPECT_THAT(e.checks(1).description(), HasSubstr("paid late, on " + Day(WindowStart(c) + 2)));
  EXPECT_THAT(e.checks(1).evidence(), Contains(late));
}

TEST_F(CreditE2eTest, RecordOverdueInvoicesOncePerInvoiceEvenConcurrently) {
  const v1::Client c = CreateClient();
  const v1::Subscription sub = PaidSubscription(c);
  const absl::CivilDay today = Today(c);
  v1::Client out;
  ASSERT_TRUE(SetCredit(c.name(), 90, 0, "EUR", NewRequestId(), &out).ok());
  // Two items on one invoice, one invoice paid, one not due yet.
  InvoicedItem(sub, "INV-20", "UNPAID", today - 2);
  InvoicedItem(sub, "INV-20", "UNPAID", today - 2);
  InvoicedItem(sub, "INV-21", "PAID", today - 2, today - 1);
  InvoicedItem(sub, "INV-22", "UNPAID", today);

  CreditCases store(db_->db(), ReferenceBases());
  const absl::Time now = clock_.Now();
  std::atomic<int> recorded{0};
  std::vector<std::thread> runs;
  for (int i = 0; i < 2; ++i) {
    runs.emplace_back([&] {
      absl::StatusOr<int> n = store.RecordOverdueInvoices(auth::Actor::System(), now);
      EXPECT_TRUE(n.ok()) << n.status();
      if (n.ok()) recorded += *n;
    });
  }
  for (std::thread& t : runs) t.join();
  EXPECT_EQ(recorded.load(), 1);
  absl::StatusOr<int> again = store.RecordOverdueInvoices(auth::Actor::System(), now);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);

  EXPECT_EQ(Count("select string_agg(invoice_ref || ' ' || due_date, ',') from"
                  " client_credit_events where kind = 'MISSED_PAYMENT'"),
            "INV-20 " + Day(today - 2));
  EXPECT_EQ(Count("select count(*) from audit_events where action = 'RecordMissedPayment'"
                  " and actor_role = 'SYSTEM'"),
            "1");
  const v1::PostpaymentEligibility e = Eligibility(c);
  ExpectMoney(e.goodwill_credit(), "EUR", 30);
  EXPECT_FALSE(e.eligible());
  EXPECT_THAT(e.checks(1).evidence(), Contains("INV-20"));

  // The next day INV-22 is overdue too.
  absl::StatusOr<int> tomorrow =
      store.RecordOverdueInvoices(auth::Actor::System(), now + absl::Hours(24));
  ASSERT_TRUE(tomorrow.ok());
  EXPECT_EQ(*tomorrow, 1);
}

TEST_F(CreditE2eTest, SetGoodwillCreditRefusesBadAmountsAndRoles) {
  const v1::Client c = CreateClient();
  v1::Client out;
  struct Case {
    int64_t units;
    int32_t nanos;
    std::string currency;
    std::string field;
  };
  for (const Case& k :
       {Case{10, 0, "USD", "goodwill_credit.currency_code"}, Case{-1, 0, "EUR", "goodwill_credit"},
        Case{0, -500000000, "EUR", "goodwill_credit"},
        Case{10, 5000000, "EUR", "goodwill_credit.nanos"},
        Case{10, 0, "", "goodwill_credit.currency_code"},
        Case{10, 0, "XXZ", "goodwill_credit.currency_code"}}) {
    Refusal r =
        ReadRefusal(SetCredit(c.name(), k.units, k.nanos, k.currency, NewRequestId(), &out));
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << k.units << " " << k.currency;
    EXPECT_EQ(r.reason, "INVALID_FIELD");
    EXPECT_THAT(r.fields, Contains(k.field)) << k.units << " " << k.nanos << " " << k.currency;
  }
  // Missing amount, bad name, too long a reason.
  v1::SetGoodwillCreditRequest req;
  req.set_name("clients/nope");
  req.set_reason(std::string(501, 'r'));
  Refusal all = ReadRefusal(billing_->SetGoodwillCredit(Admin().get(), req, &out));
  EXPECT_EQ(all.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(all.fields, Contains("name"));
  EXPECT_THAT(all.fields, Contains("goodwill_credit"));
  EXPECT_THAT(all.fields, Contains("reason"));

  Refusal missing = ReadRefusal(SetCredit("clients/00000000-0000-4000-8000-000000000000", 10, 0,
                                          "EUR", NewRequestId(), &out));
  EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.reason, "RESOURCE_NOT_FOUND");

  const std::string own = server_->CreateApiKey("CLIENT", c.name(), "Acme");
  for (const std::string& key : {operator_key_, own}) {
    Refusal r = ReadRefusal(SetCredit(c.name(), 10, 0, "EUR", NewRequestId(), &out, key));
    EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(r.reason, "ROLE_NOT_ALLOWED");
  }
  EXPECT_EQ(Count("select count(*) from client_credit_events"), "0");
  EXPECT_EQ(Count("select goodwill_credit_minor from clients"), "3000");

  // Whole minor units are fine.
  grpc::Status st = SetCredit(c.name(), 12, 340000000, "EUR", NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "EUR", 12, 340000000);
  // Malformed input is refused as such, also in a currency without a base.
  const v1::Client yen = CreateClient("Yen", "JPY");
  Refusal frac = ReadRefusal(SetCredit(yen.name(), 10, 500000000, "JPY", NewRequestId(), &out));
  EXPECT_THAT(frac.fields, Contains("goodwill_credit.nanos"));
}

TEST_F(CreditE2eTest, RecordMissedPaymentRefusesBadInputAndRoles) {
  const v1::Client c = CreateClient();
  const absl::CivilDay today = Today(c);
  v1::Client out;
  auto refusal = [&](const std::string& invoice, std::optional<google::type::Date> due) {
    return ReadRefusal(Missed(c.name(), invoice, due, NewRequestId(), &out));
  };
  EXPECT_EQ(refusal("", Date(today)).fields, std::vector<std::string>{"invoice_reference"});
  EXPECT_EQ(refusal(std::string(101, 'x'), Date(today)).fields,
            std::vector<std::string>{"invoice_reference"});
  EXPECT_EQ(refusal("INV\n1", Date(today)).fields, std::vector<std::string>{"invoice_reference"});
  EXPECT_EQ(refusal("INV-1", std::nullopt).fields, std::vector<std::string>{"due_date"});
  google::type::Date partial = Date(today);
  partial.set_day(0);
  EXPECT_EQ(refusal("INV-1", partial).fields, std::vector<std::string>{"due_date"});
  google::type::Date impossible;
  impossible.set_year(2026);
  impossible.set_month(2);
  impossible.set_day(30);
  EXPECT_EQ(refusal("INV-1", impossible).fields, std::vector<std::string>{"due_date"});
  Refusal future = refusal("INV-1", Date(today + 1));
  EXPECT_EQ(future.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(future.reason, "INVALID_FIELD");
  EXPECT_EQ(future.fields, std::vector<std::string>{"due_date"});

  Refusal name = ReadRefusal(Missed("clients/-", "INV-1", Date(today), NewRequestId(), &out));
  EXPECT_EQ(name.fields, std::vector<std::string>{"name"});
  Refusal missing = ReadRefusal(Missed("clients/00000000-0000-4000-8000-000000000000", "INV-1",
                                       Date(today), NewRequestId(), &out));
  EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
  const std::string own = server_->CreateApiKey("CLIENT", c.name(), "Acme");
  for (const std::string& key : {operator_key_, own}) {
    Refusal r = ReadRefusal(Missed(c.name(), "INV-1", Date(today), NewRequestId(), &out, key));
    EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Count("select count(*) from client_credit_events"), "0");

  // Due today is not in the future.
  grpc::Status st = Missed(c.name(), std::string(100, 'x'), Date(today), NewRequestId(), &out);
  EXPECT_TRUE(st.ok()) << Describe(st);
}

TEST_F(CreditE2eTest, RetriesReplayAndReusedRequestIdsAreRefused) {
  const v1::Client c = CreateClient();
  const std::string rid = NewRequestId();
  v1::Client first, replay, out;
  ASSERT_TRUE(SetCredit(c.name(), 70, 0, "EUR", rid, &first).ok());
  ASSERT_TRUE(SetCredit(c.name(), 70, 0, "EUR", rid, &replay).ok());
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  Refusal reused = ReadRefusal(SetCredit(c.name(), 71, 0, "EUR", rid, &out));
  EXPECT_EQ(reused.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reused.reason, "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("select count(*) from client_credit_events"), "1");

  const std::string missed_rid = NewRequestId();
  const google::type::Date due = Date(Today(c) - 3);
  ASSERT_TRUE(Missed(c.name(), "INV-5", due, missed_rid, &first).ok());
  ExpectMoney(first.goodwill_credit(), "EUR", 30);
  ASSERT_TRUE(SetCredit(c.name(), 60, 0, "EUR", NewRequestId(), &out).ok());
  // The retry replays the first answer (credit 30) and changes nothing.
  ASSERT_TRUE(Missed(c.name(), "INV-5", due, missed_rid, &replay).ok());
  EXPECT_EQ(first.SerializeAsString(), replay.SerializeAsString());
  Refusal other = ReadRefusal(Missed(c.name(), "INV-6", due, missed_rid, &out));
  EXPECT_EQ(other.reason, "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("select goodwill_credit_minor from clients"), "6000");
  EXPECT_EQ(Count("select count(*) from client_credit_events where kind = 'MISSED_PAYMENT'"), "1");
}

TEST_F(CreditE2eTest, EligibilityRefusesBadNamesAndUnknownClients) {
  v1::PostpaymentEligibility out;
  for (const std::string& name : {std::string(), std::string("clients/x/postpaymentEligibility"),
                                  std::string("clients/-/postpaymentEligibility"),
                                  std::string("clients/00000000-0000-4000-8000-000000000000")}) {
    Refusal r = ReadRefusal(GetEligibility(name, &out));
    EXPECT_EQ(r.code, grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(r.fields, std::vector<std::string>{"name"}) << name;
  }
  Refusal missing = ReadRefusal(
      GetEligibility("clients/00000000-0000-4000-8000-000000000000/postpaymentEligibility", &out));
  EXPECT_EQ(missing.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.reason, "RESOURCE_NOT_FOUND");
}

// Through the API: a closed month's billable item is invoiced with a due
// date that has passed; eligibility turns false with the item as evidence,
// and the missed payment is recorded once however many runs follow.
TEST_F(CreditE2eTest, AnInvoiceOfAClosedMonthLeftUnpaidIsAMissedPaymentOnce) {
  const v1::Client c = CreateClient();
  const v1::Subscription sub = Activate(CreateSubscription(c, CreatePackage("Extra", 60, 15)));
  v1::Client credited;
  ASSERT_TRUE(SetCredit(c.name(), 80, 0, "EUR", NewRequestId(), &credited).ok());
  // Opened 70 days ago.
  v1::CreateTicketRequest open;
  open.set_parent(c.name());
  open.mutable_ticket()->set_subscription(sub.name());
  open.mutable_ticket()->set_title("Help");
  *open.mutable_ticket()->mutable_open_time() = Ts(clock_.Now() - absl::Hours(24 * 70));
  open.set_request_id(NewRequestId());
  v1::Ticket opened;
  grpc::Status opened_st = ticket_service_->CreateTicket(Admin().get(), open, &opened);
  ASSERT_TRUE(opened_st.ok()) << Describe(opened_st);
  const std::string ticket_id = LastSegment(opened.name());
  Approve(absl::StrCat(c.name(), "/tickets/", ticket_id));
  // 90 minutes in the middle of last month: 30 minutes of overage.
  absl::TimeZone tz;
  ASSERT_TRUE(absl::LoadTimeZone(c.time_zone(), &tz));
  const absl::CivilMonth last_month = absl::CivilMonth(Today(c)) - 1;
  v1::CreateTimeEntryRequest log;
  log.set_parent(absl::StrCat(c.name(), "/tickets/", ticket_id));
  log.mutable_time_entry()->set_minutes(90);
  log.mutable_time_entry()->mutable_work_time()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(absl::CivilDay(last_month) + 14), tz) + absl::Hours(12)));
  log.set_request_id(NewRequestId());
  v1::TimeEntry entry;
  grpc::Status st = log_->CreateTimeEntry(Ctx(operator_key_).get(), log, &entry);
  ASSERT_TRUE(st.ok()) << Describe(st);

  auto close = [&] {
    v1::ClosePeriodsRequest req;
    req.set_request_id(NewRequestId());
    v1::ClosePeriodsResponse out;
    grpc::Status s = billing_->ClosePeriods(Admin().get(), req, &out);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  };
  const v1::ClosePeriodsResponse closed = close();
  EXPECT_EQ(closed.periods_closed(), 1);
  EXPECT_EQ(closed.billable_items_created(), 1);
  EXPECT_TRUE(Eligibility(c).eligible());

  v1::ListBillableItemsRequest list;
  list.set_parent(c.name());
  v1::ListBillableItemsResponse items;
  st = billing_->ListBillableItems(Admin().get(), list, &items);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ASSERT_EQ(items.billable_items_size(), 1);
  const std::string item = items.billable_items(0).name();

  const absl::CivilDay due = Today(c) - 1;
  v1::UpdateBillableItemRequest update;
  update.mutable_billable_item()->set_name(item);
  v1::Invoice* invoice = update.mutable_billable_item()->mutable_invoice();
  invoice->set_reference("INV-2001");
  invoice->set_status(v1::INVOICE_STATUS_UNPAID);
  *invoice->mutable_due_date() = Date(due);
  update.mutable_update_mask()->add_paths("invoice");
  update.set_request_id(NewRequestId());
  v1::BillableItem updated;
  st = billing_->UpdateBillableItem(Admin().get(), update, &updated);
  ASSERT_TRUE(st.ok()) << Describe(st);

  v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_FALSE(e.eligible());
  EXPECT_TRUE(e.checks(0).passed());
  EXPECT_FALSE(e.checks(1).passed());
  EXPECT_THAT(
      e.checks(1).description(),
      HasSubstr(absl::StrCat("Invoice INV-2001 was due on ", Day(due), " and is still unpaid.")));
  EXPECT_THAT(e.checks(1).evidence(), Contains(item));
  EXPECT_THAT(e.checks(1).evidence(), Contains("INV-2001"));

  // ClosePeriods records the overdue invoice as a missed payment, once.
  const v1::ClosePeriodsResponse first = close();
  const v1::ClosePeriodsResponse second = close();
  CreditCases store(db_->db(), ReferenceBases());
  absl::StatusOr<int> direct = store.RecordOverdueInvoices(auth::Actor::System(), absl::Now());
  ASSERT_TRUE(direct.ok()) << direct.status();
  EXPECT_EQ(first.missed_payments_recorded(), 1);
  EXPECT_EQ(second.missed_payments_recorded(), 0);
  EXPECT_EQ(*direct, 0);
  EXPECT_EQ(first.periods_closed() + second.periods_closed(), 0);
  EXPECT_EQ(Count("select count(*) from client_credit_events where kind = 'MISSED_PAYMENT'"
                  " and invoice_ref = 'INV-2001'"),
            "1");
  e = Eligibility(c);
  ExpectMoney(e.goodwill_credit(), "EUR", 30);
  EXPECT_FALSE(e.eligible());

  // The payment had come in on its due date and is booked late: the
  // recorded miss no longer counts (the credit reset stays in the history).
  invoice->set_status(v1::INVOICE_STATUS_PAID);
  *invoice->mutable_paid_date() = Date(due);
  update.set_request_id(NewRequestId());
  st = billing_->UpdateBillableItem(Admin().get(), update, &updated);
  ASSERT_TRUE(st.ok()) << Describe(st);
  e = Eligibility(c);
  EXPECT_TRUE(e.eligible()) << e.checks(1).description();
  // Booked as paid a day late, it counts again.
  *invoice->mutable_paid_date() = Date(Today(c));
  update.set_request_id(NewRequestId());
  st = billing_->UpdateBillableItem(Admin().get(), update, &updated);
  ASSERT_TRUE(st.ok()) << Describe(st);
  EXPECT_FALSE(Eligibility(c).eligible());
}

// R19 "at any time": an invoice written off after its due date was unpaid past
// it until then.
TEST_F(CreditE2eTest, InvoiceCancelledAfterItsDueDateStillCounts) {
  const v1::Client c = CreateClient();
  const v1::Subscription sub = PaidSubscription(c);
  const absl::CivilDay today = Today(c);
  InvoicedItem(sub, "INV-WRITTEN-OFF", "CANCELLED", today - 20, today - 5);
  v1::PostpaymentEligibility e = Eligibility(c);
  EXPECT_FALSE(e.eligible());
  EXPECT_THAT(e.checks(1).description(),
              HasSubstr(absl::StrCat("Invoice INV-WRITTEN-OFF was due on ", Day(today - 20),
                                     " and stayed unpaid until it was cancelled on ",
                                     Day(today - 5), ".")));
  EXPECT_THAT(e.checks(1).evidence(), Contains("INV-WRITTEN-OFF"));
}

// R22: the goodwill base deposit is configured per currency.

TEST_F(CreditE2eTest, EuroClientStartsWithThirtyEuroByDefault) {
  const v1::Client c = CreateClient("Acme", "EUR");
  ExpectMoney(c.goodwill_credit(), "EUR", 30);
  // Written by the server, not left to the column's default.
  EXPECT_EQ(CreditMinor(c), "3000");
  const v1::Client usd = CreateClient("Dollar", "USD");
  ExpectMoney(usd.goodwill_credit(), "USD", 0);
  EXPECT_EQ(CreditMinor(usd), "0");
}

TEST_F(CreditE2eTest, EachCurrencyStartsAtItsConfiguredBase) {
  RestartServer({.goodwill_bases = "EUR:30.00,USD:25.00"});
  const v1::Client eur = CreateClient("Acme", "EUR");
  const v1::Client usd = CreateClient("Dollar", "USD");
  const v1::Client jpy = CreateClient("Tokyo", "JPY");
  ExpectMoney(eur.goodwill_credit(), "EUR", 30);
  ExpectMoney(usd.goodwill_credit(), "USD", 25);
  ExpectMoney(jpy.goodwill_credit(), "JPY", 0);
  EXPECT_EQ(CreditMinor(usd), "2500");
  EXPECT_EQ(CreditMinor(jpy), "0");

  const v1::PostpaymentEligibility e = Eligibility(usd);
  ExpectMoney(e.goodwill_credit(), "USD", 25);
  ExpectMoney(e.base_deposit(), "USD", 25);
  EXPECT_TRUE(e.goodwill_check().passed());
  EXPECT_THAT(e.goodwill_check().description(), HasSubstr("USD 25.00"));
}

TEST_F(CreditE2eTest, ACurrencyWithoutABaseHasNoGoodwillCredit) {
  RestartServer({.goodwill_bases = "EUR:30.00,USD:25.00"});
  const v1::Client jpy = CreateClient("Tokyo", "JPY");
  const v1::Subscription sub = Activate(CreateSubscription(
      jpy,
      CreatePackageWithTerms("Yen Support", Terms(240, 30, v1::BILLING_CYCLE_MONTHLY, "JPY"))));
  const v1::PostpaymentEligibility e = Eligibility(jpy);
  ExpectMoney(e.goodwill_credit(), "JPY", 0);
  ExpectMoney(e.base_deposit(), "JPY", 0);
  EXPECT_EQ(e.goodwill_check().criterion(), v1::POSTPAYMENT_CRITERION_GOODWILL_CONFIGURED);
  EXPECT_FALSE(e.goodwill_check().passed());
  EXPECT_THAT(e.goodwill_check().description(),
              HasSubstr("No goodwill base deposit is configured for JPY"));
  // It informs only: R19 still decides, on its two checks.
  EXPECT_TRUE(e.eligible());
  EXPECT_THAT(e.checks(0).evidence(), Contains(sub.name()));
}

TEST_F(CreditE2eTest, SettingACreditWithoutABaseIsRefusedAndChangesNothing) {
  const v1::Client jpy = CreateClient("Tokyo", "JPY");
  const std::string rid = NewRequestId();
  v1::Client out;
  for (int attempt = 0; attempt < 2; ++attempt) {  // a retry is refused again
    Refusal r = ReadRefusal(SetCredit(jpy.name(), 500, 0, "JPY", rid, &out));
    EXPECT_EQ(r.code, grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(r.reason, "GOODWILL_NOT_CONFIGURED");
    EXPECT_EQ(r.metadata["currency_code"], "JPY");
    EXPECT_THAT(r.message, HasSubstr("JPY"));
  }
  // Whatever the amount's currency: the client's decides.
  Refusal eur = ReadRefusal(SetCredit(jpy.name(), 10, 0, "EUR", NewRequestId(), &out));
  EXPECT_EQ(eur.reason, "GOODWILL_NOT_CONFIGURED");
  EXPECT_EQ(CreditMinor(jpy), "0");
  EXPECT_EQ(Count("select count(*) from client_credit_events"), "0");
  EXPECT_EQ(Count("select count(*) from audit_events where action = 'SetGoodwillCredit'"), "0");
  EXPECT_EQ(
      Count(absl::StrCat("select count(*) from idempotency_keys where request_id = '", rid, "'")),
      "0");

  // Configuring a base later lets it be set; the recorded credit stays
  // until then, and whole yen are the minor unit.
  RestartServer({.goodwill_bases = "EUR:30.00,JPY:3000"});
  v1::GetClientRequest get;
  get.set_name(jpy.name());
  ASSERT_TRUE(accounts_->GetClient(Admin().get(), get, &out).ok());
  ExpectMoney(out.goodwill_credit(), "JPY", 0);
  grpc::Status st = SetCredit(jpy.name(), 4500, 0, "JPY", NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "JPY", 4500);
  ExpectMoney(CreateClient("Osaka", "JPY").goodwill_credit(), "JPY", 3000);
}

TEST_F(CreditE2eTest, AMissedPaymentResetsToTheCurrencysBase) {
  RestartServer({.goodwill_bases = "EUR:30.00,USD:25.00"});
  const v1::Client usd = CreateClient("Dollar", "USD");
  v1::Client out;
  ASSERT_TRUE(SetCredit(usd.name(), 80, 0, "USD", NewRequestId(), &out).ok());
  grpc::Status st = Missed(usd.name(), "INV-USD-1", Date(Today(usd) - 3), NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "USD", 25);
  ExpectMoney(Eligibility(usd).goodwill_credit(), "USD", 25);
  EXPECT_EQ(Count("select credit_before_minor || '>' || credit_after_minor from"
                  " client_credit_events where kind = 'MISSED_PAYMENT'"),
            "8000>2500");

  // Without a base, to zero; the miss is recorded all the same.
  const v1::Client jpy = CreateClient("Tokyo", "JPY");
  st = Missed(jpy.name(), "INV-JPY-1", Date(Today(jpy) - 3), NewRequestId(), &out);
  ASSERT_TRUE(st.ok()) << Describe(st);
  ExpectMoney(out.goodwill_credit(), "JPY", 0);
  EXPECT_FALSE(Eligibility(jpy).checks(1).passed());
}

// The close-periods command records overdue invoices as missed payments
// with the bases it is given, like the server.
TEST_F(CreditE2eTest, TheClosePeriodsCommandResetsToTheConfiguredBase) {
  const std::string bases = "EUR:30.00,USD:25.00";
  RestartServer({.goodwill_bases = bases});
  const v1::Client usd = CreateClient("Dollar", "USD");
  const v1::Subscription sub = Activate(CreateSubscription(
      usd,
      CreatePackageWithTerms("Dollar Support", Terms(240, 30, v1::BILLING_CYCLE_MONTHLY, "USD"))));
  v1::Client out;
  ASSERT_TRUE(SetCredit(usd.name(), 80, 0, "USD", NewRequestId(), &out).ok());
  InvoicedItem(sub, "INV-USD-7", "UNPAID", Today(usd) - 2);

  CommandResult r = RunServerCommand({"close-periods", "--database-url", db_->url(), "--goodwill-base=" + bases});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("recorded 1 missed payment(s)"));
  EXPECT_EQ(CreditMinor(usd), "2500");
}

TEST_F(CreditE2eTest, KuwaitiDinarBaseHasThreeDecimals) {
  RestartServer({.goodwill_bases = "KWD:10.000"});
  const v1::Client kwd = CreateClient("Kuwait", "KWD");
  ExpectMoney(kwd.goodwill_credit(), "KWD", 10);
  EXPECT_EQ(CreditMinor(kwd), "10000");
  ExpectMoney(Eligibility(kwd).base_deposit(), "KWD", 10);
  // EUR is not listed, so it has no base now.
  ExpectMoney(CreateClient("Acme", "EUR").goodwill_credit(), "EUR", 0);
  RestartServer({.goodwill_bases = "KWD:1.5"});
  ExpectMoney(CreateClient("Kuwait 2", "KWD").goodwill_credit(), "KWD", 1, 500000000);
}

TEST_F(CreditE2eTest, MalformedGoodwillBasesStopTheCommandsWithExitTwo) {
  // A database nobody listens on: a command that got past its flags would
  // exit 1 (or serve), never 2.
  const std::string nowhere = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1";
  for (const std::string& spec :
       {std::string("EUR:30.001"), std::string("EUR:-30"), std::string("XXX:30"),
        std::string("EUR30"), std::string(""), std::string("EUR:30,EUR:40")}) {
    CommandResult r = RunServerCommand(
        {"serve", "--database-url", nowhere, "--listen", "127.0.0.1:0", "--goodwill-base=" + spec});
    EXPECT_EQ(r.exit_code, 2) << spec << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("serve: --goodwill-base: ")) << spec;
  }
  CommandResult env =
      RunServerCommand({"serve", "--database-url", nowhere, "--listen", "127.0.0.1:0"},
                       {"SBT_GOODWILL_BASE=JPY:30.5"});
  EXPECT_EQ(env.exit_code, 2) << env.err;
  EXPECT_THAT(env.err, HasSubstr("JPY has no minor unit"));
  for (const char* command : {"close-periods", "seed-demo"}) {
    CommandResult r =
        RunServerCommand({command, "--database-url", nowhere, "--goodwill-base=EUR:thirty"});
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("--goodwill-base: \"EUR:thirty\"")) << command;
  }
}

}  // namespace
}  // namespace supportbytime::testing
