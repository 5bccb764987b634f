// Named statements (storage/statements.h) on the pool: prepared once per
// connection, then only bound and executed.
#include <string>

#include "gtest/gtest.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"
#include "tests/support/test_database.h"

namespace supportbytime::testing {
namespace {

// A statement only this test runs, so its text finds it in
// pg_prepared_statements.
constexpr storage::Sql kProbe{"test.statements_probe",
                              "select cast(:x as integer) + 1 as sbt_statements_probe"};

// How many statements with the probe's text this session has prepared, and
// how often they were executed (custom plus generic plans, PostgreSQL 14+).
struct Prepared {
  int statements = 0;
  int executions = 0;
};

Prepared PreparedProbes(soci::session& s) {
  Prepared p;
  s << "select count(*), coalesce(sum(generic_plans + custom_plans), 0) from"
       " pg_prepared_statements where statement like '%sbt_statements_probe%'"
       " and statement not like '%pg_prepared_statements%'",
      soci::into(p.statements), soci::into(p.executions);
  return p;
}

int RunProbe(soci::session& s, int x) {
  int y = 0;
  EXPECT_TRUE(storage::Exec(s, kProbe, soci::use(x, "x"), soci::into(y)));
  return y;
}

TEST(NamedStatementTest, IsPreparedOncePerPooledConnectionAndReused) {
  TestDatabase tdb;
  auto db = storage::Database::Open(tdb.url(), 1);  // one connection: every Run leases it
  ASSERT_TRUE(db.ok()) << db.status();
  for (int x : {1, 41}) {
    ASSERT_TRUE((*db)->Run([&](soci::session& s) {
                       EXPECT_EQ(RunProbe(s, x), x + 1);
                       return absl::OkStatus();
                     }).ok());
  }
  ASSERT_TRUE((*db)->Run([](soci::session& s) {
                     const Prepared p = PreparedProbes(s);
                     EXPECT_EQ(p.statements, 1) << "prepared once on this connection";
                     EXPECT_EQ(p.executions, 2) << "and executed twice";
                     return absl::OkStatus();
                   }).ok());
}

TEST(NamedStatementTest, EachPooledConnectionPreparesItsOwn) {
  TestDatabase tdb;
  auto db = storage::Database::Open(tdb.url(), 2);
  ASSERT_TRUE(db.ok()) << db.status();
  // Holding one connection, a nested Run leases the other.
  ASSERT_TRUE((*db)->Run([&](soci::session& first) {
                     RunProbe(first, 1);
                     RunProbe(first, 2);
                     EXPECT_TRUE((*db)->Run([&](soci::session& second) {
                                          EXPECT_NE(&first, &second);
                                          EXPECT_EQ(PreparedProbes(second).statements, 0);
                                          RunProbe(second, 3);
                                          const Prepared p = PreparedProbes(second);
                                          EXPECT_EQ(p.statements, 1);
                                          EXPECT_EQ(p.executions, 1);
                                          return absl::OkStatus();
                                        }).ok());
                     const Prepared p = PreparedProbes(first);
                     EXPECT_EQ(p.statements, 1);
                     EXPECT_EQ(p.executions, 2);
                     return absl::OkStatus();
                   }).ok());
}

TEST(NamedStatementTest, RunsAsAOneTimeStatementOutsideThePool) {
  TestDatabase tdb;
  soci::session s("postgresql", tdb.url());
  EXPECT_EQ(RunProbe(s, 1), 2);
  EXPECT_EQ(RunProbe(s, 2), 3);
  EXPECT_EQ(PreparedProbes(s).statements, 0) << "nothing left prepared on a session of no pool";
}

}  // namespace
}  // namespace supportbytime::testing
