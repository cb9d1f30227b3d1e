#include <iostream>

#include "cli/commands.h"
#include "drivers/describe.h"
#include "drivers/registry.h"

namespace sa::cli {

int run_drivers(bool json) {
  if (json) {
    std::cout << describe_drivers_json(all_drivers()).dump(2) << '\n';
  } else {
    std::cout << describe_drivers(all_drivers());
  }
  return kExitOk;
}

}  // namespace sa::cli
