#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "server/app/services.h"
#include "server/app/command_support.h"
#include "server/app/api_keys.h"
#include "server/app/commands.h"
#include "server/app/health.h"
#include "server/util/log.h"
#include "server/app/maintenance.h"
#include "server/auth/authenticator.h"
#include "server/domain/clock.h"
#include "server/storage/api_key_store.h"

namespace supportbytime::app {
namespace {

// Signals are taken by one thread with sigwait(), so no handler runs on a
// gRPC thread; the mask must be set before any thread starts.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// The gRPC server of `services` on the configured address, with health and
// reflection; nullptr (and a message) when it cannot listen.
std::unique_ptr<grpc::Server> StartServer(const Config& config, ApiServices& services,
                                          std::string* address) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen_address, grpc::InsecureServerCredentials(), &port);
  grpc::ResourceQuota quota("supportbytime");
  quota.SetMaxThreads(config.rpc_threads);
  builder.SetResourceQuota(quota);
  services.RegisterWith(builder);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "serve: cannot listen on %s\n", config.listen_address.c_str());
    return nullptr;
  }
  const std::string host = config.listen_address.substr(0, config.listen_address.rfind(':'));
  *address = absl::StrCat(host, ":", port);
  return server;
}

// Serves until SIGTERM or SIGINT, then drains: load balancers see
// NOT_SERVING first; in-flight calls get the grace period to finish; new
// calls are refused.
void ServeUntilSignal(const Config& config, storage::Database& db, grpc::Server& server,
                      const std::vector<std::string>& service_names, const sigset_t& signals) {
  HealthReporter health(server.GetHealthCheckService(), db, service_names,
                        config.health_interval);
  health.Start();
  Maintenance maintenance(db, config.idempotency_ttl, absl::Minutes(10));
  maintenance.Start();
  int sig = 0;
  sigwait(&signals, &sig);
  util::Log("info", "shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  health.Shutdown();
  maintenance.Stop();
  server.Shutdown(absl::ToChronoTime(absl::Now() + config.shutdown_grace));
  server.Wait();
}

}  // namespace

int Serve(const std::vector<std::string>& args) {
  const sigset_t signals = BlockShutdownSignals();
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/true);
  if (auto exit = ParseOrExit(flags, args, "serve",
                              "Serves the gRPC API. Refuses to start while the database schema "
                              "is behind this binary.")) {
    return *exit;
  }
  auto config = LoadConfig(flags, true);
  if (!config.ok()) {
    std::fprintf(stderr, "serve: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  std::unique_ptr<storage::Database> db = OpenMigratedDatabase(*config);
  if (db == nullptr) return 1;

  // The one clock of the process, handed to every use case (tests run the
  // services in-process with a clock of their own).
  const domain::Clock& clock = domain::SystemClock::Instance();
  storage::ApiKeyStore keys(*db);
  auth::Authenticator authenticator(
      KeyLookup(keys),
      [&clock] { return clock.Now(); }, config->auth_cache_ttl);
  ApiServices services(ApiServices::Deps{*db, authenticator, clock, config->default_time_zone,
                                         *config->business_calendar, config->goodwill_bases});
  std::string address;
  std::unique_ptr<grpc::Server> server = StartServer(*config, services, &address);
  if (server == nullptr) return 1;
  util::Log("info", "serving",
            {{"address", address}, {"db_pool_size", absl::StrCat(config->db_pool_size), true}});
  std::printf("supportbytime-server listening on %s\n", address.c_str());
  std::fflush(stdout);
  ServeUntilSignal(*config, *db, *server, services.ServiceNames(), signals);
  util::Log("info", "stopped");
  return 0;
}

}  // namespace supportbytime::app
