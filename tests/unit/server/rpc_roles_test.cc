// Every RPC of every service has a row in the role table (server/api/rpc_roles.cc),
// and the table names no RPC that does not exist: a new RPC cannot ship open
// to every role by omission, nor closed to all by a typo.
#include "server/api/rpc_roles.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/domain/clock.h"
#include "supportbytime/v1/account_service.grpc.pb.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/history_service.grpc.pb.h"
#include "supportbytime/v1/package_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"

namespace supportbytime::api {
namespace {

// A message of each service's file, so that the file is linked and its
// descriptor registered.
const google::protobuf::ServiceDescriptor* ServiceNamed(const std::string& name) {
  for (const google::protobuf::FileDescriptor* f :
       {v1::CreatePackageRequest::descriptor()->file(), v1::CreateClientRequest::descriptor()->file(),
        v1::CreateTicketRequest::descriptor()->file(),
        v1::CreateTimeEntryRequest::descriptor()->file(),
        v1::GetCurrentUsageRequest::descriptor()->file(),
        v1::ListHistoryMonthsRequest::descriptor()->file()}) {
    if (const auto* d = f->FindServiceByName(name)) return d;
  }
  return nullptr;
}

TEST(RpcRolesTest, EveryRpcHasRolesAndEveryRowIsAnRpc) {
  auth::Authenticator authenticator([](const std::string&) { return std::nullopt; },
                                    [] { return absl::UnixEpoch(); }, absl::ZeroDuration());
  domain::FakeClock clock;
  CallRunner run(authenticator, clock);
  AllowRoles(run);
  int methods = 0;
  for (const char* service :
       {"PackageService", "AccountService", "TicketService", "TimeLogService", "BillingService",
        "HistoryService"}) {
    const auto* d = ServiceNamed(service);
    ASSERT_NE(d, nullptr) << service;
    for (int i = 0; i < d->method_count(); ++i) {
      const std::string method = absl::StrCat(service, "/", d->method(i)->name());
      const auto* roles = run.RolesOf(method);
      ASSERT_NE(roles, nullptr) << method << " has no row in the role table";
      EXPECT_FALSE(roles->empty()) << method;
      ++methods;
    }
  }
  EXPECT_EQ(run.RoleCount(), methods) << "the role table names an RPC the API lacks";
}

TEST(RpcRolesTest, AdminOnlyRpcsRefuseOtherRoles) {
  auth::Authenticator authenticator([](const std::string&) { return std::nullopt; },
                                    [] { return absl::UnixEpoch(); }, absl::ZeroDuration());
  domain::FakeClock clock;
  CallRunner run(authenticator, clock);
  AllowRoles(run);
  const auto* roles = run.RolesOf("BillingService/ClosePeriods");
  ASSERT_NE(roles, nullptr);
  EXPECT_EQ(*roles, std::vector<auth::Role>{auth::Role::kAdmin});
  EXPECT_EQ(run.RolesOf("BillingService/NoSuchMethod"), nullptr);
}

}  // namespace
}  // namespace supportbytime::api
