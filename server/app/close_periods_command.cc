#include <cstdio>

#include "server/app/command_support.h"
#include "server/app/commands.h"

namespace supportbytime::app {

int ClosePeriodsCommand(const std::vector<std::string>& args) {
  Flags flags;
  DefineConfigFlags(flags, /*serving=*/false);
  flags.Define("as-of", "", "", "close periods that ended at or before this RFC 3339 instant (default: now)");
  if (auto exit = ParseOrExit(flags, args, "close-periods",
                              "Closes every open monthly period that has ended and bills its "
                              "overage (R10).")) {
    return *exit;
  }
  std::fprintf(stderr, "close-periods: not available in this release\n");
  return 3;
}

}  // namespace supportbytime::app
