#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/agent_config.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sa::test {

// mosquitto drops QoS 1 messages for a subscriber beyond max_queued_messages (default 1000),
// even while it is connected: a collector that is down or busy for a while needs more.
BrokerOptions collector_broker_options();

struct CollectorSetup {
  std::string name = "c1";
  std::string database_url;  // sqlite:PATH or postgresql://...
  std::string shared_group;
  std::string batch_size = "200";
  std::string batch_time = "100ms";
  std::string health_interval = "1s";
  std::string client_id;  // empty: the default
};

std::string collector_toml(const MosquittoBroker& broker, const CollectorSetup& setup);

// sensor-collector as a child process; stdout and stderr in `dir`/{label}.stdout|stderr.
class CollectorProcess {
 public:
  CollectorProcess(std::filesystem::path dir, std::filesystem::path config)
      : dir_(std::move(dir)), config_(std::move(config)) {}
  ~CollectorProcess();

  ::testing::AssertionResult start(const std::string& label);
  void kill() { process_.kill_and_reap(); }
  ::testing::AssertionResult stop();
  bool running() { return process_.running(); }
  std::string err() const;
  ::testing::AssertionResult wait_for_log(const std::string& text,
                                          std::chrono::milliseconds timeout);

 private:
  std::filesystem::path dir_;
  std::filesystem::path config_;
  std::string label_;
  Subprocess process_;
};

CommandResult run_collector(const std::vector<std::string>& args, const std::filesystem::path& dir);

// Per (device, boot): the seq values stored, read straight from the SQLite file.
struct StoredSeqs {
  std::map<std::string, std::map<std::string, std::vector<int64_t>>> by_device_boot;
  uint64_t rows = 0;
};
::testing::AssertionResult read_sqlite(const std::filesystem::path& db, StoredSeqs& out);

// The seq the agent in `state_dir` would issue next on `topic` (its seq.json after a clean stop).
uint64_t next_seq(const std::filesystem::path& state_dir, const std::string& topic);

// Waits until `done(rows)` holds for what the database holds.
::testing::AssertionResult wait_for_rows(const std::filesystem::path& db,
                                         const std::function<bool(const StoredSeqs&)>& done,
                                         std::chrono::milliseconds timeout);

}  // namespace sa::test
