#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/command_support.h"
#include "server/app/commands.h"
#include "server/auth/api_key.h"
#include "server/domain/validation.h"
#include "server/storage/api_key_store.h"

namespace supportbytime::app {

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
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "create-api-key: %s\n", message.c_str());
    return 2;
  };

  storage::NewApiKey in;
  const std::string check = flags.GetString("check");
  if (check.empty()) {
    if (!auth::ParseRole(flags.GetString("role"), &in.role)) {
      return fail("--role must be ADMIN, OPERATOR or CLIENT");
    }
    in.display_name = flags.GetString("display-name");
    if (in.display_name.empty()) in.display_name = absl::StrCat(auth::RoleName(in.role), " key");
    if (auto st = domain::ValidateText("--display-name", in.display_name, {1, 200}); !st.ok()) {
      return fail(std::string(st.message()));
    }
    const std::string client = flags.GetString("client");
    if (in.role == auth::Role::kClient) {
      auto id = domain::ParseName("clients/{client}", client, "--client");
      if (!id.ok()) return fail("a CLIENT key needs --client clients/{uuid}");
      in.client_id = id->at(0);
    } else if (!client.empty()) {
      return fail("--client is only for CLIENT keys");
    }
  }

  auto db = OpenMigratedDatabase(*config);
  if (db == nullptr) return 1;
  storage::ApiKeyStore keys(*db);
  if (!check.empty()) {
    auto found = keys.FindByHash(auth::HashSecret(check));
    return found.ok() && found->has_value() && !(*found)->revoked ? 0 : 1;
  }
  const std::string secret = auth::GenerateSecret();
  storage::ApiKeyRow created;
  auto result = keys.Create(auth::Actor::System(), storage::IdempotencyKey{}, in, secret,
                            [&](const storage::ApiKeyRow& row) {
                              created = row;
                              return std::string();
                            });
  if (!result.ok()) {
    std::fprintf(stderr, "create-api-key: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  std::printf("Created apiKeys/%s (%s%s). The secret is shown only this once:\n%s\n",
              created.id.c_str(), std::string(auth::RoleName(created.role)).c_str(),
              created.client_id.empty() ? "" : absl::StrCat(", clients/", created.client_id).c_str(),
              secret.c_str());
  return 0;
}

}  // namespace supportbytime::app
