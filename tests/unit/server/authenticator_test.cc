#include "server/auth/authenticator.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/auth/api_key.h"
#include "server/domain/error.h"

namespace supportbytime::auth {
namespace {

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest()
      : secret_(GenerateSecret()),
        authn_(
            [this](const std::string& hash) -> absl::StatusOr<std::optional<KeyMatch>> {
              ++lookups_;
              if (down_) return absl::UnavailableError("db down");
              if (hash == HashSecret(secret_)) {
                return KeyMatch{Actor{"k1", Role::kOperator, "", "Ada"}, revoked_};
              }
              return std::nullopt;
            },
            [this] { return now_; }, absl::Seconds(5)) {}

  std::string Reason(const absl::Status& s) { return domain::DetailOf(s).reason; }

  std::string secret_;
  int lookups_ = 0;
  bool down_ = false;
  bool revoked_ = false;
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  Authenticator authn_;
};

TEST_F(AuthenticatorTest, AcceptsABearerKey) {
  auto actor = authn_.Authenticate(absl::StrCat("Bearer ", secret_));
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->key_id, "k1");
  EXPECT_EQ(actor->role, Role::kOperator);
  EXPECT_TRUE(authn_.Authenticate(absl::StrCat("bearer  ", secret_)).ok());
}

TEST_F(AuthenticatorTest, MissingKey) {
  auto r = authn_.Authenticate("");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Reason(r.status()), "API_KEY_MISSING");
}

TEST_F(AuthenticatorTest, MalformedOrUnknownKeys) {
  for (const std::string& header :
       {std::string("Basic abc"), std::string("Bearer"), std::string("Bearer nope"),
        absl::StrCat("Bearer ", GenerateSecret()), std::string(secret_)}) {
    auto r = authn_.Authenticate(header);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated) << header;
    EXPECT_EQ(Reason(r.status()), "API_KEY_INVALID") << header;
  }
}

TEST_F(AuthenticatorTest, CachesForTheTtlThenSeesRevocation) {
  const std::string header = absl::StrCat("Bearer ", secret_);
  ASSERT_TRUE(authn_.Authenticate(header).ok());
  ASSERT_TRUE(authn_.Authenticate(header).ok());
  EXPECT_EQ(lookups_, 1);
  revoked_ = true;
  EXPECT_TRUE(authn_.Authenticate(header).ok());  // still cached
  now_ += absl::Seconds(6);
  auto r = authn_.Authenticate(header);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Reason(r.status()), "API_KEY_REVOKED");
}

TEST_F(AuthenticatorTest, StoreOutageIsUnavailableNotUnauthenticated) {
  down_ = true;
  EXPECT_EQ(authn_.Authenticate(absl::StrCat("Bearer ", secret_)).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(ApiKeyTest, SecretsAreUniqueWellFormedAndHashed) {
  std::string a = GenerateSecret(), b = GenerateSecret();
  EXPECT_NE(a, b);
  EXPECT_TRUE(LooksLikeSecret(a));
  EXPECT_EQ(HashSecret(a).size(), 64u);
  EXPECT_NE(HashSecret(a), HashSecret(b));
  EXPECT_EQ(HashSecret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(SecretPrefix(a), a.substr(0, 12));
  EXPECT_FALSE(LooksLikeSecret(a.substr(1)));
}

TEST(ActorTest, ClientScope) {
  Actor admin{"a", Role::kAdmin, "", "admin"};
  Actor client{"c", Role::kClient, "c1", "client"};
  EXPECT_TRUE(CanAccessClient(admin, "c2"));
  EXPECT_TRUE(CanAccessClient(client, "c1"));
  EXPECT_FALSE(CanAccessClient(client, "c2"));
  // Another client's resource is refused exactly like a missing one: the
  // answer names only what the caller asked for.
  absl::Status s = CheckClientAccess(client, "c2", "clients/c2/tickets/t");
  EXPECT_EQ(s, domain::NotFound("clients/c2/tickets/t"));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(domain::DetailOf(s).reason, "RESOURCE_NOT_FOUND");
  EXPECT_EQ(domain::DetailOf(s).metadata.at("resource_name"), "clients/c2/tickets/t");
  absl::Status denied = RequireRole(client, {Role::kAdmin});
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(domain::DetailOf(denied).reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(domain::DetailOf(denied).metadata.at("role"), "ROLE_CLIENT");
  absl::Status narrower = RoleNotAllowed(client, "Deleted entries are shown to staff only.");
  EXPECT_EQ(narrower.message(), "Deleted entries are shown to staff only.");
  EXPECT_EQ(domain::DetailOf(narrower).reason, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(domain::DetailOf(narrower).metadata.at("role"), "ROLE_CLIENT");
  EXPECT_TRUE(RequireRole(admin, {Role::kAdmin, Role::kOperator}).ok());
}

}  // namespace
}  // namespace supportbytime::auth
