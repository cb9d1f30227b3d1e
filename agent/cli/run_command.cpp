#include <MQTTAsync.h>
#include <malloc.h>

#include "app/agent.h"
#include "cli/commands.h"
#include "log/log.h"

namespace sa::cli {
namespace {

// Process-wide settings for a long-running daemon, made before any thread exists.
void tune_for_daemon() {
  // glibc gives each thread that allocates its own arena (up to 8 per core), each holding its
  // own free memory; the agent's threads allocate little and rarely at the same moment.
  mallopt(M_ARENA_MAX, 1);
  // Paho would initialise OpenSSL (all algorithms, every error string) even for a plain TCP
  // broker, touching about 1.3 MiB of libcrypto. OpenSSL 3 initialises itself on first use,
  // so a TLS connection still finds it ready.
  MQTTAsync_init_options paho = MQTTAsync_init_options_initializer;
  paho.do_openssl_init = 0;
  MQTTAsync_global_init(&paho);
}

}  // namespace

int run_daemon(const std::string& config_path) {
  tune_for_daemon();
  log::init("info");
  Agent agent(config_path);
  return agent.run();
}

}  // namespace sa::cli
