#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "sdk/cli/cli.h"
#include "sdk/cli/usage_chart.h"

namespace supportbytime::cli {
namespace {

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

// Dates as people write them: "2026-04-10", or "2026-04" for a month (day 0).
std::string DateText(const google::protobuf::Message& m) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  const int year = r->GetInt32(m, d->FindFieldByName("year"));
  const int month = r->GetInt32(m, d->FindFieldByName("month"));
  const int day = r->GetInt32(m, d->FindFieldByName("day"));
  if (year == 0) return "";
  return day == 0 ? absl::StrFormat("%04d-%02d", year, month)
                  : absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

// Well-known messages as text; empty optional answers when `m` is another type.
std::optional<std::string> KnownText(const google::protobuf::Message& m) {
  const std::string& type = m.GetDescriptor()->full_name();
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  if (type == "google.type.Money") return MoneyText(m);
  if (type == "google.type.Date") return DateText(m);
  if (type == "google.protobuf.Timestamp") {
    const int64_t seconds = r->GetInt64(m, d->FindFieldByName("seconds"));
    if (seconds == 0) return "";
    return absl::FormatTime(absl::RFC3339_sec, absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  }
  if (type == "supportbytime.v1.HoursMinutes") {
    return absl::StrCat(r->GetInt32(m, d->FindFieldByName("hours")), " h ",
                        r->GetInt32(m, d->FindFieldByName("minutes")), " min");
  }
  return std::nullopt;
}

// A dotted path's value as text ("terms.included_minutes").
std::string Field(const google::protobuf::Message& m, const std::string& path) {
  const google::protobuf::Message* cur = &m;
  size_t start = 0;
  for (;;) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const auto* f = cur->GetDescriptor()->FindFieldByName(name);
    if (f == nullptr || f->is_repeated()) return "";
    const auto* r = cur->GetReflection();
    if (dot != std::string::npos) {
      if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) return "";
      cur = &r->GetMessage(*cur, f);
      start = dot + 1;
      continue;
    }
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING: return r->GetString(*cur, f);
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32: return std::to_string(r->GetInt32(*cur, f));
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64: return std::to_string(r->GetInt64(*cur, f));
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(*cur, f) ? "true" : "false";
      case google::protobuf::FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(*cur, f)->name();
      case google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE: {
        if (!r->HasField(*cur, f)) return "";
        const auto& sub = r->GetMessage(*cur, f);
        if (auto text = KnownText(sub)) return *text;
        std::string j;
        (void)google::protobuf::util::MessageToJsonString(sub, &j);
        return j;
      }
      default: return "";
    }
  }
}

}  // namespace

std::string MoneyText(const google::protobuf::Message& money) {
  const auto* d = money.GetDescriptor();
  const auto* r = money.GetReflection();
  const std::string currency = r->GetString(money, d->FindFieldByName("currency_code"));
  int64_t units = r->GetInt64(money, d->FindFieldByName("units"));
  int32_t nanos = r->GetInt32(money, d->FindFieldByName("nanos"));
  const bool negative = units < 0 || nanos < 0;
  std::string fraction = absl::StrFormat("%09d", std::abs(nanos));
  while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();
  return absl::StrCat(currency, currency.empty() ? "" : " ", negative ? "-" : "", std::abs(units),
                      ".", fraction);
}

bool UseColor() { return WantColor(isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR")); }

void PrintLine(const std::string& label, const std::string& value) {
  std::printf("%-26s %s\n", (label + ":").c_str(), value.c_str());
}

void PrintMessage(const Invocation& in, const google::protobuf::Message& message,
                  const std::vector<std::string>& fields) {
  if (in.json) {
    std::printf("%s\n", Json(message).c_str());
    return;
  }
  for (const auto& f : fields) PrintLine(f, Field(message, f));
}

void PrintList(const Invocation& in, const std::vector<const google::protobuf::Message*>& items,
               const std::vector<std::string>& fields) {
  if (in.json) {
    std::vector<std::string> parts;
    for (const auto* m : items) parts.push_back(Json(*m));
    std::printf("[%s]\n", absl::StrJoin(parts, ",\n").c_str());
    return;
  }
  std::printf("%s\n", absl::StrJoin(fields, "\t").c_str());
  for (const auto* m : items) {
    std::vector<std::string> row;
    for (const auto& f : fields) row.push_back(Field(*m, f));
    std::printf("%s\n", absl::StrJoin(row, "\t").c_str());
  }
}

}  // namespace supportbytime::cli
