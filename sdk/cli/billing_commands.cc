// supportbytime billing …: usage, estimates, closing periods, billable items
// and their invoices, usage alerts, postpayment eligibility.
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sdk/cli/cli.h"
#include "sdk/cli/date_flag.h"
#include "sdk/cli/usage_chart.h"
#include "supportbytime/billing_client.h"
#include "supportbytime/pagination.h"

namespace supportbytime::cli {
namespace {

const std::vector<std::string> kEstimateFields = {"period",
                                                  "included_minutes",
                                                  "used_minutes",
                                                  "additional_billed_minutes",
                                                  "projected_used_minutes",
                                                  "projected_left_minutes",
                                                  "projected_overage_minutes",
                                                  "additional_overage_minutes",
                                                  "overage_hourly_rate",
                                                  "extra_cost",
                                                  "overage_cost",
                                                  "projected_overage_cost",
                                                  "projected_period_total",
                                                  "projected_level",
                                                  "approval_required",
                                                  "exceeds_bucket"};
const std::vector<std::string> kCloseFields = {"as_of", "periods_closed", "billable_items_created",
                                               "subscriptions_depleted",
                                               "missed_payments_recorded"};
const std::vector<std::string> kItemColumns = {
    "name",  "ticket_number",     "description",    "overage_minutes",  "amount",
    "badge", "invoice.reference", "invoice.status", "invoice.due_date", "invoice.paid_date"};
const std::vector<std::string> kAlertColumns = {
    "name",  "subscription", "period",     "threshold_percent", "used_minutes", "included_minutes",
    "level", "acknowledged", "create_time"};

// Minutes as "1 h 30 min (90 min)": the hours for people, the minutes to
// compare with invoices.
std::string Minutes(int minutes) {
  return absl::StrCat(HoursMinutesText(minutes), " (", minutes, " min)");
}

// The home screen: the figures of SPEC §4 and a bar coloured by level.
absl::Status ShowUsage(const Invocation& in) {
  v1::GetCurrentUsageRequest req;
  std::string subscription;
  if (auto st = in.Require("subscription", &subscription); !st.ok()) return st;
  req.set_name(subscription + "/usage");
  auto u = sdk::MakeBillingClient(in.options)->GetCurrentUsage(req);
  if (!u.ok()) return u.status();
  if (in.json) {
    PrintMessage(in, *u, {});
    return absl::OkStatus();
  }
  const bool monthly = u->billing_cycle() == v1::BILLING_CYCLE_MONTHLY;
  if (monthly) {
    PrintMessage(in, *u, {"period", "billing_cycle", "month", "package", "package_version"});
  } else {
    PrintMessage(in, *u, {"period", "billing_cycle", "package", "package_version"});
  }
  PrintLine("allocation", Minutes(u->included_minutes()));
  PrintLine("used", absl::StrCat(Minutes(u->used_minutes()), ", raw ", u->raw_minutes(), " min"));
  PrintLine("left", Minutes(u->left_minutes()));
  PrintLine("level", RenderUsageBar(*u, {.color = UseColor(), .width = 40}));
  // ONE_TIME: a bucket has no rate and no overage (SPEC §4).
  if (monthly) {
    PrintLine("rate", absl::StrCat(MoneyText(u->overage_hourly_rate()), "/h"));
    PrintLine("overage", absl::StrCat(u->overage_minutes(), " min"));
    PrintLine("overage cost so far", MoneyText(u->overage_cost()));
    PrintLine("approval for overage", u->require_overage_approval() ? "required" : "not required");
  }
  return absl::OkStatus();
}

absl::Status Estimate(const Invocation& in) {
  v1::EstimateCostRequest req;
  if (auto st = in.Require("subscription", req.mutable_name()); !st.ok()) return st;
  int minutes = 0;
  if (!absl::SimpleAtoi(in.Flag("minutes"), &minutes)) {
    return absl::InvalidArgumentError("--minutes must be a whole number of minutes");
  }
  req.set_additional_minutes(minutes);
  req.set_ticket(in.Flag("ticket"));
  return Show(in, sdk::MakeBillingClient(in.options)->EstimateCost(req), kEstimateFields);
}

absl::Status Close(const Invocation& in) {
  v1::ClosePeriodsRequest req;
  if (!in.Flag("as-of").empty()) {
    if (auto st = ParseTimeFlag(in, "as-of", req.mutable_as_of()); !st.ok()) return st;
  }
  return Show(in, sdk::MakeBillingClient(in.options)->ClosePeriods(req), kCloseFields);
}

absl::Status ListItems(const Invocation& in) {
  auto client = sdk::MakeBillingClient(in.options);
  v1::ListBillableItemsRequest req;
  req.set_parent(in.Flag("client", "clients/-"));
  req.set_subscription(in.Flag("subscription"));
  if (!in.Flag("badge").empty()) {
    v1::TicketBadge badge;
    if (!v1::TicketBadge_Parse("TICKET_BADGE_" + in.Flag("badge"), &badge)) {
      return absl::InvalidArgumentError("--badge must be BILLED, UNPAID, PAID or CANCELLED");
    }
    req.set_badge(badge);
  }
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListBillableItems(r); },
      [](const auto& r) { return r.billable_items(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kItemColumns);
  return absl::OkStatus();
}

absl::Status GetItem(const Invocation& in) {
  v1::GetBillableItemRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakeBillingClient(in.options)->GetBillableItem(req), kItemColumns);
}

// Records or updates an item's invoice: only the invoice fields given on the
// command line go into the update mask, so a later `--status=PAID
// --paid-date=…` leaves the reference and due date alone.
absl::Status Invoice(const Invocation& in) {
  v1::UpdateBillableItemRequest req;
  auto* item = req.mutable_billable_item();
  if (auto st = in.Require("name", item->mutable_name()); !st.ok()) return st;
  auto* invoice = item->mutable_invoice();
  auto* mask = req.mutable_update_mask();
  if (in.Has("reference")) {
    invoice->set_reference(in.Flag("reference"));
    mask->add_paths("invoice.reference");
  }
  if (in.Has("url")) {
    invoice->set_url(in.Flag("url"));
    mask->add_paths("invoice.url");
  }
  if (in.Has("status")) {
    v1::InvoiceStatus status;
    if (!v1::InvoiceStatus_Parse("INVOICE_STATUS_" + in.Flag("status"), &status)) {
      return absl::InvalidArgumentError("--status must be UNPAID, PAID or CANCELLED");
    }
    invoice->set_status(status);
    mask->add_paths("invoice.status");
  }
  if (in.Has("due-date")) {
    if (auto st = ParseDateFlag(in, "due-date", invoice->mutable_due_date()); !st.ok()) return st;
    mask->add_paths("invoice.due_date");
  }
  if (in.Has("paid-date")) {
    if (auto st = ParseDateFlag(in, "paid-date", invoice->mutable_paid_date()); !st.ok()) {
      return st;
    }
    mask->add_paths("invoice.paid_date");
  }
  if (mask->paths().empty()) {
    return absl::InvalidArgumentError(
        "give at least one of --reference, --status, --due-date, --paid-date, --url");
  }
  return Show(in, sdk::MakeBillingClient(in.options)->UpdateBillableItem(req), kItemColumns);
}

absl::Status ListAlerts(const Invocation& in) {
  auto client = sdk::MakeBillingClient(in.options);
  v1::ListUsageAlertsRequest req;
  req.set_parent(in.Flag("client", "clients/-"));
  req.set_subscription(in.Flag("subscription"));
  req.set_unacknowledged_only(in.Flag("unacknowledged") == "true");
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListUsageAlerts(r); },
      [](const auto& r) { return r.usage_alerts(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kAlertColumns);
  return absl::OkStatus();
}

absl::Status Eligibility(const Invocation& in) {
  v1::GetPostpaymentEligibilityRequest req;
  std::string client;
  if (auto st = in.Require("client", &client); !st.ok()) return st;
  req.set_name(client + "/postpaymentEligibility");
  auto e = sdk::MakeBillingClient(in.options)->GetPostpaymentEligibility(req);
  if (!e.ok()) return e.status();
  PrintMessage(in, *e,
               {"name", "eligible", "goodwill_credit", "base_deposit", "window_start_date"});
  if (in.json) return absl::OkStatus();
  // The checks say why, eligible or not (R19): one line each, then evidence.
  for (const auto& c : e->checks()) {
    std::printf("  %s %s: %s\n", c.passed() ? "pass" : "FAIL",
                v1::PostpaymentCriterion_Name(c.criterion()).c_str(), c.description().c_str());
    for (const auto& ev : c.evidence()) std::printf("       %s\n", ev.c_str());
  }
  // The goodwill check informs only (R22): it never decides eligibility.
  if (e->has_goodwill_check()) {
    std::printf("  goodwill: %s\n", e->goodwill_check().description().c_str());
  }
  return absl::OkStatus();
}

}  // namespace

void AddBillingCommands(Commands& commands) {
  const Flag subscription = Required("subscription", "clients/ID/subscriptions/ID", "the subscription");
  const Flag any_client = Optional("client", "clients/ID|clients/-", "one client's (default all)");
  const Flag any_subscription =
      Optional("subscription", "clients/ID/subscriptions/ID", "one subscription's");
  const Flag item = Required("name", "clients/ID/billableItems/ID", "the billable item");
  auto& b = commands["billing"];
  b["usage"] = {"current usage: allocation, used, left, level bar, rate and overage so far",
                {subscription}, ShowUsage};
  b["estimate"] = {"what N more minutes would cost this period (changes nothing)",
                   {subscription, Required("minutes", "N", "the minutes to price"),
                    Optional("ticket", "clients/ID/tickets/ID", "the ticket they would go on")},
                   Estimate};
  b["close"] = {"closes every month that ended by then into billable items (safe to repeat)",
                {Optional("as-of", "RFC3339", "the instant to close up to (default now)")}, Close};
  b["items"] = {"lists billable items, newest first",
                {any_client, any_subscription,
                 Optional("badge", "BILLED|UNPAID|PAID|CANCELLED", "only items with this badge")},
                ListItems};
  b["item"] = {"shows a billable item", {item}, GetItem};
  b["invoice"] = {"records or updates the invoice of a billable item (only the fields given)",
                  {item, Optional("reference", "INV-1", "the invoice's number"),
                   Optional("status", "UNPAID|PAID|CANCELLED", "the invoice's status"),
                   Optional("due-date", "YYYY-MM-DD", "when payment is due"),
                   Optional("paid-date", "YYYY-MM-DD", "when it was paid"),
                   Optional("url", "https://…", "where the invoice can be seen")},
                  Invoice};
  b["alerts"] = {"lists usage alerts, oldest first",
                 {any_client, any_subscription,
                  Switch("unacknowledged", "only the alerts not yet acknowledged")},
                 ListAlerts};
  b["eligibility"] = {"whether the client may be served on postpayment, and why",
                      {Required("client", "clients/ID", "the client")}, Eligibility};
}

}  // namespace supportbytime::cli
