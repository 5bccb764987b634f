// supportbytime-server: wiring only; see server/app/.
#include <string>
#include <vector>

#include "server/app/commands.h"

int main(int argc, char** argv) {
  return supportbytime::app::Main(std::vector<std::string>(argv + 1, argv + argc));
}
