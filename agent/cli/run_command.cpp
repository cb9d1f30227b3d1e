#include "app/agent.h"
#include "cli/commands.h"
#include "log/log.h"

namespace sa::cli {

int run_daemon(const std::string& config_path) {
  log::init("info");
  Agent agent(config_path);
  return agent.run();
}

}  // namespace sa::cli
