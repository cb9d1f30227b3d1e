#include <iostream>

#include "app/config_check.h"
#include "app/probe.h"
#include "cli/commands.h"

namespace sa::cli {

int run_probe(const std::string& config_path) {
  const CheckedConfig checked = check_config_file(config_path, LoadEnvironment::from_process());
  print_problems(checked.problems);
  if (!checked.ok()) {
    return kExitConfig;
  }
  const ProbeReport report = sa::run_probe(*checked.config);
  std::cout << format_probe(report);
  std::cout.flush();
  return report.ok ? kExitOk : kExitUnavailable;
}

}  // namespace sa::cli
