// Clients in Python and Node run a scenario against the real server.
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
  EXPECT_THAT(out, HasSubstr("python interop: ok"));
  EXPECT_EQ(db_->Scalar("select count(*) from subscriptions where state = 'ACTIVE'"), "1");
}

TEST_F(InteropTest, NodeClient) {
  auto [code, out] = Run(absl::StrCat("node ", SBT_SOURCE_DIR, "/tests/interop/node_client.js ",
                                      server_->address(), " ", admin_key_, " ", SBT_SOURCE_DIR));
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("refusal FAILED_PRECONDITION INVALID_STATE_TRANSITION"));
  EXPECT_THAT(out, HasSubstr("node interop: ok"));
  EXPECT_EQ(db_->Scalar("select time_zone from clients"), "Europe/Berlin");
}

}  // namespace
}  // namespace supportbytime::testing
