#include "sdk/cli/usage_chart.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace supportbytime::cli {
namespace {

constexpr char kReset[] = "\033[0m";

// Green, amber (yellow is what terminals have), red: the client area's colours.
const char* LevelColor(v1::UsageLevel level) {
  switch (level) {
    case v1::USAGE_LEVEL_WARNING:
      return "\033[33m";
    case v1::USAGE_LEVEL_EXCEEDED:
      return "\033[31m";
    default:
      return "\033[32m";
  }
}

// Cells for `minutes` of `scale`, rounded; any use shows at least one cell so
// a month with a little time never looks empty.
int Cells(int minutes, int scale, int width) {
  if (minutes <= 0 || scale <= 0) return 0;
  int64_t cells = (static_cast<int64_t>(minutes) * width + scale / 2) / scale;
  return static_cast<int>(std::clamp<int64_t>(cells, 1, width));
}

std::string Colored(const std::string& text, v1::UsageLevel level, const ChartStyle& style) {
  return style.color ? absl::StrCat(LevelColor(level), text, kReset) : text;
}

std::string MonthText(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d", d.year(), d.month());
}

}  // namespace

bool WantColor(bool stdout_is_terminal, const char* no_color_env) {
  return stdout_is_terminal && (no_color_env == nullptr || no_color_env[0] == '\0');
}

std::string HoursMinutesText(int minutes) {
  const char* sign = minutes < 0 ? "-" : "";
  minutes = std::abs(minutes);
  return absl::StrCat(sign, minutes / 60, " h ", minutes % 60, " min");
}

std::string LevelName(v1::UsageLevel level) {
  return std::string(absl::StripPrefix(v1::UsageLevel_Name(level), "USAGE_LEVEL_"));
}

std::string RenderBar(int used, int included, int scale, v1::UsageLevel level,
                      const ChartStyle& style) {
  const int width = std::max(style.width, 1);
  const int u = Cells(used, scale, width);
  const int a = Cells(included, scale, width);
  std::string out;
  bool in_color = false;
  auto paint = [&](bool on) {
    if (!style.color || on == in_color) return;
    out += on ? LevelColor(level) : kReset;
    in_color = on;
  };
  for (int i = 0; i <= width; ++i) {
    if (i == a) {
      paint(false);
      out += included > 0 ? '|' : ' ';
    }
    if (i == width) break;
    paint(i < u);
    out += i < u ? (i < a ? '#' : '!') : (i < a ? '.' : ' ');
  }
  paint(false);
  return out;
}

std::string RenderUsageBar(const v1::Usage& usage, const ChartStyle& style) {
  const int scale = std::max(usage.included_minutes(), usage.used_minutes());
  return absl::StrCat(
      "[", RenderBar(usage.used_minutes(), usage.included_minutes(), scale, usage.level(), style),
      "] ", usage.percent_used(), " % ", Colored(LevelName(usage.level()), usage.level(), style));
}

std::string RenderUsageChart(const v1::UsageChart& chart, const ChartStyle& style) {
  int scale = 0;
  for (const auto& m : chart.months()) {
    scale = std::max({scale, m.included_minutes(), m.used_minutes()});
  }
  std::string out;
  for (const auto& m : chart.months()) {
    std::string figures = absl::StrCat(HoursMinutesText(m.used_minutes()), " / ",
                                       HoursMinutesText(m.included_minutes()));
    absl::StrAppendFormat(
        &out, "%s [%s] %-24s %4d %% %s", MonthText(m.month()),
        RenderBar(m.used_minutes(), m.included_minutes(), scale, m.level(), style), figures,
        m.percent_used(), Colored(LevelName(m.level()), m.level(), style));
    if (m.overage_minutes() > 0) absl::StrAppend(&out, " +", m.overage_minutes(), " min over");
    out += '\n';
  }
  return out;
}

}  // namespace supportbytime::cli
