#include "server/domain/estimate.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/domain/billing.h"
#include "server/domain/error.h"

namespace supportbytime::domain {

absl::StatusOr<CostEstimate> Estimate(const PoolAllocation& current,
                                      const EstimateRequest& request) {
  if (request.additional_minutes < 0 || request.additional_minutes > kMaxEstimateMinutes) {
    return InvalidField("additional_minutes",
                        absl::StrCat("must be between 0 and ", kMaxEstimateMinutes,
                                     " minutes; got ", request.additional_minutes));
  }
  if (absl::Status s = ValidatePrice("hourly_rate", request.hourly_rate); !s.ok()) return s;
  const PoolTerms& terms = current.terms;

  const TicketTotals* ticket =
      request.ticket_id.empty() ? nullptr : current.FindTicket(request.ticket_id);
  // TICKET scope rounds the ticket's billable minutes only (R21).
  const int64_t ticket_raw = ticket == nullptr ? 0 : ticket->BillableRawMinutes();
  const int64_t ticket_overage = ticket == nullptr ? 0 : ticket->overage_minutes;

  CostEstimate out;
  out.hourly_rate = request.hourly_rate;
  out.additional_billed_minutes = BilledMinutes(terms, ticket_raw, request.additional_minutes);
  out.additional_included_minutes = std::min(out.additional_billed_minutes, current.left_minutes);
  out.additional_overage_minutes = out.additional_billed_minutes - out.additional_included_minutes;
  out.projected_used_minutes = current.used_minutes + out.additional_billed_minutes;
  out.projected_left_minutes =
      std::max<int64_t>(0, terms.included_minutes - out.projected_used_minutes);
  out.projected_overage_minutes = current.overage_minutes + out.additional_overage_minutes;

  const Money zero{0, request.hourly_rate.currency};
  if (request.cycle == BillingCycle::kOneTime) {
    out.exceeds_bucket =
        out.projected_used_minutes > terms.included_minutes && out.additional_billed_minutes > 0;
    out.extra_cost = out.current_total = out.projected_total = zero;
    return out;
  }

  absl::StatusOr<Money> current_total = OverageTotal(current, request.hourly_rate);
  if (!current_total.ok()) return current_total.status();
  // Only the chosen (or new) ticket's line changes.
  absl::StatusOr<Money> line_before = LineCost(ticket_overage, request.hourly_rate);
  if (!line_before.ok()) return line_before.status();
  absl::StatusOr<Money> line_after =
      LineCost(ticket_overage + out.additional_overage_minutes, request.hourly_rate);
  if (!line_after.ok()) return line_after.status();
  out.current_total = *current_total;
  out.extra_cost = Money{line_after->minor - line_before->minor, request.hourly_rate.currency};
  absl::StatusOr<Money> projected = AddMoney(out.current_total, out.extra_cost);
  if (!projected.ok()) return projected.status();
  out.projected_total = *projected;
  return out;
}

}  // namespace supportbytime::domain
