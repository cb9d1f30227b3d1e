#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/agent_config.h"
#include "support/agent_process.h"
#include "support/fault_proxy.h"
#include "support/ledger.h"
#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {

// Generous bounds: a loaded 2-core machine, maybe a sanitizer build.
inline constexpr std::chrono::milliseconds kSettle{60'000};

struct RigChannel {
  std::string name;
  int qos = 1;
  std::string extra_toml;  // e.g. "queue = false"
};

struct RigOptions {
  std::vector<RigChannel> channels = {{"a", 1, ""}};
  std::string interval = "50ms";    // per reading, every channel
  std::string protocol;             // empty: the agent's default (5)
  std::string client;               // [broker] client; empty: the agent's default (paho)
  std::string max_inflight = "16";  // [broker] max_inflight; empty: the agent's default
  std::string queue_toml;           // more keys of [queue]
  std::string queue_dir;            // empty: {state_dir}/queue
};

// A device on a flaky link: mosquitto (persistence on), the fault proxy between it and the agent,
// the agent (restartable with the same config and state) and the ledger subscribed directly to
// the broker.
class ChaosRig {
 public:
  explicit ChaosRig(RigOptions options = {});
  ~ChaosRig();

  ::testing::AssertionResult start();

  // The agent process: a new one per start, each with its own log files (agent-N.stderr).
  ::testing::AssertionResult start_agent();
  void kill_agent();                        // SIGKILL
  ::testing::AssertionResult stop_agent();  // SIGTERM and wait
  bool agent_running();
  void signal_agent(int signal_number);  // e.g. SIGHUP: reload
  pid_t agent_pid() const;               // -1 when none
  int agent_starts() const { return agent_starts_; }

  MosquittoBroker& broker() { return *broker_; }
  FaultProxy& proxy() { return *proxy_; }
  Ledger& ledger() { return *ledger_; }
  const AgentConfig& config() const { return config_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string topic(const std::string& channel) const;
  std::vector<std::string> topics() const;

  // Waits until the ledger has `count` more readings on every channel than now.
  ::testing::AssertionResult wait_for_more(size_t count, std::chrono::milliseconds timeout);
  // Waits until every channel has no missing seq and a reading sampled after now.
  ::testing::AssertionResult wait_complete(std::chrono::milliseconds timeout = kSettle);
  // Agent logs of every start, and the broker's, for failure messages.
  std::string describe() const;
  // Lines containing `text` in the logs of every agent start.
  size_t agent_log_lines(const std::string& text) const;

 private:
  RigOptions options_;
  TempDir dir_{"sa-chaos"};
  std::unique_ptr<MosquittoBroker> broker_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<Ledger> ledger_;
  std::vector<std::unique_ptr<AgentProcess>> agents_;
  AgentConfig config_;
  std::filesystem::path config_path_;
  int agent_starts_ = 0;
};

// Health report counters (the latest report the ledger got); -1 when absent.
int64_t health_number(const Ledger& ledger, const std::string& path);

}  // namespace sa::test
