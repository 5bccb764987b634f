// The example's logic against the SDK's gMock class instead of a server.
#include "list_packages.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/mocks.h"

namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Return;

TEST(ListPackagesTest, PrintsEveryPackageOfEveryPage) {
  supportbytime::sdk::MockPackageClient packages;
  supportbytime::v1::ListPackagesResponse first, second;
  auto* p = first.add_packages();
  p->set_name("packages/1");
  p->set_display_name("Basic");
  p->set_current_version(2);
  first.set_next_page_token("next");
  p = second.add_packages();
  p->set_name("packages/2");
  p->set_display_name("Professional");
  p->set_current_version(1);
  EXPECT_CALL(packages, ListPackages(_)).WillOnce(Return(first)).WillOnce(Return(second));

  auto lines = PackageLines(packages);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines,
              ElementsAre("packages/1\tBasic\tversion 2", "packages/2\tProfessional\tversion 1"));
}

TEST(ListPackagesTest, PassesARefusalOn) {
  supportbytime::sdk::MockPackageClient packages;
  EXPECT_CALL(packages, ListPackages(_)).WillOnce(Return(absl::UnauthenticatedError("no key")));
  EXPECT_EQ(PackageLines(packages).status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
