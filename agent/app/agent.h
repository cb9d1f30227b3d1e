#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sa {

// Exit codes of `sensor-agent run`.
inline constexpr int kAgentExitOk = 0;
inline constexpr int kAgentExitFailure = 1;
inline constexpr int kAgentExitConfig = 78;  // EX_CONFIG

// The daemon: loads the config, runs the pipeline, publishes health and per-sensor availability,
// talks to systemd, reloads on SIGHUP and stops on SIGTERM/SIGINT.
//
// run() blocks SIGTERM, SIGINT and SIGHUP in the calling thread before it creates any thread
// (every thread inherits the mask) and takes them from a signalfd in its loop; run it on the
// thread that should receive them (tests direct signals at that thread with pthread_kill).
class Agent {
 public:
  // What a test or a status query can see from another thread.
  struct Snapshot {
    bool running = false;
    uint64_t reloads = 0;         // successful
    uint64_t failed_reloads = 0;  // invalid config: kept the old one
    std::vector<std::string> sensors;
    uint64_t sampled = 0;
  };

  struct Options {
    std::chrono::milliseconds stop_drain{5000};    // SIGTERM: in-flight acknowledgements
    std::chrono::milliseconds reload_drain{1000};  // SIGHUP
    std::chrono::milliseconds tick{200};           // main loop period
  };

  explicit Agent(std::string config_path);
  Agent(std::string config_path, Options options);
  ~Agent();
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  // Returns the process exit code: 0 clean stop, 78 invalid config at start, 1 other failure.
  int run();

  Snapshot snapshot() const;

 private:
  class Loop;
  std::string config_path_;
  Options options_;
  mutable std::mutex snapshot_mutex_;
  Snapshot snapshot_;
};

}  // namespace sa
