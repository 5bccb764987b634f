#include "server/usecases/time_log_events.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/domain/time_entry_rules.h"
#include "server/util/json.h"

namespace supportbytime::usecases {

std::string EntryJson(const domain::TimeEntry& e) {
  util::JsonObject o;
  o.Add("minutes", e.minutes)
      .Add("billed_minutes", e.billed_minutes)
      .Add("included_minutes", e.included_minutes)
      .Add("overage_minutes", e.overage_minutes)
      .Add("billable", e.billable)
      .Add("work_time", absl::FormatTime(absl::RFC3339_full, e.worked_at, absl::UTCTimeZone()))
      .Add("period", e.period_key)
      .Add("operator", domain::ApiKeyResource(e.operator_id))
      .Add("note", e.note)
      .Add("source", e.timer ? "TIMER" : "MANUAL");
  if (e.delete_time) o.Add("deleted", true);
  return o.str();
}

absl::Status NotOwner(const std::string& name) {
  return domain::Error(absl::StatusCode::kPermissionDenied, "OPERATOR_NOT_OWNER",
                       absl::StrCat(name,
                                    " belongs to another operator: only its operator or an "
                                    "ADMIN key may change it."),
                       {{"resource_name", name}});
}

absl::Status PeriodClosedError(const std::string& name) {
  return domain::Error(
      absl::StatusCode::kFailedPrecondition, domain::kReasonPeriodClosed,
      absl::StrCat(name, " is CLOSED and billed: its entries can no longer change."),
      {{"period", name}});
}

absl::Status WithPeriod(const absl::Status& st, const domain::Period& p) {
  domain::ErrorDetail d = domain::DetailOf(st);
  if (d.reason != domain::kReasonOverageNotApproved &&
      d.reason != domain::kReasonOverageCapReached) {
    return st;
  }
  d.metadata["period"] = domain::PeriodResource(p.client_id, p.subscription_id, p.key);
  return domain::Error(st.code(), d.reason, st.message(), d.metadata);
}

std::string OwnerOf(const domain::Who& who) { return who.role == "OPERATOR" ? who.key_id : ""; }

}  // namespace supportbytime::usecases
