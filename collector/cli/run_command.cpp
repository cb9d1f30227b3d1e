#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "app/collector.h"
#include "cli/commands.h"

namespace sa::collector::cli {

int run_collector(const std::string& config_path) {
  // Before any thread exists, so that every thread inherits the mask.
  SignalFd signals({SIGTERM, SIGINT, SIGHUP});
  CollectorLoadResult loaded =
      load_collector_config_file(config_path, LoadEnvironment::from_process());
  for (const ConfigProblem& problem : loaded.problems) {
    std::cerr << problem.format() << '\n';
  }
  if (!loaded.ok()) {
    return kExitConfig;
  }
  const CollectorConfig& config = *loaded.config;
  log::init(config.collector.log_level);
  std::unique_ptr<Store> store = make_store(config.database);
  if (store == nullptr) {
    spdlog::critical("this build has no support for {}", config.database.url);
    return kExitConfig;
  }
  if (Status status = store->open(); !status) {
    spdlog::critical("{}", status.reason());
    return kExitFailure;
  }
  SystemdNotifier notifier;
  Collector collector(config, *store);
  return collector.run(signals, notifier);
}

}  // namespace sa::collector::cli
