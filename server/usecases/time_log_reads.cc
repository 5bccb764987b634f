// TimeLog: reading entries and periods.
#include "server/domain/error.h"
#include "server/domain/resource_names.h"
#include "server/usecases/time_log.h"

namespace supportbytime::usecases {
namespace {

std::optional<absl::CivilMonth> MonthOfKey(const std::string& key) {
  if (key == domain::kBucketKey) return std::nullopt;
  absl::StatusOr<absl::CivilMonth> m = domain::ParsePeriodKey("period", key);
  if (!m.ok()) return std::nullopt;
  return *m;
}

}  // namespace

absl::StatusOr<domain::TimeEntry> TimeLog::GetEntry(const domain::EntryId& id) {
  std::optional<StoredEntry> e;
  absl::Status st = transactions_.Read([&](Tx& tx) {
    e = repo_.FindEntry(tx, id, /*lock=*/false);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!e) return domain::NotFound(domain::TimeEntryResource(id.client_id, id.ticket_id, id.id));
  return e->entry;
}

absl::StatusOr<domain::Page<domain::TimeEntry>> TimeLog::ListEntries(
    const domain::EntryFilter& f, const domain::PageRequest& page) {
  domain::Page<domain::TimeEntry> out;
  absl::Status st = transactions_.Read([&](Tx& tx) -> absl::Status {
    if (!f.ticket_id.empty()) {
      if (!repo_.TicketExists(tx, f.client_id, f.ticket_id)) {
        return domain::NotFound(domain::TicketResource(f.client_id, f.ticket_id));
      }
    } else if (!repo_.ClientExists(tx, f.client_id)) {
      return domain::NotFound(domain::ClientResource(f.client_id));
    }
    out = repo_.ListEntries(tx, f, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<domain::Period> TimeLog::GetPeriod(const std::string& client_id,
                                                  const std::string& subscription_id,
                                                  const std::string& key) {
  std::optional<domain::Period> p;
  absl::Status st = transactions_.Read([&](Tx& tx) {
    if (key == domain::kBucketKey || MonthOfKey(key)) {
      p = repo_.FindPeriodOfMonth(tx, subscription_id, MonthOfKey(key), /*lock=*/false);
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (!p || p->client_id != client_id) {
    return domain::NotFound(domain::PeriodResource(client_id, subscription_id, key));
  }
  return *p;
}

absl::StatusOr<domain::Page<domain::Period>> TimeLog::ListPeriods(
    const std::string& client_id, const std::string& subscription_id,
    std::optional<domain::PeriodState> state, const domain::PageRequest& page) {
  domain::Page<domain::Period> out;
  absl::Status st = transactions_.Read([&](Tx& tx) -> absl::Status {
    if (!repo_.SubscriptionExists(tx, client_id, subscription_id)) {
      return domain::NotFound(domain::SubscriptionResource(client_id, subscription_id));
    }
    out = repo_.ListPeriods(tx, subscription_id, state, page);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace supportbytime::usecases
