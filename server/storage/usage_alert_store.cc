#include "server/storage/usage_alert_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/domain/error.h"
#include "server/storage/audit.h"
#include "server/storage/rows.h"
#include "server/util/json.h"

namespace supportbytime::storage {
namespace {

std::string AlertRef(const std::string& client_id, const std::string& id) {
  return absl::StrCat("clients/", client_id, "/usageAlerts/", id);
}

// Included minutes and thresholds come from the period's snapshot (R3).
std::string AlertColumns() {
  return absl::StrCat(
      "a.id::text, a.client_id::text, a.subscription_id::text,"
      " coalesce(to_char(pe.month, 'YYYY-MM'), 'bucket'), a.threshold_percent, a.used_minutes,"
      " pe.included_minutes, array_to_string(pe.notify_thresholds_percent, ','), ",
      SBT_EPOCH_US("a.created_at"), ", ", SBT_EPOCH_US("a.acknowledged_at"));
}

constexpr const char* kAlertFrom = " from usage_alerts a join periods pe on pe.id = a.period_id";

UsageAlertRecord AlertFromRow(const soci::row& r) {
  UsageAlertRecord a;
  a.id = r.get<std::string>(0);
  a.client_id = r.get<std::string>(1);
  a.subscription_id = r.get<std::string>(2);
  a.period_key = r.get<std::string>(3);
  a.threshold_percent = r.get<int>(4);
  a.used_minutes = r.get<int>(5);
  a.included_minutes = r.get<int>(6);
  for (absl::string_view p : absl::StrSplit(r.get<std::string>(7), ',', absl::SkipEmpty())) {
    int pct = 0;
    if (absl::SimpleAtoi(p, &pct)) a.thresholds_percent.push_back(pct);
  }
  a.create_time = FromMicros(r.get<long long>(8));
  a.acknowledge_time = OptionalTime(r, 9);
  return a;
}

std::optional<UsageAlertRecord> SelectAlert(soci::session& s, const std::string& client_id,
                                            const std::string& id, bool for_update) {
  soci::row r;
  s << absl::StrCat("select ", AlertColumns(), kAlertFrom,
                    " where a.id = cast(:id as uuid) and a.client_id = cast(:c as uuid)",
                    for_update ? " for update of a" : ""),
      soci::use(id, "id"), soci::use(client_id, "c"), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return AlertFromRow(r);
}

}  // namespace

absl::StatusOr<Page<UsageAlertRecord>> UsageAlertStore::List(const UsageAlertFilter& filter,
                                                             const PageRequest& page) {
  Page<UsageAlertRecord> out;
  bool client_missing = false;
  absl::Status st = db_.Run([&](soci::session& s) {
    if (!filter.client_id.empty()) {
      int one = 0;
      s << "select 1 from clients where id = cast(:c as uuid)", soci::use(filter.client_id),
          soci::into(one);
      if (!s.got_data()) {
        client_missing = true;
        return absl::OkStatus();
      }
    }
    const int unacknowledged = filter.unacknowledged_only ? 1 : 0;
    KeysetQuery q(page, "a");
    const std::string sql =
        absl::StrCat("select ", AlertColumns(), kAlertFrom, " where ", q.Where(),
                     " and (:c = '' or a.client_id = cast(nullif(:c, '') as uuid))",
                     " and (:s = '' or a.subscription_id = cast(nullif(:s, '') as uuid))",
                     " and (:unack = 0 or a.acknowledged_at is null)", q.OrderLimit());
    soci::rowset<soci::row> rows =
        (s.prepare << sql, soci::use(q.after_us, "after_us"), soci::use(q.after_id, "after_id"),
         soci::use(q.fetch, "fetch"), soci::use(filter.client_id, "c"),
         soci::use(filter.subscription_id, "s"), soci::use(unacknowledged, "unack"));
    for (const soci::row& r : rows) out.items.push_back(AlertFromRow(r));
    out.next = q.Trim(out.items, [](const UsageAlertRecord& a) {
      return PageCursor{ToMicros(a.create_time), a.id};
    });
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  if (client_missing) return domain::NotFound(absl::StrCat("clients/", filter.client_id));
  return out;
}

absl::StatusOr<std::string> UsageAlertStore::Acknowledge(const auth::Actor& actor,
                                                         const IdempotencyKey& key,
                                                         const std::string& client_id,
                                                         const std::string& id,
                                                         const Encoder<UsageAlertRecord>& encode) {
  return RunIdempotent(db_, key, [&](soci::session& s) -> absl::StatusOr<std::string> {
    std::optional<UsageAlertRecord> alert = SelectAlert(s, client_id, id, true);
    if (!alert) return domain::NotFound(AlertRef(client_id, id));
    if (alert->acknowledge_time) return encode(*alert);  // already handled: nothing changes
    s << "update usage_alerts set acknowledged_at = now(),"
         " acknowledged_by_key_id = cast(:k as uuid) where id = cast(:id as uuid)",
        soci::use(actor.key_id, "k"), soci::use(id, "id");
    AppendAudit(s, actor, key.request_id,
                {"AcknowledgeUsageAlert", AlertRef(client_id, id), client_id, "",
                 util::JsonObject()
                     .Add("subscription", absl::StrCat("clients/", client_id, "/subscriptions/",
                                                       alert->subscription_id))
                     .Add("period", alert->period_key)
                     .Add("threshold_percent", alert->threshold_percent)
                     .str()});
    return encode(*SelectAlert(s, client_id, id, false));
  });
}

}  // namespace supportbytime::storage
