// supportbytime packages …
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sdk/cli/cli.h"
#include "sdk/cli/money_flag.h"
#include "supportbytime/package_client.h"
#include "supportbytime/pagination.h"

namespace supportbytime::cli {
namespace {

const std::vector<std::string> kColumns = {"name", "display_name", "current_version",
                                           "terms.billing_cycle", "terms.included_minutes",
                                           "terms.billing_increment_minutes", "archived"};

absl::Status List(const Invocation& in) {
  auto client = sdk::MakePackageClient(in.options);
  v1::ListPackagesRequest req;
  req.set_show_archived(in.Flag("show-archived") == "true");
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListPackages(r); },
      [](const auto& r) { return r.packages(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kColumns);
  return absl::OkStatus();
}

absl::Status Get(const Invocation& in) {
  v1::GetPackageRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakePackageClient(in.options)->GetPackage(req), kColumns);
}

absl::Status Create(const Invocation& in) {
  v1::CreatePackageRequest req;
  auto* p = req.mutable_package();
  if (auto st = in.Require("display-name", p->mutable_display_name()); !st.ok()) return st;
  p->set_description(in.Flag("description"));
  auto* t = p->mutable_terms();
  const std::string cycle = in.Flag("cycle", "MONTHLY");
  if (cycle != "MONTHLY" && cycle != "ONE_TIME") {
    return absl::InvalidArgumentError("--cycle must be MONTHLY or ONE_TIME");
  }
  t->set_billing_cycle(cycle == "MONTHLY" ? v1::BILLING_CYCLE_MONTHLY : v1::BILLING_CYCLE_ONE_TIME);
  int included = 0, increment = 0;
  if (!absl::SimpleAtoi(in.Flag("included-minutes"), &included) ||
      !absl::SimpleAtoi(in.Flag("increment-minutes"), &increment)) {
    return absl::InvalidArgumentError("--included-minutes and --increment-minutes are whole numbers");
  }
  t->set_included_minutes(included);
  t->set_billing_increment_minutes(increment);
  auto* price = t->add_prices();
  price->set_currency_code(in.Flag("currency", "EUR"));
  if (auto st = ParseMoneyFlag(in, "price", price->currency_code(), price->mutable_period_price());
      !st.ok()) {
    return st;
  }
  if (!in.Flag("rate").empty()) {
    if (auto st = ParseMoneyFlag(in, "rate", price->currency_code(),
                                 price->mutable_overage_hourly_rate());
        !st.ok()) {
      return st;
    }
  }
  return Show(in, sdk::MakePackageClient(in.options)->CreatePackage(req), kColumns);
}

absl::Status Archive(const Invocation& in) {
  v1::ArchivePackageRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakePackageClient(in.options)->ArchivePackage(req), kColumns);
}

}  // namespace

void AddPackageCommands(Commands& commands) {
  const Flag name = Required("name", "packages/ID", "the package");
  auto& g = commands["packages"];
  g["list"] = {"lists packages",
               {Switch("show-archived", "also list the packages no longer sold")},
               List};
  g["get"] = {"shows a package", {name}, Get};
  g["create"] = {"creates a package (version 1)",
                 {Required("display-name", "NAME", "the package's name"),
                  Required("included-minutes", "N", "minutes included per period"),
                  Required("increment-minutes", "N", "work is billed in steps of N minutes"),
                  Required("price", "100.00", "the price per period"),
                  Optional("rate", "40.00", "the hourly rate of overage"),
                  Optional("currency", "EUR", "the currency of price and rate (default EUR)"),
                  Optional("cycle", "MONTHLY|ONE_TIME", "how the package bills (default MONTHLY)"),
                  Optional("description", "TEXT", "a description")},
                 Create};
  g["archive"] = {"stops selling a package", {name}, Archive};
}

}  // namespace supportbytime::cli
