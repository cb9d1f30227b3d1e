#include <iostream>

#include "app/config_check.h"
#include "cli/commands.h"

namespace sa::cli {

int run_check(const std::string& config_path) {
  const CheckedConfig checked = check_config_file(config_path, LoadEnvironment::from_process());
  print_problems(checked.problems);
  if (!checked.ok()) {
    const size_t errors = checked.error_count();
    std::cerr << config_path << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
    return kExitConfig;
  }
  std::cout << "config OK: " << config_summary(*checked.config) << '\n';
  // Not errors: the config is right, the machine is not ready for it yet (or `check` runs as
  // another user than the service).
  for (const std::string& note : device_notes(*checked.config)) {
    std::cout << "note: " << note << '\n';
  }
  return kExitOk;
}

}  // namespace sa::cli
