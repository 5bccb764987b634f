// supportbytime tickets|time|timers …
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sdk/cli/cli.h"
#include "sdk/cli/date_flag.h"
#include "supportbytime/pagination.h"
#include "supportbytime/ticket_client.h"
#include "supportbytime/time_log_client.h"

namespace supportbytime::cli {
namespace {

const std::vector<std::string> kTicketColumns = {"name", "number", "title", "state",
                                                 "sla.status", "sla.due_time"};
// Columns added later go last, so that the earlier ones keep their places.
const std::vector<std::string> kEntryColumns = {"name",
                                                "work_time",
                                                "minutes",
                                                "billed_minutes",
                                                "included_minutes",
                                                "overage_minutes",
                                                "operator_display_name",
                                                "billable"};
const std::vector<std::string> kTimerColumns = {"name", "ticket_title", "start_time", "elapsed",
                                                "note"};

absl::Status ListTickets(const Invocation& in) {
  auto client = sdk::MakeTicketClient(in.options);
  v1::ListTicketsRequest req;
  req.set_parent(in.Flag("client", "clients/-"));
  req.set_subscription(in.Flag("subscription"));
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListTickets(r); },
      [](const auto& r) { return r.tickets(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kTicketColumns);
  return absl::OkStatus();
}

absl::Status CreateTicket(const Invocation& in) {
  v1::CreateTicketRequest req;
  if (auto st = in.Require("client", req.mutable_parent()); !st.ok()) return st;
  auto* t = req.mutable_ticket();
  if (auto st = in.Require("subscription", t->mutable_subscription()); !st.ok()) return st;
  if (auto st = in.Require("title", t->mutable_title()); !st.ok()) return st;
  t->set_external_ref(in.Flag("external-ref"));
  return Show(in, sdk::MakeTicketClient(in.options)->CreateTicket(req), kTicketColumns);
}

absl::Status GetTicket(const Invocation& in) {
  v1::GetTicketRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakeTicketClient(in.options)->GetTicket(req), kTicketColumns);
}

// close | reopen: a ticket name and an optional text.
template <class Request, class Method>
auto TicketAction(Method method, const char* text_flag) {
  return [method, text_flag](const Invocation& in) -> absl::Status {
    Request req;
    if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
    const std::string text = in.Flag(text_flag);
    if constexpr (requires { req.set_reason(text); }) req.set_reason(text);
    if constexpr (requires { req.set_note(text); }) req.set_note(text);
    auto client = sdk::MakeTicketClient(in.options);
    return Show(in, ((*client).*method)(req), kTicketColumns);
  };
}

const std::vector<std::string> kApprovalColumns = {
    "name", "overage_approval.state", "overage_approval.period",
    "overage_approval.overage_cap_minutes", "overage_approval.requested_minutes"};

// A whole number of minutes from `flag`, when given.
absl::StatusOr<std::optional<int>> MinutesFlag(const Invocation& in, const char* flag) {
  if (in.Flag(flag).empty()) return std::optional<int>();
  int minutes = 0;
  if (!absl::SimpleAtoi(in.Flag(flag), &minutes)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " must be a whole number of minutes"));
  }
  return std::optional<int>(minutes);
}

absl::Status ApproveOverage(const Invocation& in) {
  v1::ApproveOverageRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  req.set_period(in.Flag("period"));
  req.set_note(in.Flag("note"));
  auto cap = MinutesFlag(in, "cap");
  if (!cap.ok()) return cap.status();
  if (*cap) req.set_overage_cap_minutes(**cap);
  return Show(in, sdk::MakeTicketClient(in.options)->ApproveOverage(req), kApprovalColumns);
}

absl::Status RequestOverageApproval(const Invocation& in) {
  v1::RequestOverageApprovalRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  auto minutes = MinutesFlag(in, "minutes");
  if (!minutes.ok()) return minutes.status();
  if (!*minutes) return absl::InvalidArgumentError("--minutes is required");
  req.set_estimated_minutes(**minutes);
  req.set_period(in.Flag("period"));
  req.set_note(in.Flag("note"));
  return Show(in, sdk::MakeTicketClient(in.options)->RequestOverageApproval(req),
              kApprovalColumns);
}

absl::Status DeclineOverage(const Invocation& in) {
  v1::DeclineOverageRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  req.set_period(in.Flag("period"));
  req.set_note(in.Flag("note"));
  return Show(in, sdk::MakeTicketClient(in.options)->DeclineOverage(req), kApprovalColumns);
}

absl::Status LogTime(const Invocation& in) {
  v1::CreateTimeEntryRequest req;
  if (auto st = in.Require("ticket", req.mutable_parent()); !st.ok()) return st;
  auto* e = req.mutable_time_entry();
  int minutes = 0;
  if (!absl::SimpleAtoi(in.Flag("minutes"), &minutes)) {
    return absl::InvalidArgumentError("--minutes must be a whole number of minutes");
  }
  e->set_minutes(minutes);
  e->set_note(in.Flag("note"));
  if (!in.Flag("work-time").empty()) {
    if (auto st = ParseTimeFlag(in, "work-time", e->mutable_work_time()); !st.ok()) return st;
  }
  if (in.Flag("non-billable") == "true") e->set_billable(false);
  return Show(in, sdk::MakeTimeLogClient(in.options)->CreateTimeEntry(req), kEntryColumns);
}

// Edits an entry: only the fields given on the command line go into the
// update mask, so `--billable=false` alone changes nothing else.
absl::Status EditTime(const Invocation& in) {
  v1::UpdateTimeEntryRequest req;
  auto* e = req.mutable_time_entry();
  if (auto st = in.Require("name", e->mutable_name()); !st.ok()) return st;
  auto* mask = req.mutable_update_mask();
  if (in.Has("minutes")) {
    int minutes = 0;
    if (!absl::SimpleAtoi(in.Flag("minutes"), &minutes)) {
      return absl::InvalidArgumentError("--minutes must be a whole number of minutes");
    }
    e->set_minutes(minutes);
    mask->add_paths("minutes");
  }
  if (in.Has("note")) {
    e->set_note(in.Flag("note"));
    mask->add_paths("note");
  }
  if (in.Has("work-time")) {
    if (auto st = ParseTimeFlag(in, "work-time", e->mutable_work_time()); !st.ok()) return st;
    mask->add_paths("work_time");
  }
  if (in.Has("billable")) {
    const std::string billable = in.Flag("billable");
    if (billable != "true" && billable != "false") {
      return absl::InvalidArgumentError("--billable must be true or false");
    }
    e->set_billable(billable == "true");
    mask->add_paths("billable");
  }
  if (mask->paths().empty()) {
    return absl::InvalidArgumentError(
        "give at least one of --minutes, --note, --work-time, --billable");
  }
  return Show(in, sdk::MakeTimeLogClient(in.options)->UpdateTimeEntry(req), kEntryColumns);
}

absl::Status ListTime(const Invocation& in) {
  auto client = sdk::MakeTimeLogClient(in.options);
  v1::ListTimeEntriesRequest req;
  if (auto st = in.Require("ticket", req.mutable_parent()); !st.ok()) return st;
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListTimeEntries(r); },
      [](const auto& r) { return r.time_entries(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kEntryColumns);
  return absl::OkStatus();
}

absl::Status StartTimer(const Invocation& in) {
  v1::StartTimerRequest req;
  if (auto st = in.Require("ticket", req.mutable_parent()); !st.ok()) return st;
  req.mutable_timer()->set_note(in.Flag("note"));
  return Show(in, sdk::MakeTimeLogClient(in.options)->StartTimer(req), kTimerColumns);
}

absl::Status StopTimer(const Invocation& in) {
  v1::StopTimerRequest req;
  if (auto st = in.Require("name", req.mutable_name()); !st.ok()) return st;
  return Show(in, sdk::MakeTimeLogClient(in.options)->StopTimer(req), kEntryColumns);
}

absl::Status ListTimers(const Invocation& in) {
  auto client = sdk::MakeTimeLogClient(in.options);
  v1::ListTimersRequest req;
  req.set_parent(in.Flag("ticket", "clients/-/tickets/-"));
  auto all = sdk::CollectPages(
      req, [&](const auto& r) { return client->ListTimers(r); },
      [](const auto& r) { return r.timers(); });
  if (!all.ok()) return all.status();
  PrintList(in, Pointers(*all), kTimerColumns);
  return absl::OkStatus();
}

// tickets: open, read, close, reopen, and the overage approvals of R8.
void AddTicketVerbs(std::map<std::string, Verb>& t) {
  const Flag name = Required("name", "clients/ID/tickets/ID", "the ticket");
  const Flag reason = Optional("reason", "TEXT", "why, for the ticket's history");
  const Flag period = Optional("period", "clients/ID/subscriptions/ID/periods/YYYY-MM",
                               "the period (default the current one)");
  const Flag note = Optional("note", "TEXT", "a note");
  t["list"] = {"lists tickets with their SLA",
               {Optional("client", "clients/ID", "one client's tickets (default all)"),
                Optional("subscription", "clients/ID/subscriptions/ID", "one subscription's")},
               ListTickets};
  t["create"] = {"opens a ticket",
                 {Required("client", "clients/ID", "the client"),
                  Required("subscription", "clients/ID/subscriptions/ID", "the subscription"),
                  Required("title", "TEXT", "what the ticket is about"),
                  Optional("external-ref", "REF", "your system's reference")},
                 CreateTicket};
  t["get"] = {"shows a ticket", {name}, GetTicket};
  t["close"] = {"closes a ticket", {name, reason},
                TicketAction<v1::CloseTicketRequest>(&sdk::TicketClient::CloseTicket, "reason")};
  t["reopen"] = {"reopens a ticket", {name, reason},
                 TicketAction<v1::ReopenTicketRequest>(&sdk::TicketClient::ReopenTicket, "reason")};
  t["approve-overage"] = {
      "records the client's overage approval for one period, default the current (R8)",
      {name, period, Optional("cap", "MINUTES", "the most overage minutes approved"), note},
      ApproveOverage};
  t["request-overage"] = {
      "asks the client to approve overage for one period (R8)",
      {name, Required("minutes", "N", "the overage minutes expected"), period, note},
      RequestOverageApproval};
  t["decline-overage"] = {"records the client's refusal of overage for one period (R8)",
                          {name, period, note}, DeclineOverage};
}

// time: log, edit and list time entries.
void AddTimeVerbs(std::map<std::string, Verb>& e) {
  const Flag ticket = Required("ticket", "clients/ID/tickets/ID", "the ticket");
  const Flag note = Optional("note", "TEXT", "what was done");
  const Flag work_time = Optional("work-time", "RFC3339", "when the work was done (default now)");
  e["log"] = {
      "logs minutes on a ticket (rounded and pooled by the server; --non-billable: "
      "counted, never billed)",
      {ticket, Required("minutes", "N", "the minutes worked"), note, work_time,
       Switch("non-billable", "counted, never billed")},
      LogTime};
  e["edit"] = {"edits a time entry (only the fields given); the period's split is recomputed",
               {Required("name", "clients/ID/tickets/ID/timeEntries/ID", "the time entry"),
                Optional("minutes", "N", "the minutes worked"), note, work_time,
                Optional("billable", "true|false", "whether the entry is billed")},
               EditTime};
  e["list"] = {"lists a ticket's time entries", {ticket}, ListTime};
}

// timers: server-held timers that log their time when stopped.
void AddTimerVerbs(std::map<std::string, Verb>& r) {
  r["start"] = {"starts a server-held timer",
                {Required("ticket", "clients/ID/tickets/ID", "the ticket"),
                 Optional("note", "TEXT", "what is being done")},
                StartTimer};
  r["stop"] = {"stops a timer and logs its time",
               {Required("name", "clients/ID/tickets/ID/timers/ID", "the timer")}, StopTimer};
  r["list"] = {"lists running timers with elapsed time",
               {Optional("ticket", "clients/ID/tickets/ID", "one ticket's timers (default all)")},
               ListTimers};
}

}  // namespace

void AddTicketCommands(Commands& commands) {
  AddTicketVerbs(commands["tickets"]);
  AddTimeVerbs(commands["time"]);
  AddTimerVerbs(commands["timers"]);
}

}  // namespace supportbytime::cli
