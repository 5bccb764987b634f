// The gMock classes that ship with the SDK (supportbytime/mocks.h), used the
// way a user's tests use them: code that takes a client interface, a mock in
// its place.
#include "supportbytime/mocks.h"

#include <string>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supportbytime/pagination.h"

namespace supportbytime::sdk {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Property;
using ::testing::Return;

// Every interface has its mock, and every mock overrides every RPC (an RPC
// added to an interface but not to its mock makes the mock abstract).
static_assert(!std::is_abstract_v<MockAccountClient>);
static_assert(!std::is_abstract_v<MockBillingClient>);
static_assert(!std::is_abstract_v<MockHistoryClient>);
static_assert(!std::is_abstract_v<MockPackageClient>);
static_assert(!std::is_abstract_v<MockTicketClient>);
static_assert(!std::is_abstract_v<MockTimeLogClient>);

// Code under test, as a user writes it: the display names of the packages
// still on sale, read page by page.
absl::StatusOr<std::vector<std::string>> OnSale(PackageClient& packages) {
  auto all = CollectPages(
      v1::ListPackagesRequest(), [&](const auto& r) { return packages.ListPackages(r); },
      [](const auto& r) { return r.packages(); });
  if (!all.ok()) return all.status();
  std::vector<std::string> names;
  for (const auto& p : *all) {
    if (!p.archived()) names.push_back(p.display_name());
  }
  return names;
}

v1::ListPackagesResponse Page(std::vector<std::pair<std::string, bool>> packages,
                              std::string next_page_token) {
  v1::ListPackagesResponse page;
  for (const auto& [name, archived] : packages) {
    v1::Package* p = page.add_packages();
    p->set_display_name(name);
    p->set_archived(archived);
  }
  page.set_next_page_token(std::move(next_page_token));
  return page;
}

TEST(SdkMocksTest, StandsInForAClientAcrossPages) {
  MockPackageClient packages;
  EXPECT_CALL(packages, ListPackages(Property(&v1::ListPackagesRequest::page_token, "")))
      .WillOnce(Return(Page({{"Basic", false}, {"Legacy", true}}, "p2")));
  EXPECT_CALL(packages, ListPackages(Property(&v1::ListPackagesRequest::page_token, "p2")))
      .WillOnce(Return(Page({{"Professional", false}}, "")));

  auto names = OnSale(packages);
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_THAT(*names, ElementsAre("Basic", "Professional"));
}

TEST(SdkMocksTest, ReturnsARefusal) {
  MockPackageClient packages;
  EXPECT_CALL(packages, ListPackages(_))
      .WillOnce(Return(absl::PermissionDeniedError("the key may not list packages")));
  EXPECT_EQ(OnSale(packages).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST(SdkMocksTest, MocksAMutationThroughItsInterface) {
  MockTicketClient tickets;
  v1::Ticket closed;
  closed.set_name("clients/1/tickets/7");
  closed.set_state(v1::TICKET_STATE_CLOSED);
  EXPECT_CALL(tickets, CloseTicket(Property(&v1::CloseTicketRequest::name, "clients/1/tickets/7")))
      .WillOnce(Return(closed));

  TicketClient& client = tickets;
  v1::CloseTicketRequest req;
  req.set_name("clients/1/tickets/7");
  auto r = client.CloseTicket(req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->state(), v1::TICKET_STATE_CLOSED);
}

}  // namespace
}  // namespace supportbytime::sdk
