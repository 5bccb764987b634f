#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/storage/migrations.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

TEST(MigrationsTest, ApplyToAnEmptyDatabaseThenNothingTwice) {
  TestDatabase empty("template0");
  auto first = storage::Migrate(empty.db());
  ASSERT_TRUE(first.ok()) << first.status();
  // Versions may have gaps (files are numbered when written, merged later).
  EXPECT_EQ(first->size(), storage::AllMigrations().size());
  auto second = storage::Migrate(empty.db());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(empty.Scalar("select count(*) from schema_migrations"),
            std::to_string(storage::AllMigrations().size()));
  auto state = storage::ReadSchemaState(empty.db());
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->current());
}

TEST(MigrationsTest, TwoProcessesAtOnceApplyEachVersionOnce) {
  TestDatabase empty("template0");
  CommandResult a, b;
  std::thread ta([&] { a = RunServerCommand({"migrate", "--database-url", empty.url()}); });
  std::thread tb([&] { b = RunServerCommand({"migrate", "--database-url", empty.url()}); });
  ta.join();
  tb.join();
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(empty.Scalar("select count(*) from schema_migrations"),
            std::to_string(storage::AllMigrations().size()));
  EXPECT_EQ(empty.Scalar("select count(distinct version) from schema_migrations"),
            std::to_string(storage::AllMigrations().size()));
}

TEST(MigrationsTest, ServeRefusesABehindSchema) {
  TestDatabase empty("template0");
  CommandResult r = RunServerCommand({"serve", "--listen", "127.0.0.1:0", "--database-url", empty.url()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("run `supportbytime-server migrate` first"));
}

TEST(MigrationsTest, AuditEventsAreAppendOnly) {
  TestDatabase db;
  EXPECT_EQ(db.Exec("insert into audit_events (actor_role, actor_display_name, action, subject)"
                    " values ('SYSTEM', 'system', 'Test', 'clients/x')"),
            "");
  EXPECT_THAT(db.Exec("update audit_events set action = 'Changed'"), HasSubstr("append-only"));
  EXPECT_THAT(db.Exec("delete from audit_events"), HasSubstr("append-only"));
  EXPECT_THAT(db.Exec("truncate audit_events"), HasSubstr("append-only"));
  EXPECT_EQ(db.Scalar("select action from audit_events"), "Test");
}

TEST(MigrationsTest, ConstraintsGuardTheInvariants) {
  TestDatabase db;
  EXPECT_THAT(db.Exec("insert into api_keys (display_name, role, key_hash, key_prefix)"
                      " values ('x', 'CLIENT', decode(repeat('ab', 32), 'hex'), 'sbt_1234')"),
              HasSubstr("api_keys_client_scope"));
  EXPECT_THAT(db.Exec("insert into clients (display_name, currency, time_zone)"
                      " values ('x', 'eur', 'Europe/Warsaw')"),
              HasSubstr("currency_code"));
}

}  // namespace
}  // namespace supportbytime::testing
