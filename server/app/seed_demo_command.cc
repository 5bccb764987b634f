#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "server/app/command_support.h"
#include "server/app/commands.h"
#include "server/app/demo_data.h"
#include "server/auth/actor.h"
#include "server/domain/clock.h"
#include "server/domain/error.h"
#include "server/storage/account_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/accounts.h"
#include "server/usecases/packages.h"

namespace supportbytime::app {
namespace {

constexpr char kDemoClientRef[] = "demo-client";

template <class T>
auto Keep(T* out) {
  return [out](const T& value) {
    *out = value;
    return std::string();
  };
}

// The reference packages by name, created when missing: packages are matched
// by name, so a second run finds them all.
absl::StatusOr<std::map<std::string, std::string>> SeedPackages(usecases::Packages& packages,
                                                                const domain::Who& system) {
  std::map<std::string, domain::Package> existing;
  domain::PageRequest page{500, std::nullopt};
  for (;;) {
    auto list = packages.List(page, /*show_archived=*/true);
    if (!list.ok()) return list.status();
    for (const auto& p : list->items) existing.emplace(p.display_name, p);
    if (!list->next) break;
    page.after = list->next;
  }
  std::map<std::string, std::string> ids;
  for (const DemoPackage& demo : ReferencePackages()) {
    if (auto it = existing.find(demo.display_name); it != existing.end()) {
      ids[demo.display_name] = it->second.id;
      std::printf("package %s: exists (packages/%s)\n", demo.display_name.c_str(),
                  it->second.id.c_str());
      continue;
    }
    domain::Package created;
    auto st = packages.Create(system, usecases::IdempotencyKey{},
                              {demo.display_name, demo.description, demo.terms}, Keep(&created));
    if (!st.ok()) return st.status();
    ids[demo.display_name] = created.id;
    std::printf("package %s: created (packages/%s)\n", demo.display_name.c_str(), created.id.c_str());
  }
  return ids;
}

// The demo client and its active subscriptions; they carry external refs:
// safe sync.
absl::Status SeedClient(usecases::Accounts& accounts, const domain::Who& system,
                        std::map<std::string, std::string>& package_ids) {
  const usecases::IdempotencyKey no_key;
  domain::Client client_in;
  client_in.display_name = "Demo Client";
  client_in.currency = "EUR";
  client_in.time_zone = "Europe/Warsaw";
  client_in.external_ref = kDemoClientRef;
  domain::Client client;
  auto st = accounts.CreateClient(system, no_key, client_in, Keep(&client));
  if (!st.ok()) return st.status();
  std::printf("client Demo Client: clients/%s\n", client.id.c_str());
  for (const auto& [package_name, ref] :
       {std::pair{"Professional Support", "demo-professional"},
        std::pair{"Extra Support", "demo-extra"}}) {
    domain::Subscription sub;
    st = accounts.CreateSubscription(system, no_key, client.id, package_ids[package_name], ref,
                                     Keep(&sub));
    if (!st.ok()) return st.status();
    if (sub.status == domain::SubscriptionStatus::kPending) {
      st = accounts.TransitionSubscription(system, no_key, client.id, sub.id,
                                           domain::SubscriptionStatus::kActive, "demo data: paid",
                                           std::nullopt, Keep(&sub));
      if (!st.ok()) return st.status();
    }
    std::printf("subscription %s: clients/%s/subscriptions/%s (%s)\n", package_name,
                client.id.c_str(), sub.id.c_str(),
                std::string(domain::SubscriptionStatusName(sub.status)).c_str());
  }
  return absl::OkStatus();
}

absl::Status Seed(storage::Database& db, const domain::GoodwillBases& goodwill) {
  const domain::Who system = auth::Actor::System().Who();
  const domain::Clock& clock = domain::SystemClock::Instance();
  storage::DatabaseTransactions transactions(db);
  storage::DatabaseIdempotency idempotency(db);
  storage::PackageStore package_repo;
  storage::AccountStore account_repo;
  usecases::Packages packages(transactions, idempotency, package_repo, clock);
  usecases::Accounts accounts(transactions, idempotency, account_repo, package_repo, clock,
                              goodwill);
  auto ids = SeedPackages(packages, system);
  if (!ids.ok()) return ids.status();
  return SeedClient(accounts, system, *ids);
}

}  // namespace

int SeedDemoCommand(const std::vector<std::string>& args) {
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/false);
  DefineGoodwillFlag(flags);
  if (auto exit = ParseOrExit(flags, args, "seed-demo",
                              "Loads the reference policy's three packages (SPEC section 1) and a "
                              "demo client with active subscriptions. Running it again changes "
                              "nothing.")) {
    return *exit;
  }
  auto config = LoadConfig(flags, false);
  if (!config.ok()) {
    std::fprintf(stderr, "seed-demo: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  auto goodwill = LoadGoodwillBases(flags);
  if (!goodwill.ok()) {
    std::fprintf(stderr, "seed-demo: %s\n", std::string(goodwill.status().message()).c_str());
    return 2;
  }
  auto db = OpenMigratedDatabase(*config);
  if (db == nullptr) return 1;
  if (absl::Status st = Seed(*db, *goodwill); !st.ok()) {
    std::fprintf(stderr, "seed-demo: %s\n", std::string(st.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace supportbytime::app
