#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/api_keys.h"
#include "server/app/command_support.h"
#include "server/app/commands.h"
#include "server/auth/actor.h"
#include "server/auth/api_key.h"
#include "server/domain/validation.h"

namespace supportbytime::app {
namespace {

// The key the flags describe; an error message when they are wrong.
absl::StatusOr<domain::NewApiKey> NewKeyFromFlags(const Flags& flags) {
  domain::NewApiKey in;
  auth::Role role = auth::Role::kClient;
  if (!auth::ParseRole(flags.GetString("role"), &role)) {
    return absl::InvalidArgumentError("--role must be ADMIN, OPERATOR or CLIENT");
  }
  in.role = std::string(auth::RoleName(role));
  in.display_name = flags.GetString("display-name");
  if (in.display_name.empty()) in.display_name = absl::StrCat(in.role, " key");
  if (auto st = domain::ValidateText("--display-name", in.display_name, {1, 200}); !st.ok()) {
    return absl::InvalidArgumentError(st.message());
  }
  const std::string client = flags.GetString("client");
  if (role == auth::Role::kClient) {
    auto id = domain::ParseName("clients/{client}", client, "--client");
    if (!id.ok()) return absl::InvalidArgumentError("a CLIENT key needs --client clients/{uuid}");
    in.client_id = id->at(0);
  } else if (!client.empty()) {
    return absl::InvalidArgumentError("--client is only for CLIENT keys");
  }
  return in;
}

// Creates the key as the system; prints its secret once.
int CreateKey(storage::Database& db, const domain::NewApiKey& in) {
  const std::string secret = auth::GenerateSecret();
  absl::StatusOr<domain::ApiKey> created = CreateSystemApiKey(db, in, secret);
  if (!created.ok()) {
    std::fprintf(stderr, "create-api-key: %s\n", std::string(created.status().message()).c_str());
    return 1;
  }
  std::printf("Created apiKeys/%s (%s%s). The secret is shown only this once:\n%s\n",
              created->id.c_str(), created->role.c_str(),
              created->client_id.empty() ? "" : absl::StrCat(", clients/", created->client_id).c_str(),
              secret.c_str());
  return 0;
}

}  // namespace

int CreateApiKeyCommand(const std::vector<std::string>& args) {
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/false);
  flags.Define("role", "", "", "ADMIN, OPERATOR or CLIENT (required)");
  flags.Define("client", "", "", "for a CLIENT key: the client it is bound to, clients/{uuid}");
  flags.Define("display-name", "", "", "who holds the key; shown as the operator name on work logs");
  flags.Define("check", "", "", "instead of creating: exit 0 if this secret is an active key");
  if (auto exit = ParseOrExit(flags, args, "create-api-key",
                              "Creates an API key and prints its secret once; only a hash is "
                              "stored. Use it to bootstrap the first ADMIN key.")) {
    return *exit;
  }
  auto config = LoadConfig(flags, false);
  if (!config.ok()) {
    std::fprintf(stderr, "create-api-key: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  const std::string check = flags.GetString("check");
  absl::StatusOr<domain::NewApiKey> in = domain::NewApiKey{};
  if (check.empty()) in = NewKeyFromFlags(flags);
  if (!in.ok()) {
    std::fprintf(stderr, "create-api-key: %s\n", std::string(in.status().message()).c_str());
    return 2;
  }
  auto db = OpenMigratedDatabase(*config);
  if (db == nullptr) return 1;
  if (!check.empty()) {
    auto found = storage::ApiKeyStore(*db).FindByHash(auth::HashSecret(check));
    return found.ok() && found->has_value() && !(*found)->revoked ? 0 : 1;
  }
  return CreateKey(*db, *std::move(in));
}

}  // namespace supportbytime::app
