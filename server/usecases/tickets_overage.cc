// Tickets: overage approval per period (R8).
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/resource_names.h"
#include "server/domain/ticket_rules.h"
#include "server/domain/time_zone.h"
#include "server/usecases/tickets.h"
#include "server/util/json.h"

namespace supportbytime::usecases {
namespace {

using domain::OverageApproval;
using domain::Ticket;

std::string ApprovalJson(const OverageApproval& a) {
  util::JsonObject o;
  o.Add("state", a.state.empty() ? "NONE" : a.state);
  if (a.cap) o.Add("overage_cap_minutes", *a.cap);
  return o.str();
}

std::string PeriodKeyOf(const std::optional<absl::CivilMonth>& month) {
  return month ? domain::PeriodKey(*month) : std::string("bucket");
}

}  // namespace

// The month the change names, of the ticket's subscription's life up to now
// and still open: INVALID_FIELD period or PERIOD_CLOSED otherwise.
absl::StatusOr<std::optional<absl::CivilMonth>> Tickets::OpenApprovalMonth(
    Tx& tx, const Ticket& t, const domain::OverageApprovalChange& change, absl::Time now) {
  if (!change.period_key.empty() && change.period_subscription_id != t.subscription_id) {
    return domain::InvalidField("period", "must be a period of the ticket's subscription");
  }
  absl::StatusOr<domain::ApprovalScope> scope = repo_.ApprovalScopeOf(tx, t.subscription_id);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<std::optional<absl::CivilMonth>> month =
      domain::ResolveApprovalMonth(*scope, change.period_key, now);
  if (!month.ok()) return month.status();
  const absl::Time month_end =
      *month ? domain::MonthBounds(**month, scope->tz).end : absl::UnixEpoch();
  if (!repo_.ApprovalPeriodClosed(tx, t.subscription_id, *month, month_end)) return *month;
  const std::string name =
      domain::PeriodResource(t.client_id, t.subscription_id, PeriodKeyOf(*month));
  return domain::Error(absl::StatusCode::kFailedPrecondition, domain::kReasonPeriodClosed,
                       absl::StrCat(name, " is CLOSED: its overage approval can no longer change."),
                       {{"period", name}});
}

absl::StatusOr<std::string> Tickets::ChangeOverageApproval(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const domain::OverageApprovalChange& change,
    const Encoder<Ticket>& encode) {
  const absl::Time now = clock_.Now();
  return RunIdempotent<Ticket>(
      idem_, key,
      [&](Tx& tx) -> absl::StatusOr<Ticket> {
        // The ticket's row lock serialises decisions with the entries that
        // read them (the time entry path reads the approval under FOR SHARE).
        std::optional<Ticket> ticket = repo_.FindTicket(tx, client_id, id, true, now);
        if (!ticket) return domain::NotFound(domain::TicketResource(client_id, id));
        absl::StatusOr<std::optional<absl::CivilMonth>> month =
            OpenApprovalMonth(tx, *ticket, change, now);
        if (!month.ok()) return month.status();
        std::optional<OverageApproval> stored = repo_.FindApproval(tx, id, *month);
        const OverageApproval before = stored.value_or(OverageApproval{});
        std::optional<OverageApproval> after = domain::ApprovalAfter(change, before);
        // Nothing to change, nothing to audit. Read the ticket again: the row
        // above was read before this transaction waited for the lock.
        if (!after) return *repo_.FindTicket(tx, client_id, id, false, now);
        repo_.WriteApproval(tx, who, *ticket, *month, change, stored.has_value(), *after, now);
        util::JsonObject details;
        details.Add("period", PeriodKeyOf(*month))
            .AddRaw("before", ApprovalJson(before))
            .AddRaw("after", ApprovalJson(*after))
            .Add("note", change.note);
        if (change.kind == domain::OverageApprovalChange::Kind::kRequest) {
          details.Add("requested_minutes", change.requested_minutes);
        }
        repo_.AppendAudit(tx, who, key.request_id,
                          {domain::ApprovalAction(change.kind),
                           domain::TicketResource(client_id, id), client_id, id, details.str()});
        return *repo_.FindTicket(tx, client_id, id, false, now);
      },
      encode);
}

}  // namespace supportbytime::usecases
