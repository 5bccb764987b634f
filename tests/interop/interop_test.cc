// Clients in Python, Node and over REST (through supportbytime-gateway) run a
// scenario against the real server.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/e2e_fixture.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

class InteropTest : public E2eTest {
 protected:
  // Clients in other languages talk to the real server binary.
  bool UsesServerProcess() const override { return true; }
  std::pair<int, std::string> Run(const std::string& command) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
    return {WEXITSTATUS(pclose(pipe)), out};
  }
};

TEST_F(InteropTest, PythonClient) {
  auto [code, out] = Run(absl::StrCat("/usr/bin/python3 ", SBT_SOURCE_DIR,
                                      "/tests/interop/python_client.py ", server_->address(), " ",
                                      admin_key_, " ", SBT_PY_STUBS));
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("refusal INVALID_ARGUMENT INVALID_FIELD client.currency_code"));
  EXPECT_THAT(out, HasSubstr("usage 60 of 240 USAGE_LEVEL_OK"));
  EXPECT_THAT(out, HasSubstr("/summary 60 of 240"));
  EXPECT_THAT(out, HasSubstr("python interop: ok"));
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions where state = 'ACTIVE'"), "1");
  EXPECT_EQ(db_->Scalar("select billed_minutes from time_entries"), "60");
}

TEST_F(InteropTest, NodeClient) {
  auto [code, out] = Run(absl::StrCat("node ", SBT_SOURCE_DIR, "/tests/interop/node_client.js ",
                                      server_->address(), " ", admin_key_, " ", SBT_SOURCE_DIR));
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("refusal FAILED_PRECONDITION INVALID_STATE_TRANSITION"));
  EXPECT_THAT(out, HasSubstr("usage 45 of 60 USAGE_LEVEL_OK"));
  EXPECT_THAT(out, HasSubstr("/summary 45 of 60"));
  EXPECT_THAT(out, HasSubstr("node interop: ok"));
  EXPECT_EQ(db_->Scalar("select time_zone from clients"), "Europe/Berlin");
  EXPECT_EQ(db_->Scalar("select billed_minutes from time_entries"), "45");
}

// HTTP/JSON through the grpc-gateway reverse proxy, started by the client on a
// free port in front of this test's server.
TEST_F(InteropTest, RestThroughGateway) {
#ifndef SBT_GATEWAY_BIN
  GTEST_SKIP() << "supportbytime-gateway not built (Go toolchain or grpc-gateway missing)";
#else
  auto [code, out] = Run(absl::StrCat("/usr/bin/python3 ", SBT_SOURCE_DIR,
                                      "/tests/interop/rest_client.py ", SBT_GATEWAY_BIN, " ",
                                      server_->address(), " ", admin_key_));
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("refusal HTTP 400 code 3 INVALID_FIELD"));
  EXPECT_THAT(out, HasSubstr("refusal HTTP 404 code 5 RESOURCE_NOT_FOUND"));
  EXPECT_THAT(out, HasSubstr("refusal HTTP 412 code 9 INVALID_STATE_TRANSITION"));
  EXPECT_THAT(out, HasSubstr("refusal HTTP 401 code 16 API_KEY_MISSING"));
  EXPECT_THAT(out, HasSubstr("usage 60 of 240 USAGE_LEVEL_OK"));
  EXPECT_THAT(out, HasSubstr("/summary 60 of 240"));
  EXPECT_THAT(out, HasSubstr("rest interop: ok"));
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions where state = 'ACTIVE'"), "1");
  EXPECT_EQ(db_->Scalar("select count(*) from tickets"), "1");
  EXPECT_EQ(db_->Scalar("select billed_minutes from time_entries"), "60");
#endif
}

}  // namespace
}  // namespace supportbytime::testing
