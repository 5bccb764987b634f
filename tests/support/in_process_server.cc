#include "tests/support/in_process_server.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "server/app/api_keys.h"
#include "server/app/services.h"
#include "server/auth/actor.h"
#include "server/auth/api_key.h"
#include "server/auth/authenticator.h"
#include "server/domain/validation.h"
#include "server/storage/api_key_store.h"
#include "server/storage/database.h"

namespace supportbytime::testing {
namespace {

template <class T>
T OrThrow(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) throw std::runtime_error(absl::StrCat(what, ": ", v.status().message()));
  return *std::move(v);
}

}  // namespace

InProcessServer::InProcessServer(const std::string& database_url, const domain::Clock& clock,
                                 const ServerOptions& options) {
  db_ = OrThrow(storage::Database::Open(database_url, options.db_pool_size), "open the database");
  keys_ = std::make_unique<storage::ApiKeyStore>(*db_);
  authenticator_ = std::make_unique<auth::Authenticator>(
      app::KeyLookup(*keys_),
      [&clock] { return clock.Now(); }, options.auth_cache_ttl);
  services_ = std::make_unique<app::ApiServices>(app::ApiServices::Deps{
      *db_, *authenticator_, clock, options.default_time_zone,
      OrThrow(domain::BusinessCalendar::Parse(options.business_hours, "business-hours"),
              "--business-hours"),
      OrThrow(domain::GoodwillBases::Parse(options.goodwill_bases), "--goodwill-base")});

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  services_->RegisterWith(builder);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) throw std::runtime_error("cannot listen on 127.0.0.1");
  address_ = absl::StrCat("127.0.0.1:", port);
  channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

InProcessServer::~InProcessServer() { Stop(); }

int InProcessServer::Stop() {
  if (server_ == nullptr) return 0;
  channel_.reset();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server_->Wait();
  server_.reset();
  return 0;
}

std::string InProcessServer::CreateApiKey(const std::string& role, const std::string& client,
                                          const std::string& display_name) {
  domain::NewApiKey in;
  auth::Role parsed = auth::Role::kClient;
  if (!auth::ParseRole(role, &parsed)) throw std::runtime_error("no such role: " + role);
  in.role = std::string(auth::RoleName(parsed));
  in.display_name = display_name.empty() ? absl::StrCat("test ", role) : display_name;
  if (!client.empty()) {
    in.client_id = OrThrow(domain::ParseName("clients/{client}", client, "client"), client).at(0);
  }
  const std::string secret = auth::GenerateSecret();
  OrThrow(app::CreateSystemApiKey(*db_, in, secret), "create the API key");
  return secret;
}

}  // namespace supportbytime::testing
