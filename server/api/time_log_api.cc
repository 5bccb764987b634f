#include "server/api/time_log_api.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/idempotency_key.h"
#include "server/api/package_convert.h"
#include "server/api/page_token.h"
#include "server/api/reply.h"
#include "server/domain/period.h"
#include "server/domain/time_entry.h"
#include "server/domain/time_entry_rules.h"
#include "server/domain/timer.h"
#include "server/domain/time_zone.h"
#include "server/domain/validation.h"

namespace supportbytime::api {
namespace {

using auth::Role;
using PeriodRecord = domain::Period;
using TimeEntryRecord = domain::TimeEntry;
using TimerRecord = domain::Timer;

constexpr char kService[] = "supportbytime.v1.TimeLogService";
constexpr char kTicketPattern[] = "clients/{client}/tickets/{ticket}";
constexpr char kEntryPattern[] = "clients/{client}/tickets/{ticket}/timeEntries/{time_entry}";
constexpr char kTimerPattern[] = "clients/{client}/tickets/{ticket}/timers/{timer}";
constexpr char kPeriodPattern[] =
    "clients/{client}/subscriptions/{subscription}/periods/{period:token}";
constexpr size_t kMaxNote = 2000;

std::string Method(const char* rpc) { return absl::StrCat("/", kService, "/", rpc); }

domain::TextRules NoteRules() { return {0, kMaxNote, /*multiline=*/true}; }

std::string TicketName(const std::string& client, const std::string& ticket) {
  return absl::StrCat("clients/", client, "/tickets/", ticket);
}

// Operator and note are the work log: hidden from a CLIENT key unless the
// period's snapshot shows it (R15).
void EntryToProto(const TimeEntryRecord& e, bool hide_work_log, v1::TimeEntry* out) {
  out->set_name(absl::StrCat(TicketName(e.client_id, e.ticket_id), "/timeEntries/", e.id));
  if (!hide_work_log) {
    out->set_operator_(ApiKeyName(e.operator_id));
    out->set_operator_display_name(e.operator_display_name);
    out->set_note(e.note);
  }
  out->set_work_log_hidden(hide_work_log);
  ToTimestamp(e.worked_at, out->mutable_work_time());
  out->set_minutes(static_cast<int32_t>(e.minutes));
  out->set_billed_minutes(static_cast<int32_t>(e.billed_minutes));
  out->set_included_minutes(static_cast<int32_t>(e.included_minutes));
  out->set_overage_minutes(static_cast<int32_t>(e.overage_minutes));
  // Always set, so every caller, a CLIENT key too, sees what is not billed (R21).
  out->set_billable(e.billable);
  out->set_period(
      absl::StrCat(SubscriptionName(e.client_id, e.subscription_id), "/periods/", e.period_key));
  out->set_source(e.timer ? v1::TIME_ENTRY_SOURCE_TIMER : v1::TIME_ENTRY_SOURCE_MANUAL);
  out->set_deleted(e.delete_time.has_value());
  SetTimestamp(e.delete_time, out, &v1::TimeEntry::mutable_delete_time);
  ToTimestamp(e.create_time, out->mutable_create_time());
  ToTimestamp(e.update_time, out->mutable_update_time());
}

bool HidesWorkLog(const Call& call, const TimeEntryRecord& e) {
  return call.actor.role == Role::kClient && !e.show_work_log;
}

auto EntryEncoder() {
  return Encode<v1::TimeEntry, TimeEntryRecord>(
      [](const TimeEntryRecord& e, v1::TimeEntry* out) { EntryToProto(e, false, out); });
}

void PeriodToProto(const PeriodRecord& p, v1::Period* out) {
  out->set_name(absl::StrCat(SubscriptionName(p.client_id, p.subscription_id), "/periods/", p.key));
  if (p.month) {
    out->mutable_month()->set_year(static_cast<int32_t>(p.month->year()));
    out->mutable_month()->set_month(p.month->month());
    out->mutable_month()->set_day(0);
  }
  SetTimestamp(p.start_time, out, &v1::Period::mutable_start_time);
  SetTimestamp(p.end_time, out, &v1::Period::mutable_end_time);
  out->set_state(p.state == domain::PeriodState::kClosed ? v1::PERIOD_STATE_CLOSED
                                                         : v1::PERIOD_STATE_OPEN);
  v1::TermsSnapshot* snap = out->mutable_snapshot();
  snap->set_package(PackageName(p.package_id));
  snap->set_package_version(p.package_version);
  TermsToProto(p.terms, snap->mutable_terms());
  std::string currency;
  if (!p.terms.prices.empty()) {
    const domain::CurrencyPrice& price = p.terms.prices[0];
    currency = price.currency;
    snap->mutable_price()->set_currency_code(price.currency);
    ToMoney(price.period_price_minor, price.currency,
            snap->mutable_price()->mutable_period_price());
    ToMoney(price.overage_hourly_rate_minor, price.currency,
            snap->mutable_price()->mutable_overage_hourly_rate());
  }
  snap->set_time_zone(p.time_zone);
  ToTimestamp(p.create_time, snap->mutable_snapshot_time());
  const int64_t included = p.terms.included_minutes;
  out->set_included_minutes(static_cast<int32_t>(included));
  out->set_used_minutes(static_cast<int32_t>(p.used_minutes));
  out->set_raw_minutes(static_cast<int32_t>(p.raw_minutes));
  out->set_left_minutes(static_cast<int32_t>(std::max<int64_t>(0, included - p.used_minutes)));
  out->set_overage_minutes(static_cast<int32_t>(p.overage_minutes));
  ToMoney(p.overage_cost_minor, currency, out->mutable_overage_cost());
  out->set_entry_count(static_cast<int32_t>(p.entry_count));
  SetTimestamp(p.close_time, out, &v1::Period::mutable_close_time);
  ToTimestamp(p.create_time, out->mutable_create_time());
  ToTimestamp(p.update_time, out->mutable_update_time());
}

void TimerToProto(const TimerRecord& t, absl::Time now, v1::Timer* out) {
  out->set_name(absl::StrCat(TicketName(t.client_id, t.ticket_id), "/timers/", t.id));
  out->set_operator_(ApiKeyName(t.operator_id));
  out->set_operator_display_name(t.operator_display_name);
  out->set_note(t.note);
  ToTimestamp(t.start_time, out->mutable_start_time());
  const absl::Duration elapsed = std::max(absl::ZeroDuration(), now - t.start_time);
  const int64_t micros = absl::ToInt64Microseconds(elapsed);
  out->mutable_elapsed()->set_seconds(micros / 1000000);
  out->mutable_elapsed()->set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
  out->set_ticket_number(t.ticket_number);
  out->set_ticket_title(t.ticket_title);
}

auto TimerEncoder(absl::Time now) {
  return Encode<v1::Timer, TimerRecord>(
      [now](const TimerRecord& t, v1::Timer* out) { TimerToProto(t, now, out); });
}

struct TicketRef {
  std::string client;
  std::string ticket;  // empty: every ticket ("-")
};

// "clients/{client}/tickets/{ticket}", or ".../tickets/-" when `allow_all`;
// "clients/-/tickets/-" too when `allow_all_clients`.
absl::StatusOr<TicketRef> ParseTicketParent(const std::string& name, absl::string_view field,
                                            bool allow_all, bool allow_all_clients = false) {
  auto ids = domain::ParseName(kTicketPattern, name, field);
  if (ids.ok()) return TicketRef{ids->at(0), ids->at(1)};
  if (allow_all_clients && name == "clients/-/tickets/-") return TicketRef{"", ""};
  if (allow_all) {
    auto all = domain::ParseName("clients/{client}/tickets/-", name, field);
    if (all.ok()) return TicketRef{all->at(0), ""};
  }
  return ids.status();
}

absl::StatusOr<std::string> ParseOperator(const std::string& name, absl::string_view field) {
  auto ids = domain::ParseName("apiKeys/{api_key}", name, field);
  if (!ids.ok()) return ids.status();
  return ids->at(0);
}

// "YYYY-MM" or "bucket".
absl::Status ValidatePeriodKey(absl::string_view field, const std::string& key) {
  if (key == domain::kBucketKey) return absl::OkStatus();
  auto m = domain::ParsePeriodKey(field, key);
  if (!m.ok()) {
    return domain::InvalidField(
        field, "the period id must be a month YYYY-MM (e.g. 2026-04) or \"bucket\"");
  }
  return absl::OkStatus();
}

// The fields an UpdateTimeEntry's mask names.
struct EditMask {
  bool all = false, minutes = false, note = false, work_time = false, billable = false;
};

template <class Paths>
EditMask ParseEditMask(const Paths& paths, domain::Violations* v) {
  EditMask m;
  if (paths.empty()) v->Add("update_mask", "is required: name the fields to change");
  for (const std::string& p : paths) {
    if (p == "*") {
      m.all = true;
    } else if (p == "minutes") {
      m.minutes = true;
    } else if (p == "note") {
      m.note = true;
    } else if (p == "work_time") {
      m.work_time = true;
    } else if (p == "billable") {
      m.billable = true;
    } else {
      v->Add("update_mask", absl::StrCat("path '", p.substr(0, 100),
                                         "' is not one of minutes, note, work_time, billable or *"));
    }
  }
  return m;
}

}  // namespace

grpc::Status TimeLogApi::CreateTimeEntry(grpc::ServerContext* ctx,
                                         const v1::CreateTimeEntryRequest* req,
                                         v1::TimeEntry* resp) {
  return run_(ctx, "TimeLogService/CreateTimeEntry", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto parent = ParseTicketParent(req->parent(), "parent", false);
    v.Merge(parent.status());
    if (!req->has_time_entry()) v.Add("time_entry", "is required");
    const v1::TimeEntry& te = req->time_entry();
    v.Merge(domain::ValidateEntryMinutes("time_entry.minutes", te.minutes()));
    v.Merge(domain::ValidateText("time_entry.note", te.note(), NoteRules()));
    absl::Time worked_at = call.now;
    if (te.has_work_time()) {
      auto t = FromTimestamp(te.work_time(), "time_entry.work_time");
      if (t.ok()) {
        worked_at = *t;
        v.Merge(domain::ValidateWorkedAt("time_entry.work_time", worked_at, call.now));
      } else {
        v.Merge(t.status());
      }
    }
    std::string operator_id = call.actor.key_id;
    if (!te.operator_().empty()) {
      auto op = ParseOperator(te.operator_(), "time_entry.operator");
      if (op.ok()) operator_id = *op;
      v.Merge(op.status());
    }
    if (!v.empty()) return v.ToStatus();
    if (operator_id != call.actor.key_id && call.actor.role != Role::kAdmin) {
      return auth::RoleNotAllowed(call.actor,
                                  "Only an ADMIN key may log time for another operator.");
    }
    if (auto st = auth::CheckClientAccess(call.actor, parent->client, req->parent()); !st.ok()) {
      return st;
    }
    domain::NewEntry in;
    in.client_id = parent->client;
    in.ticket_id = parent->ticket;
    in.operator_id = operator_id;
    // Empty: the use case looks the named key up.
    if (operator_id == call.actor.key_id) in.operator_display_name = call.actor.display_name;
    in.note = te.note();
    in.worked_at = worked_at;
    in.minutes = te.minutes();
    in.billable = !te.has_billable() || te.billable();
    auto key = IdempotencyKeyFor(call, Method("CreateTimeEntry"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.CreateEntry(call.actor.Who(), *key, in, EntryEncoder()), resp);
  });
}

grpc::Status TimeLogApi::GetTimeEntry(grpc::ServerContext* ctx, const v1::GetTimeEntryRequest* req,
                                      v1::TimeEntry* resp) {
  return run_(ctx, "TimeLogService/GetTimeEntry", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kEntryPattern, req->name());
    if (!ids.ok()) return ids.status();
    if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), req->name()); !st.ok()) return st;
    auto e = time_log_.GetEntry({ids->at(0), ids->at(1), ids->at(2)});
    if (!e.ok()) return e.status();
    if (call.actor.role == Role::kClient && e->delete_time) return domain::NotFound(req->name());
    EntryToProto(*e, HidesWorkLog(call, *e), resp);
    return absl::OkStatus();
  });
}

grpc::Status TimeLogApi::ListTimeEntries(grpc::ServerContext* ctx,
                                         const v1::ListTimeEntriesRequest* req,
                                         v1::ListTimeEntriesResponse* resp) {
  return run_(ctx, "TimeLogService/ListTimeEntries", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto parent = ParseTicketParent(req->parent(), "parent", true);
    v.Merge(parent.status());
    std::vector<std::string> period;
    if (!req->period().empty()) {
      auto p = domain::ParseName(kPeriodPattern, req->period(), "period");
      v.Merge(p.status());
      if (p.ok()) {
        v.Merge(ValidatePeriodKey("period", p->at(2)));
        if (parent.ok() && p->at(0) != parent->client) {
          v.Add("period", "must be a period of the parent's client");
        }
        period = *p;
      }
    }
    std::string operator_id;
    if (!req->operator_().empty()) {
      auto op = ParseOperator(req->operator_(), "operator");
      if (op.ok()) operator_id = *op;
      v.Merge(op.status());
    }
    if (!v.empty()) return v.ToStatus();
    if (auto st = auth::CheckClientAccess(call.actor, parent->client, req->parent()); !st.ok()) {
      return st;
    }
    if (req->show_deleted() && call.actor.role == Role::kClient) {
      return auth::RoleNotAllowed(call.actor,
                                  "Deleted entries are shown to ADMIN and OPERATOR keys only.");
    }
    const std::string fingerprint = absl::StrCat("entries|", req->parent(), "|", req->period(), "|",
                                                 operator_id, "|", req->show_deleted() ? 1 : 0);
    domain::EntryFilter filter;
    filter.client_id = parent->client;
    filter.ticket_id = parent->ticket;
    filter.operator_id = operator_id;
    filter.show_deleted = req->show_deleted();
    filter.client_view = call.actor.role == Role::kClient;
    if (!period.empty()) {
      auto p = time_log_.GetPeriod(period[0], period[1], period[2]);
      if (!p.ok()) {
        // A month never touched holds no entries.
        if (p.status().code() == absl::StatusCode::kNotFound) return absl::OkStatus();
        return p.status();
      }
      filter.period_id = p->id;
    }
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) { return time_log_.ListEntries(filter, page); },
        [&](const auto& e) { EntryToProto(e, HidesWorkLog(call, e), resp->add_time_entries()); },
        resp);
  });
}

grpc::Status TimeLogApi::UpdateTimeEntry(grpc::ServerContext* ctx,
                                         const v1::UpdateTimeEntryRequest* req,
                                         v1::TimeEntry* resp) {
  return run_(ctx, "TimeLogService/UpdateTimeEntry", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    if (!req->has_time_entry()) v.Add("time_entry", "is required");
    const v1::TimeEntry& te = req->time_entry();
    auto ids = domain::ParseName(kEntryPattern, te.name(), "time_entry.name");
    v.Merge(ids.status());
    const auto [all, minutes, note, work_time, billable] =
        ParseEditMask(req->update_mask().paths(), &v);
    domain::EntryEdit edit;
    if (all || minutes) {
      v.Merge(domain::ValidateEntryMinutes("time_entry.minutes", te.minutes()));
      edit.minutes = te.minutes();
    }
    if (all || note) {
      v.Merge(domain::ValidateText("time_entry.note", te.note(), NoteRules()));
      edit.note = te.note();
    }
    if (work_time || (all && te.has_work_time())) {
      if (!te.has_work_time()) {
        v.Add("time_entry.work_time", "is required when update_mask names it");
      } else {
        auto t = FromTimestamp(te.work_time(), "time_entry.work_time");
        if (t.ok()) {
          v.Merge(domain::ValidateWorkedAt("time_entry.work_time", *t, call.now));
          edit.worked_at = *t;
        } else {
          v.Merge(t.status());
        }
      }
    }
    // Like work_time: named, it must be given (an absent flag is no
    // request to bill); with `*`, absent keeps the entry's.
    if (billable || (all && te.has_billable())) {
      if (!te.has_billable()) {
        v.Add("time_entry.billable", "is required when update_mask names it");
      } else {
        edit.billable = te.billable();
      }
    }
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("UpdateTimeEntry"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.UpdateEntry(call.actor.Who(), *key,
                                            {ids->at(0), ids->at(1), ids->at(2)}, edit,
                                            EntryEncoder()),
                      resp);
  });
}

grpc::Status TimeLogApi::DeleteTimeEntry(grpc::ServerContext* ctx,
                                         const v1::DeleteTimeEntryRequest* req,
                                         v1::TimeEntry* resp) {
  return run_(ctx, "TimeLogService/DeleteTimeEntry", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kEntryPattern, req->name());
    if (!ids.ok()) return ids.status();
    auto key = IdempotencyKeyFor(call, Method("DeleteTimeEntry"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.DeleteEntry(call.actor.Who(), *key,
                                            {ids->at(0), ids->at(1), ids->at(2)}, EntryEncoder()),
                      resp);
  });
}

grpc::Status TimeLogApi::GetPeriod(grpc::ServerContext* ctx, const v1::GetPeriodRequest* req,
                                   v1::Period* resp) {
  return run_(ctx, "TimeLogService/GetPeriod", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kPeriodPattern, req->name());
    if (!ids.ok()) return ids.status();
    if (auto st = ValidatePeriodKey("name", ids->at(2)); !st.ok()) return st;
    if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), req->name()); !st.ok()) return st;
    auto p = time_log_.GetPeriod(ids->at(0), ids->at(1), ids->at(2));
    if (!p.ok()) return p.status();
    PeriodToProto(*p, resp);
    return absl::OkStatus();
  });
}

grpc::Status TimeLogApi::ListPeriods(grpc::ServerContext* ctx, const v1::ListPeriodsRequest* req,
                                     v1::ListPeriodsResponse* resp) {
  return run_(ctx, "TimeLogService/ListPeriods", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto ids =
        domain::ParseName("clients/{client}/subscriptions/{subscription}", req->parent(), "parent");
    v.Merge(ids.status());
    std::optional<domain::PeriodState> state;
    switch (req->state()) {
      case v1::PERIOD_STATE_UNSPECIFIED:
        break;
      case v1::PERIOD_STATE_OPEN:
        state = domain::PeriodState::kOpen;
        break;
      case v1::PERIOD_STATE_CLOSED:
        state = domain::PeriodState::kClosed;
        break;
      default:
        v.Add("state", "is not a known PeriodState value");
    }
    if (!v.empty()) return v.ToStatus();
    if (auto st = auth::CheckClientAccess(call.actor, ids->at(0), req->parent()); !st.ok()) {
      return st;
    }
    const std::string fingerprint = absl::StrCat("periods|", req->parent(), "|", req->state());
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) {
          return time_log_.ListPeriods(ids->at(0), ids->at(1), state, page);
        },
        [&](const auto& p) { PeriodToProto(p, resp->add_periods()); }, resp);
  });
}

grpc::Status TimeLogApi::StartTimer(grpc::ServerContext* ctx, const v1::StartTimerRequest* req,
                                    v1::Timer* resp) {
  return run_(ctx, "TimeLogService/StartTimer", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto parent = ParseTicketParent(req->parent(), "parent", false);
    v.Merge(parent.status());
    v.Merge(domain::ValidateText("timer.note", req->timer().note(), NoteRules()));
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("StartTimer"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.StartTimer(call.actor.Who(), *key, parent->client, parent->ticket,
                                           req->timer().note(), TimerEncoder(call.now)),
                      resp);
  });
}

grpc::Status TimeLogApi::GetTimer(grpc::ServerContext* ctx, const v1::GetTimerRequest* req,
                                  v1::Timer* resp) {
  return run_(ctx, "TimeLogService/GetTimer", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kTimerPattern, req->name());
    if (!ids.ok()) return ids.status();
    auto t = time_log_.GetTimer(call.actor.Who(), ids->at(0), ids->at(1), ids->at(2));
    if (!t.ok()) return t.status();
    TimerToProto(*t, call.now, resp);
    return absl::OkStatus();
  });
}

grpc::Status TimeLogApi::ListTimers(grpc::ServerContext* ctx, const v1::ListTimersRequest* req,
                                    v1::ListTimersResponse* resp) {
  return run_(ctx, "TimeLogService/ListTimers", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto parent = ParseTicketParent(req->parent(), "parent", true, true);
    v.Merge(parent.status());
    std::string operator_id;
    if (!req->operator_().empty()) {
      auto op = ParseOperator(req->operator_(), "operator");
      if (op.ok()) operator_id = *op;
      v.Merge(op.status());
    }
    if (!v.empty()) return v.ToStatus();
    if (call.actor.role == Role::kOperator) {
      if (!operator_id.empty() && operator_id != call.actor.key_id) {
        return auth::RoleNotAllowed(call.actor, "An OPERATOR key lists only its own timers.");
      }
      operator_id = call.actor.key_id;
    }
    const std::string fingerprint = absl::StrCat("timers|", req->parent(), "|", operator_id);
    domain::TimerFilter filter{parent->client, parent->ticket, operator_id};
    return ServePage(
        *req, fingerprint,
        [&](const domain::PageRequest& page) { return time_log_.ListTimers(filter, page); },
        [&](const auto& t) { TimerToProto(t, call.now, resp->add_timers()); }, resp);
  });
}

grpc::Status TimeLogApi::StopTimer(grpc::ServerContext* ctx, const v1::StopTimerRequest* req,
                                   v1::TimeEntry* resp) {
  return run_(ctx, "TimeLogService/StopTimer", *req, [&](const Call& call) -> absl::Status {
    domain::Violations v;
    auto ids = domain::ParseName(kTimerPattern, req->name());
    v.Merge(ids.status());
    std::optional<int64_t> minutes;
    if (req->has_minutes()) {
      v.Merge(domain::ValidateEntryMinutes("minutes", req->minutes()));
      minutes = req->minutes();
    }
    std::optional<std::string> note;
    if (req->has_note()) {
      v.Merge(domain::ValidateText("note", req->note(), NoteRules()));
      note = req->note();
    }
    if (!v.empty()) return v.ToStatus();
    auto key = IdempotencyKeyFor(call, Method("StopTimer"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.StopTimer(call.actor.Who(), *key, ids->at(0), ids->at(1),
                                          ids->at(2), minutes, note, EntryEncoder()),
                      resp);
  });
}

grpc::Status TimeLogApi::CancelTimer(grpc::ServerContext* ctx, const v1::CancelTimerRequest* req,
                                     v1::Timer* resp) {
  return run_(ctx, "TimeLogService/CancelTimer", *req, [&](const Call& call) -> absl::Status {
    auto ids = domain::ParseName(kTimerPattern, req->name());
    if (!ids.ok()) return ids.status();
    auto key = IdempotencyKeyFor(call, Method("CancelTimer"), *req);
    if (!key.ok()) return key.status();
    return ParseReply(time_log_.CancelTimer(call.actor.Who(), *key, ids->at(0), ids->at(1),
                                            ids->at(2), TimerEncoder(call.now)),
                      resp);
  });
}

}  // namespace supportbytime::api
