#include "server/storage/usage_alert_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/storage/statements.h"
#include "server/storage/transaction.h"

namespace supportbytime::storage {
namespace {

// The columns AlertRow reads. Included minutes and thresholds come from the
// period's snapshot (R3).
#define SBT_ALERT_SELECT                                                                      \
  "select a.id::text, a.client_id::text, a.subscription_id::text,"                            \
  " coalesce(to_char(pe.month, 'YYYY-MM'), 'bucket'), a.threshold_percent, a.used_minutes,"   \
  " pe.included_minutes, coalesce(array_to_string(pe.notify_thresholds_percent, ','), ''), " \
  SBT_EPOCH_US("a.created_at") ", " SBT_EPOCH_US("a.acknowledged_at")                         \
  " from usage_alerts a join periods pe on pe.id = a.period_id"

// One alert of a client.
constexpr Sql kAlert{"usage_alert.get", SBT_ALERT_SELECT
                     " where a.id = cast(:id as uuid) and a.client_id = cast(:c as uuid)"};
// One alert of a client, locked.
constexpr Sql kAlertForUpdate{
    "usage_alert.get_for_update",
    SBT_ALERT_SELECT " where a.id = cast(:id as uuid) and a.client_id = cast(:c as uuid)"
                     " for update of a"};
// A page of alerts, oldest first, under optional filters.
constexpr Sql kListAlerts{
    "usage_alert.list",
    SBT_ALERT_SELECT " where (:after_id = '' or (a.created_at, a.id) > (" SBT_TS(
        ":after_us") ", cast(nullif(:after_id, '') as uuid)))"
                     " and (:c = '' or a.client_id = cast(nullif(:c, '') as uuid))"
                     " and (:s = '' or a.subscription_id = cast(nullif(:s, '') as uuid))"
                     " and (:unack = 0 or a.acknowledged_at is null)"
                     " order by a.created_at, a.id limit :fetch"};
// Whether a client exists.
constexpr Sql kClientExists{"usage_alert.client_exists",
                            "select 1 from clients where id = cast(:c as uuid)"};
// Records an alert's acknowledgement.
constexpr Sql kAcknowledge{
    "usage_alert.acknowledge",
    "update usage_alerts set acknowledged_at = " SBT_TS(":now") ","
    " acknowledged_by_key_id = cast(nullif(:k, '') as uuid) where id = cast(:id as uuid)"};

struct AlertRow {
  std::string id, client_id, subscription_id, period_key, thresholds;
  int threshold_percent = 0;
  long long used = 0, included = 0, created_us = 0, acknowledged_us = 0;
  soci::indicator acknowledged_ind = soci::i_ok;

  UsageAlertRecord ToRecord() const {
    UsageAlertRecord a;
    a.id = id;
    a.client_id = client_id;
    a.subscription_id = subscription_id;
    a.period_key = period_key;
    a.threshold_percent = threshold_percent;
    a.used_minutes = used;
    a.included_minutes = included;
    for (absl::string_view p : absl::StrSplit(thresholds, ',', absl::SkipEmpty())) {
      int pct = 0;
      if (absl::SimpleAtoi(p, &pct)) a.thresholds_percent.push_back(pct);
    }
    a.create_time = FromMicros(created_us);
    if (acknowledged_ind == soci::i_ok) a.acknowledge_time = FromMicros(acknowledged_us);
    return a;
  }
};

// Runs `run(into elements...)` over an AlertRow.
template <class Run>
auto WithAlertInto(AlertRow& r, Run&& run) {
  return run(soci::into(r.id), soci::into(r.client_id), soci::into(r.subscription_id),
             soci::into(r.period_key), soci::into(r.threshold_percent), soci::into(r.used),
             soci::into(r.included), soci::into(r.thresholds), soci::into(r.created_us),
             soci::into(r.acknowledged_us, r.acknowledged_ind));
}

}  // namespace

absl::StatusOr<Page<UsageAlertRecord>> UsageAlertStore::List(const UsageAlertFilter& filter,
                                                             const PageRequest& page) {
  Page<UsageAlertRecord> out;
  bool client_missing = false;
  absl::Status st = db_.Run([&](soci::session& s) {
    int one = 0;
    if (!filter.client_id.empty() &&
        !Exec(s, kClientExists, soci::use(filter.client_id, "c"), soci::into(one))) {
      client_missing = true;
      return absl::OkStatus();
    }
    const int unacknowledged = filter.unacknowledged_only ? 1 : 0;
    KeysetQuery q(page, "a");
    AlertRow r;
    WithAlertInto(r, [&](auto&&... into) {
      ForEach(
          s, kListAlerts, [&] { out.items.push_back(r.ToRecord()); },
          soci::use(q.after_us, "after_us"), soci::use(q.after_id, "after_id"),
          soci::use(q.fetch, "fetch"), soci::use(filter.client_id, "c"),
          soci::use(filter.subscription_id, "s"), soci::use(unacknowledged, "unack"),
          std::move(into)...);
      return 0;
    });
    out.next = q.Trim(out.items, [](const UsageAlertRecord& a) {
      return PageCursor{ToMicros(a.create_time), a.id};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (client_missing) return domain::NotFound(absl::StrCat("clients/", filter.client_id));
  return out;
}

absl::StatusOr<std::optional<UsageAlertRecord>> UsageAlertStore::FindAlert(
    usecases::Tx& tx, const std::string& client_id, const std::string& id, bool for_update) {
  AlertRow r;
  const bool found = WithAlertInto(r, [&](auto&&... into) {
    return Exec(SessionOf(tx), for_update ? kAlertForUpdate : kAlert, soci::use(id, "id"),
                soci::use(client_id, "c"), std::move(into)...);
  });
  if (!found) return std::nullopt;
  return r.ToRecord();
}

absl::Status UsageAlertStore::MarkAcknowledged(usecases::Tx& tx, const std::string& id,
                                               const std::string& key_id, absl::Time now) {
  const long long now_us = ToMicros(now);
  Exec(SessionOf(tx), kAcknowledge, soci::use(now_us, "now"), soci::use(key_id, "k"),
       soci::use(id, "id"));
  return absl::OkStatus();
}

absl::Status UsageAlertStore::Audit(usecases::Tx& tx, const domain::Who& who,
                                    const std::string& request_id,
                                    const usecases::AuditRecord& e) {
  AppendAudit(SessionOf(tx), who, request_id,
              {e.action, e.subject, e.client_id, e.ticket_id, e.details_json});
  return absl::OkStatus();
}

}  // namespace supportbytime::storage
