// The `supportbytime` executable: see cli.h.
#include <string>
#include <vector>

#include "sdk/cli/cli.h"

int main(int argc, char** argv) {
  return supportbytime::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
}
