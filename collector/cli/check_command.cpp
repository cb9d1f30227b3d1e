#include <iostream>

#include "cli/commands.h"
#include "collector_config.h"

namespace sa::collector::cli {

int run_check(const std::string& config_path) {
  CollectorLoadResult loaded =
      load_collector_config_file(config_path, LoadEnvironment::from_process());
  size_t errors = 0;
  for (const ConfigProblem& problem : loaded.problems) {
    std::cerr << problem.format() << '\n';
    errors += problem.warning ? 0 : 1;
  }
  if (!loaded.ok()) {
    std::cerr << config_path << ": " << errors << (errors == 1 ? " error" : " errors") << '\n';
    return kExitConfig;
  }
  const CollectorConfig& config = *loaded.config;
  std::cout << "config OK: collector " << config.collector.name << ", broker " << config.broker.url
            << ", database " << config.database.url << '\n';
  return kExitOk;
}

}  // namespace sa::collector::cli
