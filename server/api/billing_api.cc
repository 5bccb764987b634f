#include "server/api/billing_api.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/client_parent.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/package_convert.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/api/usage_convert.h"
#include "server/domain/estimate.h"
#include "server/domain/period_estimate.h"
#include "server/domain/time_zone.h"
#include "server/domain/usage.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using domain::BillingCycle;
using domain::InvoiceStatus;
using domain::BillableItemRecord;
using domain::InvoiceRecord;
using storage::PeriodRecord;

constexpr char kService[] = "supportbytime.v1.BillingService";
constexpr char kSubscriptionPattern[] = "clients/{client}/subscriptions/{subscription}";
constexpr char kItemPattern[] = "clients/{client}/billableItems/{billable_item}";
constexpr int kMaxEstimateMinutes = 100000;

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

std::string PeriodName(const PeriodRecord& p) {
  return absl::StrCat(SubscriptionName(p.client_id, p.subscription_id), "/periods/", p.key);
}

std::string CurrencyOf(const PeriodRecord& p) {
  return p.terms.prices.empty() ? "" : p.terms.prices[0].currency;
}

void UsageToProto(const PeriodRecord& p, absl::Time now, v1::Usage* out) {
  const bool monthly = p.terms.billing_cycle == BillingCycle::kMonthly;
  const std::string currency = CurrencyOf(p);
  out->set_name(absl::StrCat(SubscriptionName(p.client_id, p.subscription_id), "/usage"));
  out->set_period(PeriodName(p));
  out->set_billing_cycle(BillingCycleToProto(p.terms.billing_cycle));
  if (p.month) ToMonthDate(*p.month, out->mutable_month());
  out->set_package(PackageName(p.package_id));
  out->set_package_version(p.package_version);
  const domain::Usage u =
      domain::UsageOf(p.terms.included_minutes, p.used_minutes, p.terms.notify_thresholds_percent);
  out->set_included_minutes(static_cast<int32_t>(u.included_minutes));
  out->set_used_minutes(static_cast<int32_t>(u.used_minutes));
  out->set_raw_minutes(static_cast<int32_t>(p.raw_minutes));
  out->set_left_minutes(static_cast<int32_t>(u.left_minutes));
  out->set_overage_minutes(monthly ? static_cast<int32_t>(u.overage_minutes) : 0);
  ToHoursMinutes(u.included_minutes, out->mutable_included_time());
  ToHoursMinutes(u.used_minutes, out->mutable_used_time());
  ToHoursMinutes(u.left_minutes, out->mutable_left_time());
  out->set_percent_used(static_cast<int32_t>(std::min<int64_t>(u.percent_used, INT32_MAX)));
  out->set_level(ToProto(u.level));
  for (int t : p.terms.notify_thresholds_percent) out->add_thresholds_percent(t);
  if (!p.terms.prices.empty()) {
    ToMoney(p.terms.prices[0].period_price_minor, currency, out->mutable_period_price());
    if (monthly) {
      ToMoney(p.terms.prices[0].overage_hourly_rate_minor, currency,
              out->mutable_overage_hourly_rate());
    }
  }
  ToMoney(monthly ? p.overage_cost_minor : 0, currency, out->mutable_overage_cost());
  out->set_require_overage_approval(monthly && p.terms.require_overage_approval);
  ToTimestamp(now, out->mutable_compute_time());
}

v1::InvoiceStatus InvoiceStatusToProto(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kUnpaid:
      return v1::INVOICE_STATUS_UNPAID;
    case InvoiceStatus::kPaid:
      return v1::INVOICE_STATUS_PAID;
    case InvoiceStatus::kCancelled:
      return v1::INVOICE_STATUS_CANCELLED;
  }
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

void ItemToProto(const BillableItemRecord& b, v1::BillableItem* out) {
  const std::string subscription = SubscriptionName(b.client_id, b.subscription_id);
  out->set_name(absl::StrCat("clients/", b.client_id, "/billableItems/", b.id));
  out->set_subscription(subscription);
  out->set_period(absl::StrCat(subscription, "/periods/", b.period_key));
  out->set_ticket(absl::StrCat("clients/", b.client_id, "/tickets/", b.ticket_id));
  out->set_ticket_number(b.ticket_number);
  out->set_overage_minutes(static_cast<int32_t>(b.overage_minutes));
  ToMoney(b.rate_minor, b.currency, out->mutable_overage_hourly_rate());
  ToMoney(b.amount_minor, b.currency, out->mutable_amount());
  out->set_description(b.description);
  out->set_invoice_action(InvoiceActionToProto(b.invoice_action));
  std::optional<InvoiceStatus> status;
  if (b.invoice) {
    const InvoiceRecord& inv = *b.invoice;
    v1::Invoice* i = out->mutable_invoice();
    i->set_reference(inv.reference);
    i->set_url(inv.url);
    i->set_status(InvoiceStatusToProto(inv.status));
    if (inv.due_date) ToDate(*inv.due_date, i->mutable_due_date());
    if (inv.paid_date) ToDate(*inv.paid_date, i->mutable_paid_date());
    status = inv.status;
  }
  out->set_badge(ToProto(domain::BadgeOf(domain::PeriodState::kClosed, true, status)));
  ToTimestamp(b.create_time, out->mutable_create_time());
  ToTimestamp(b.update_time, out->mutable_update_time());
}

auto CloseSummaryEncoder() {
  return Encode<v1::ClosePeriodsResponse, domain::CloseSummary>(
      [](const domain::CloseSummary& c, v1::ClosePeriodsResponse* out) {
        ToTimestamp(c.as_of, out->mutable_as_of());
        out->set_periods_closed(c.periods_closed);
        out->set_billable_items_created(c.billable_items_created);
        out->set_subscriptions_depleted(c.subscriptions_depleted);
        out->set_missed_payments_recorded(c.missed_payments_recorded);
      });
}

auto ItemEncoder() { return Encode<v1::BillableItem, BillableItemRecord>(ItemToProto); }

absl::StatusOr<std::vector<std::string>> ParseSubscription(const std::string& name,
                                                           absl::string_view field) {
  return domain::ParseName(kSubscriptionPattern, name, field);
}

// The request's invoice fields, parsed; what they change is decided by
// domain::MergeInvoice.
domain::InvoiceChange ChangeOf(const v1::UpdateBillableItemRequest& req) {
  const v1::Invoice& in = req.billable_item().invoice();
  domain::InvoiceChange c;
  c.paths.assign(req.update_mask().paths().begin(), req.update_mask().paths().end());
  c.has_invoice = req.billable_item().has_invoice();
  c.reference = in.reference();
  c.url = in.url();
  switch (in.status()) {
    case v1::INVOICE_STATUS_UNPAID:
      c.status = InvoiceStatus::kUnpaid;
      break;
    case v1::INVOICE_STATUS_PAID:
      c.status = InvoiceStatus::kPaid;
      break;
    case v1::INVOICE_STATUS_CANCELLED:
      c.status = InvoiceStatus::kCancelled;
      break;
    default:
      break;
  }
  auto day = [](bool has, const google::type::Date& d,
                absl::string_view field) -> absl::StatusOr<std::optional<absl::CivilDay>> {
    if (!has) return std::nullopt;
    absl::StatusOr<absl::CivilDay> parsed = FromDate(d, field);
    if (!parsed.ok()) return parsed.status();
    return *parsed;
  };
  c.due_date = day(in.has_due_date(), in.due_date(), "billable_item.invoice.due_date");
  c.paid_date = day(in.has_paid_date(), in.paid_date(), "billable_item.invoice.paid_date");
  return c;
}

}  // namespace

grpc::Status BillingApi::GetCurrentUsage(grpc::ServerContext* ctx,
                                         const v1::GetCurrentUsageRequest* req, v1::Usage* resp) {
  return run_(ctx, "BillingService/GetCurrentUsage", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName("clients/{client}/subscriptions/{subscription}/usage", req->name(),
                                 "name");
    if (!ids.ok()) return ids.status();
    if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), req->name()); !st.ok()) {
      return st;
    }
    auto current = billing_.GetCurrentPeriod(ids->at(0), ids->at(1), call.now);
    if (!current.ok()) return current.status();
    UsageToProto(current->period, call.now, resp);
    return absl::OkStatus();
  });
}

namespace {

// The subscription's ids and, when given, the ticket's.
struct EstimateTarget {
  std::vector<std::string> subscription;
  std::optional<std::vector<std::string>> ticket;
};

absl::StatusOr<EstimateTarget> ParseEstimate(const v1::EstimateCostRequest& req) {
  domain::Violations v;
  auto ids = ParseSubscription(req.name(), "name");
  v.Merge(ids.status());
  if (req.additional_minutes() < 1 || req.additional_minutes() > kMaxEstimateMinutes) {
    v.Add("additional_minutes", absl::StrCat("must be between 1 and ", kMaxEstimateMinutes,
                                             "; got ", req.additional_minutes()));
  }
  EstimateTarget out;
  if (!req.ticket().empty()) {
    auto t = domain::ParseName("clients/{client}/tickets/{ticket}", req.ticket(), "ticket");
    if (t.ok()) {
      if (ids.ok() && t->at(0) != ids->at(0)) {
        v.Add("ticket", "must be a ticket of the subscription's client");
      }
      out.ticket = *t;
    }
    v.Merge(t.status());
  }
  if (!v.empty()) return v.ToStatus();
  out.subscription = *ids;
  return out;
}

void EstimateToProto(const PeriodRecord& p, const domain::PoolAllocation& pool,
                     const domain::CostEstimate& e, bool approval_required,
                     v1::EstimateCostResponse* resp) {
  const bool monthly = p.terms.billing_cycle == BillingCycle::kMonthly;
  const std::string currency = CurrencyOf(p);
  resp->set_period(PeriodName(p));
  resp->set_included_minutes(p.terms.included_minutes);
  resp->set_used_minutes(static_cast<int32_t>(pool.used_minutes));
  resp->set_additional_billed_minutes(static_cast<int32_t>(e.additional_billed_minutes));
  resp->set_projected_used_minutes(static_cast<int32_t>(e.projected_used_minutes));
  resp->set_projected_left_minutes(static_cast<int32_t>(e.projected_left_minutes));
  resp->set_projected_overage_minutes(monthly ? static_cast<int32_t>(e.projected_overage_minutes)
                                              : 0);
  resp->set_additional_overage_minutes(
      monthly ? static_cast<int32_t>(e.additional_overage_minutes) : 0);
  if (monthly) ToMoney(e.hourly_rate.minor, currency, resp->mutable_overage_hourly_rate());
  ToMoney(e.extra_cost.minor, currency, resp->mutable_extra_cost());
  ToMoney(e.current_total.minor, currency, resp->mutable_overage_cost());
  ToMoney(e.projected_total.minor, currency, resp->mutable_projected_overage_cost());
  const int64_t price = p.terms.prices.empty() ? 0 : p.terms.prices[0].period_price_minor;
  ToMoney(price + e.projected_total.minor, currency, resp->mutable_projected_period_total());
  resp->set_projected_level(ToProto(domain::LevelOf(
      p.terms.included_minutes, e.projected_used_minutes, p.terms.notify_thresholds_percent)));
  resp->set_approval_required(approval_required);
  resp->set_exceeds_bucket(e.exceeds_bucket);
}

}  // namespace

grpc::Status BillingApi::EstimateCost(grpc::ServerContext* ctx, const v1::EstimateCostRequest* req,
                                      v1::EstimateCostResponse* resp) {
  return run_(ctx, "BillingService/EstimateCost", *req, [&](const Call& call) -> absl::Status {
    absl::StatusOr<EstimateTarget> target = ParseEstimate(*req);
    if (!target.ok()) return target.status();
    const std::vector<std::string>& ids = target->subscription;
    if (auto st = auth::CheckClientAccess(call.actor, ids[0], req->name()); !st.ok()) return st;
    auto current = billing_.GetCurrentPeriod(ids[0], ids[1], call.now);
    if (!current.ok()) return current.status();
    const PeriodRecord& p = current->period;
    domain::OverageGrant grant;
    if (target->ticket) {
      auto facts = billing_.GetTicketFacts(target->ticket->at(0), target->ticket->at(1), p.month);
      if (!facts.ok()) return facts.status();
      if (facts->subscription_id != ids[1]) {
        return domain::InvalidField("ticket", "must be a ticket of this subscription");
      }
      grant = facts->overage;
    }
    auto lines = billing_.Lines(current->exists ? p.id : "");
    if (!lines.ok()) return lines.status();
    const std::string ticket_id = target->ticket ? target->ticket->at(1) : "";
    int64_t ticket_overage = 0;  // the ticket's overage in the period so far
    for (const domain::TicketTotals& line : *lines) {
      if (!ticket_id.empty() && line.ticket_id == ticket_id) ticket_overage = line.overage_minutes;
    }
    const domain::PoolAllocation pool = domain::AllocationOfLines(storage::PoolTermsOf(p), *lines);
    const domain::EstimateRequest er{p.terms.billing_cycle, req->additional_minutes(), ticket_id,
                                     domain::Money{storage::RateOf(p), CurrencyOf(p)}};
    auto e = domain::Estimate(pool, er);
    if (!e.ok()) return e.status();
    EstimateToProto(p, pool, *e, domain::EstimateNeedsApproval(p.terms, *e, ticket_overage, grant),
                    resp);
    return absl::OkStatus();
  });
}

grpc::Status BillingApi::ClosePeriods(grpc::ServerContext* ctx, const v1::ClosePeriodsRequest* req,
                                      v1::ClosePeriodsResponse* resp) {
  return run_(ctx, "BillingService/ClosePeriods", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    absl::Time as_of = call.now;
    if (req->has_as_of()) {
      auto t = FromTimestamp(req->as_of(), "as_of");
      if (t.ok()) {
        as_of = *t;
        if (as_of > call.now) {
          v.Add("as_of", "must not be in the future: only months that have ended can be closed");
        }
      }
      v.Merge(t.status());
    }
    auto key = IdempotencyKeyFor(call, Method("ClosePeriods"), *req);
    v.Merge(key.status());
    if (!v.empty()) return v.ToStatus();
    return ParseReply(
        closing_.ClosePeriods(call.actor.Who(), *key, as_of, CloseSummaryEncoder()), resp);
  });
}

grpc::Status BillingApi::GetBillableItem(grpc::ServerContext* ctx,
                                         const v1::GetBillableItemRequest* req,
                                         v1::BillableItem* resp) {
  return run_(ctx, "BillingService/GetBillableItem", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kItemPattern, req->name(), "name");
    if (!ids.ok()) return ids.status();
    if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), req->name()); !st.ok()) {
      return st;
    }
    auto item = billing_.GetItem(ids->at(0), ids->at(1));
    if (!item.ok()) return item.status();
    ItemToProto(*item, resp);
    return absl::OkStatus();
  });
}

namespace {

// The badge filter: items are never OPEN or COVERED.
void ParseBadge(v1::TicketBadge badge, domain::BillableItemFilter& filter,
                domain::Violations& v) {
  switch (badge) {
    case v1::TICKET_BADGE_UNSPECIFIED:
      break;
    case v1::TICKET_BADGE_BILLED:
      filter.badge = domain::ItemBadge::kBilled;
      break;
    case v1::TICKET_BADGE_UNPAID:
      filter.badge = domain::ItemBadge::kUnpaid;
      break;
    case v1::TICKET_BADGE_PAID:
      filter.badge = domain::ItemBadge::kPaid;
      break;
    case v1::TICKET_BADGE_CANCELLED:
      filter.badge = domain::ItemBadge::kCancelled;
      break;
    default:
      v.Add("badge", "must be BILLED, UNPAID, PAID or CANCELLED: items are never OPEN or COVERED");
  }
}

// The filters of ListBillableItems under the parent's client (empty: any).
// Each filter names a resource of one client; with "clients/-" it narrows
// to that client, which a staff key may read.
absl::StatusOr<domain::BillableItemFilter> ParseItemFilter(const v1::ListBillableItemsRequest& r,
                                                           const std::string& parent_client) {
  domain::BillableItemFilter filter;
  filter.client_id = parent_client;
  domain::Violations v;
  auto same_client = [&](const std::string& client, absl::string_view field) {
    if (!filter.client_id.empty() && client != filter.client_id) {
      v.Add(field, "must belong to the parent client");
    }
  };
  std::string subscription_client;
  if (!r.subscription().empty()) {
    auto sub = ParseSubscription(r.subscription(), "subscription");
    if (sub.ok()) {
      same_client(sub->at(0), "subscription");
      subscription_client = sub->at(0);
      filter.subscription_id = sub->at(1);
    }
    v.Merge(sub.status());
  }
  if (!r.period().empty()) {
    auto per =
        domain::ParseName("clients/{client}/subscriptions/{subscription}/periods/{period:month}",
                          r.period(), "period");
    if (per.ok()) {
      same_client(per->at(0), "period");
      if (!filter.subscription_id.empty() && per->at(1) != filter.subscription_id) {
        v.Add("period", "must be a period of the subscription filter");
      }
      subscription_client = per->at(0);
      filter.subscription_id = per->at(1);
      filter.period_key = per->at(2);
    }
    v.Merge(per.status());
  }
  if (!r.ticket().empty()) {
    auto t = domain::ParseName("clients/{client}/tickets/{ticket}", r.ticket(), "ticket");
    if (t.ok()) {
      same_client(t->at(0), "ticket");
      if (filter.client_id.empty()) filter.client_id = t->at(0);
      filter.ticket_id = t->at(1);
    }
    v.Merge(t.status());
  }
  if (filter.client_id.empty()) filter.client_id = subscription_client;
  ParseBadge(r.badge(), filter, v);
  if (!v.empty()) return v.ToStatus();
  return filter;
}

}  // namespace

grpc::Status BillingApi::ListBillableItems(grpc::ServerContext* ctx,
                                           const v1::ListBillableItemsRequest* req,
                                           v1::ListBillableItemsResponse* resp) {
  return run_(ctx, "BillingService/ListBillableItems", *req, [&](const Call& call) -> absl::Status {
    auto client = ParseClientParent(call, req->parent());
    if (!client.ok()) return client.status();
    absl::StatusOr<domain::BillableItemFilter> filter = ParseItemFilter(*req, *client);
    if (!filter.ok()) return filter.status();
    const std::string fingerprint =
        absl::StrCat("billableItems|", req->parent(), "|", req->subscription(), "|", req->period(),
                     "|", req->ticket(), "|", req->badge());
    return ServePage(
        *req, fingerprint,
        [&](const storage::PageRequest& page) { return billing_.ListItems(*filter, page); },
        [&](const BillableItemRecord& b) { ItemToProto(b, resp->add_billable_items()); }, resp);
  });
}

grpc::Status BillingApi::UpdateBillableItem(grpc::ServerContext* ctx,
                                            const v1::UpdateBillableItemRequest* req,
                                            v1::BillableItem* resp) {
  return run_(
      ctx, "BillingService/UpdateBillableItem", *req, [&](const Call& call) -> absl::Status {
        domain::Violations v;
        if (!req->has_billable_item()) v.Add("billable_item", "is required");
        auto ids =
            domain::ParseName(kItemPattern, req->billable_item().name(), "billable_item.name");
        v.Merge(ids.status());
        if (req->update_mask().paths_size() == 0) {
          v.Add("update_mask", "must name the invoice fields to update");
        }
        auto key = IdempotencyKeyFor(call, Method("UpdateBillableItem"), *req);
        v.Merge(key.status());
        if (!v.empty()) return v.ToStatus();
        return ParseReply(closing_.UpdateInvoice(call.actor.Who(), *key, ids->at(0), ids->at(1),
                                                 ChangeOf(*req), ItemEncoder()),
                          resp);
      });
}

}  // namespace supportbytime::api
