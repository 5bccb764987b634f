// A closed-loop load generator: T threads each call one RPC back to back for
// a fixed time and record latencies. Prints one table row per scenario.
//
//   rpc_bench --address=HOST:PORT --key=SECRET --threads=8 --seconds=5
//             --scenarios=health,get_package,list_packages,create_client
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "supportbytime/v1/account_service.grpc.pb.h"
#include "supportbytime/v1/billing_service.grpc.pb.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"
#include "supportbytime/v1/package_service.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string address = "127.0.0.1:50051";
  std::string key;
  int threads = 8;
  int seconds = 5;
  std::vector<std::string> scenarios = {"health", "get_package", "list_packages", "get_usage",
                                        "create_client"};
  int close_periods = 0;  // > 0: seed that many due periods and time one ClosePeriods
};

std::string Uuid(std::mt19937_64& rng) {
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffULL) | 0x4000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xffff,
                         b >> 48, b & 0xffffffffffffULL);
}

// One call of a scenario; returns whether it succeeded.
using Call = std::function<bool(std::mt19937_64&)>;

// What the scenarios read: a package and a subscription of the demo data.
struct Targets {
  std::string package;
  std::string subscription;
};

Call MakeCall(const std::string& scenario, std::shared_ptr<grpc::Channel> channel,
              const Options& o, const Targets& targets) {
  auto ctx = [&o] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + o.key);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return c;
  };
  if (scenario == "health") {
    auto stub = std::shared_ptr(grpc::health::v1::Health::NewStub(channel));
    return [stub](std::mt19937_64&) {
      grpc::ClientContext c;
      grpc::health::v1::HealthCheckResponse r;
      return stub->Check(&c, {}, &r).ok();
    };
  }
  if (scenario == "get_package") {
    auto stub = std::shared_ptr(supportbytime::v1::PackageService::NewStub(channel));
    return [stub, ctx, name = targets.package](std::mt19937_64&) {
      supportbytime::v1::GetPackageRequest req;
      req.set_name(name);
      supportbytime::v1::Package r;
      return stub->GetPackage(ctx().get(), req, &r).ok();
    };
  }
  if (scenario == "list_packages") {
    auto stub = std::shared_ptr(supportbytime::v1::PackageService::NewStub(channel));
    return [stub, ctx](std::mt19937_64&) {
      supportbytime::v1::ListPackagesResponse r;
      return stub->ListPackages(ctx().get(), {}, &r).ok();
    };
  }
  if (scenario == "get_usage") {
    // The home screen: read from the period's running totals.
    auto stub = std::shared_ptr(supportbytime::v1::BillingService::NewStub(channel));
    return [stub, ctx, name = targets.subscription + "/usage"](std::mt19937_64&) {
      supportbytime::v1::GetCurrentUsageRequest req;
      req.set_name(name);
      supportbytime::v1::Usage r;
      return stub->GetCurrentUsage(ctx().get(), req, &r).ok();
    };
  }
  if (scenario == "create_client") {
    auto stub = std::shared_ptr(supportbytime::v1::AccountService::NewStub(channel));
    return [stub, ctx](std::mt19937_64& rng) {
      supportbytime::v1::CreateClientRequest req;
      req.mutable_client()->set_display_name("bench client");
      req.mutable_client()->set_currency_code("EUR");
      req.set_request_id(Uuid(rng));
      supportbytime::v1::Client r;
      return stub->CreateClient(ctx().get(), req, &r).ok();
    };
  }
  return nullptr;
}

void Run(const std::string& scenario, const Options& o, const Targets& targets) {
  std::vector<std::vector<double>> latencies(o.threads);
  std::atomic<long> failures{0};
  const auto end = Clock::now() + std::chrono::seconds(o.seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      // A channel per thread, like independent clients.
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", t);
      auto channel = grpc::CreateCustomChannel(o.address, grpc::InsecureChannelCredentials(), args);
      Call call = MakeCall(scenario, channel, o, targets);
      std::mt19937_64 rng(std::random_device{}());
      while (Clock::now() < end) {
        const auto start = Clock::now();
        if (!call(rng)) ++failures;
        latencies[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, size_t(p * all.size()))]; };
  std::printf("| %-14s | %8zu | %9.0f | %7.2f | %7.2f | %6ld |\n", scenario.c_str(), all.size(),
              all.size() / double(o.seconds), pct(0.50), pct(0.99), failures.load());
  std::fflush(stdout);
}

// Seeds `n` subscriptions of `package`, each with a ticket (overage
// approved) and 300 minutes in the previous month, then times one
// ClosePeriods over all of them: every period is checked against its
// entries, billed and closed in its own transaction.
int BenchClose(const Options& o, std::shared_ptr<grpc::Channel> channel,
               const std::string& package, int n) {
  namespace v1 = supportbytime::v1;
  auto accounts = v1::AccountService::NewStub(channel);
  auto tickets = v1::TicketService::NewStub(channel);
  auto log = v1::TimeLogService::NewStub(channel);
  auto billing = v1::BillingService::NewStub(channel);
  auto ctx = [&o] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + o.key);
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(600));
    return c;
  };
  std::mt19937_64 rng(std::random_device{}());
  // 40 days ago: in a month that has ended, in every zone.
  const auto now = std::chrono::system_clock::now();
  const int64_t last_month = std::chrono::duration_cast<std::chrono::seconds>(
                                 now.time_since_epoch()).count() - 40LL * 24 * 3600;
  for (int i = 0; i < n; ++i) {
    v1::CreateClientRequest cr;
    cr.mutable_client()->set_display_name("bench close");
    cr.mutable_client()->set_currency_code("EUR");
    cr.set_request_id(Uuid(rng));
    v1::Client client;
    v1::CreateSubscriptionRequest sr;
    v1::Subscription sub;
    v1::ActivateSubscriptionRequest ar;
    v1::CreateTicketRequest tr;
    v1::Ticket ticket;
    v1::ApproveOverageRequest apr;
    v1::CreateTimeEntryRequest er;
    v1::TimeEntry entry;
    grpc::Status st = accounts->CreateClient(ctx().get(), cr, &client);
    if (st.ok()) {
      sr.set_parent(client.name());
      sr.mutable_subscription()->set_package(package);
      sr.set_request_id(Uuid(rng));
      st = accounts->CreateSubscription(ctx().get(), sr, &sub);
    }
    if (st.ok()) {
      ar.set_name(sub.name());
      ar.set_request_id(Uuid(rng));
      // Active since before the month worked in (R20).
      ar.mutable_activate_time()->set_seconds(last_month - 40LL * 24 * 3600);
      st = accounts->ActivateSubscription(ctx().get(), ar, &sub);
    }
    if (st.ok()) {
      tr.set_parent(client.name());
      tr.mutable_ticket()->set_subscription(sub.name());
      tr.mutable_ticket()->set_title("bench");
      tr.set_request_id(Uuid(rng));
      st = tickets->CreateTicket(ctx().get(), tr, &ticket);
    }
    if (st.ok()) {
      apr.set_name(ticket.name());
      apr.set_request_id(Uuid(rng));
      // The approval is for the month worked in (R8), in the client's zone.
      absl::TimeZone warsaw;
      absl::LoadTimeZone("Europe/Warsaw", &warsaw);
      apr.set_period(absl::StrCat(
          sub.name(), "/periods/",
          absl::FormatTime("%Y-%m", absl::FromUnixSeconds(last_month), warsaw)));
      st = tickets->ApproveOverage(ctx().get(), apr, &ticket);
    }
    for (int k = 0; st.ok() && k < 2; ++k) {
      er.set_parent(ticket.name());
      er.mutable_time_entry()->set_minutes(150);
      er.mutable_time_entry()->mutable_work_time()->set_seconds(last_month + k * 3600);
      er.set_request_id(Uuid(rng));
      st = log->CreateTimeEntry(ctx().get(), er, &entry);
    }
    if (!st.ok()) {
      std::fprintf(stderr, "seeding failed: %s\n", st.error_message().c_str());
      return 1;
    }
  }
  v1::ClosePeriodsResponse closed;
  const auto start = Clock::now();
  grpc::Status st = billing->ClosePeriods(ctx().get(), {}, &closed);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!st.ok()) {
    std::fprintf(stderr, "ClosePeriods failed: %s\n", st.error_message().c_str());
    return 1;
  }
  std::printf("| close_periods  | %8d | %9.0f | %7.2f | %14d |\n", closed.periods_closed(),
              closed.periods_closed() / seconds, seconds * 1000, closed.billable_items_created());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(std::string(argv[i]), absl::MaxSplits('=', 1));
    if (kv.first == "--address") o.address = kv.second;
    else if (kv.first == "--key") o.key = kv.second;
    else if (kv.first == "--threads") (void)absl::SimpleAtoi(kv.second, &o.threads);
    else if (kv.first == "--seconds") (void)absl::SimpleAtoi(kv.second, &o.seconds);
    else if (kv.first == "--scenarios") o.scenarios = absl::StrSplit(kv.second, ',');
    else if (kv.first == "--close-periods") (void)absl::SimpleAtoi(kv.second, &o.close_periods);
    else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  // A package to read.
  auto channel = grpc::CreateChannel(o.address, grpc::InsecureChannelCredentials());
  auto packages = supportbytime::v1::PackageService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + o.key);
  supportbytime::v1::ListPackagesResponse list;
  grpc::Status st = packages->ListPackages(&ctx, {}, &list);
  if (!st.ok() || list.packages_size() == 0) {
    std::fprintf(stderr, "cannot list packages (seed the demo data first): %s\n", st.error_message().c_str());
    return 1;
  }
  Targets targets{list.packages(0).name(), ""};
  auto accounts = supportbytime::v1::AccountService::NewStub(channel);
  grpc::ClientContext clients_ctx;
  clients_ctx.AddMetadata("authorization", "Bearer " + o.key);
  supportbytime::v1::ListClientsResponse clients;
  st = accounts->ListClients(&clients_ctx, {}, &clients);
  for (const auto& client : clients.clients()) {
    grpc::ClientContext sub_ctx;
    sub_ctx.AddMetadata("authorization", "Bearer " + o.key);
    supportbytime::v1::ListSubscriptionsRequest subs_req;
    subs_req.set_parent(client.name());
    supportbytime::v1::ListSubscriptionsResponse subs;
    st = accounts->ListSubscriptions(&sub_ctx, subs_req, &subs);
    for (const auto& sub : subs.subscriptions()) {
      if (sub.state() == supportbytime::v1::SUBSCRIPTION_STATE_ACTIVE) {
        targets.subscription = sub.name();
      }
    }
  }
  if (!st.ok() || targets.subscription.empty()) {
    std::fprintf(stderr, "no active subscription (seed the demo data first): %s\n",
                 st.error_message().c_str());
    return 1;
  }
  if (o.close_periods > 0) {
    std::printf("| %-14s | %8s | %9s | %7s | %14s |\n", "run", "periods", "periods/s", "ms",
                "items created");
    std::printf("|----------------|----------|-----------|---------|----------------|\n");
    return BenchClose(o, channel, targets.package, o.close_periods);
  }
  std::printf("| %-14s | %8s | %9s | %7s | %7s | %6s |\n", "scenario", "calls", "calls/s", "p50 ms",
              "p99 ms", "failed");
  std::printf("|----------------|----------|-----------|---------|---------|--------|\n");
  for (const auto& s : o.scenarios) {
    if (MakeCall(s, channel, o, targets) == nullptr) {
      std::fprintf(stderr, "unknown scenario %s\n", s.c_str());
      return 2;
    }
    Run(s, o, targets);
  }
  return 0;
}
