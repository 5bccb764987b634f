// Terminal pictures of usage: the home screen's progress bar and the history
// chart (one bar per month against its allocation, coloured by level, R17).
// Pure functions of the messages, so tests can pin every cell.
#ifndef SUPPORTBYTIME_SDK_CLI_USAGE_CHART_H_
#define SUPPORTBYTIME_SDK_CLI_USAGE_CHART_H_

#include <string>

#include "supportbytime/v1/billing.pb.h"
#include "supportbytime/v1/history.pb.h"

namespace supportbytime::cli {

struct ChartStyle {
  bool color = false;  // ANSI colours by level
  int width = 40;      // cells of a bar (the longest bar of a chart)
};

// Colour only on a terminal and only when NO_COLOR (no-color.org) is unset
// or empty.
bool WantColor(bool stdout_is_terminal, const char* no_color_env);

// 90 -> "1 h 30 min".
std::string HoursMinutesText(int minutes);

// USAGE_LEVEL_WARNING -> "WARNING".
std::string LevelName(v1::UsageLevel level);

// A bar of `used` minutes against `included`, on a scale where `scale`
// minutes fill style.width cells: '#' used within the allocation, '!' used
// beyond it, '.' allocation left, '|' after the allocation's last cell (a
// blank when there is no allocation). Only the used cells are coloured.
// Always style.width + 1 characters wide before colour codes.
std::string RenderBar(int used, int included, int scale, v1::UsageLevel level,
                      const ChartStyle& style);

// The home screen's bar: "[####......|] 37 % OK".
std::string RenderUsageBar(const v1::Usage& usage, const ChartStyle& style);

// One row per month, oldest first, on one scale (the largest allocation or
// use of the chart): "2026-04 [###...|   ] 1 h 30 min / 4 h 0 min  37 % OK".
std::string RenderUsageChart(const v1::UsageChart& chart, const ChartStyle& style);

}  // namespace supportbytime::cli

#endif  // SUPPORTBYTIME_SDK_CLI_USAGE_CHART_H_
