// The idempotency store against a real database (R11).
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/domain/error.h"
#include "server/storage/idempotency.h"
#include "tests/support/test_database.h"

namespace supportbytime::testing {
namespace {

storage::IdempotencyKey Key(const std::string& id, const std::string& hash = std::string(32, 'h')) {
  return {"system", id, "/test/Method", hash};
}

TEST(IdempotencyStoreTest, RunsOnceAndReplays) {
  TestDatabase db;
  int runs = 0;
  auto body = [&](soci::session&) -> absl::StatusOr<std::string> {
    ++runs;
    return std::string("answer\0bytes", 12);
  };
  const auto key = Key("11111111-1111-4111-8111-111111111111");
  auto first = storage::RunIdempotent(db.db(), key, body);
  auto second = storage::RunIdempotent(db.db(), key, body);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(first->size(), 12u);  // binary-safe
  EXPECT_EQ(runs, 1);

  auto other = storage::RunIdempotent(db.db(), Key(key.request_id, std::string(32, 'x')), body);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(domain::DetailOf(other.status()).reason, "REQUEST_ID_REUSED");
  EXPECT_EQ(runs, 1);
}

TEST(IdempotencyStoreTest, ARefusalRollsTheClaimBack) {
  TestDatabase db;
  const auto key = Key("22222222-2222-4222-8222-222222222222");
  auto refused = storage::RunIdempotent(db.db(), key, [](soci::session&) -> absl::StatusOr<std::string> {
    return absl::FailedPreconditionError("not yet");
  });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(db.Scalar("select count(*) from idempotency_keys"), "0");
  auto ok = storage::RunIdempotent(db.db(), key, [](soci::session&) -> absl::StatusOr<std::string> {
    return std::string("now");
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "now");
}

TEST(IdempotencyStoreTest, PurgeKeepsFreshKeys) {
  TestDatabase db;
  ASSERT_TRUE(storage::RunIdempotent(db.db(), Key("33333333-3333-4333-8333-333333333333"),
                                     [](soci::session&) -> absl::StatusOr<std::string> { return std::string("a"); })
                  .ok());
  ASSERT_EQ(db.Exec("insert into idempotency_keys (principal, request_id, method, request_hash, response, created_at)"
                    " values ('system', gen_random_uuid(), 'm', decode(repeat('ab', 32), 'hex'), '', now() - interval '49 hours')"),
            "");
  auto purged = storage::PurgeIdempotencyKeys(db.db(), absl::Hours(48));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(db.Scalar("select count(*) from idempotency_keys"), "1");
}

TEST(IdempotencyStoreTest, EmptyRequestIdIsNotDeduplicated) {
  TestDatabase db;
  int runs = 0;
  auto body = [&](soci::session&) -> absl::StatusOr<std::string> { return std::to_string(++runs); };
  ASSERT_TRUE(storage::RunIdempotent(db.db(), Key(""), body).ok());
  ASSERT_TRUE(storage::RunIdempotent(db.db(), Key(""), body).ok());
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(db.Scalar("select count(*) from idempotency_keys"), "0");
}

}  // namespace
}  // namespace supportbytime::testing
