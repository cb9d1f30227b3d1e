#include "chaos_rig.h"

#include <signal.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sa::test {

ChaosRig::ChaosRig(RigOptions options) : options_(std::move(options)) {}

ChaosRig::~ChaosRig() {
  if (ledger_ && std::getenv("SA_TEST_KEEP_TMP") != nullptr) {
    // Arrival order, one reading a line, next to the agent and broker logs.
    std::ostringstream text;
    for (const LedgerEntry& entry : ledger_->entries()) {
      text << entry.topic << " boot=" << entry.boot.substr(0, 8) << " seq=" << entry.seq
           << " replay=" << entry.replay << "/" << entry.replay_property
           << " dup=" << entry.mqtt_dup << " ts=" << entry.sampled_unix_ms << "\n";
    }
    write_file(dir() / "ledger.txt", text.str());
  }
  for (auto& agent : agents_) {
    if (agent->running()) {
      agent->kill();
    }
  }
  if (ledger_) {
    ledger_->stop();
  }
}

::testing::AssertionResult ChaosRig::start() {
  BrokerOptions broker_options;
  broker_options.persistence = true;
  // The ledger must never lose a reading to the broker's queue bound while a backlog drains.
  broker_options.extra_config = "max_queued_messages 0\n";
  if (std::getenv("SA_CHAOS_BROKER_DEBUG") != nullptr) {
    broker_options.extra_config += "log_type debug\n";
  }
  broker_ = std::make_unique<MosquittoBroker>(broker_options);
  if (auto started = broker_->start(); !started) {
    return started;
  }
  proxy_ = std::make_unique<FaultProxy>(broker_->port());
  if (!proxy_->start()) {
    return ::testing::AssertionFailure() << "fault proxy: no port";
  }
  config_.device_id = "chaos";
  config_.state_dir = (dir() / "state").string();
  config_.health_interval = "1s";
  config_.url = "mqtt://127.0.0.1:" + std::to_string(proxy_->port());
  config_.protocol = options_.protocol;
  config_.keepalive = "5s";
  config_.reconnect_min = "200ms";
  config_.reconnect_max = "1s";
  config_.broker_extra_toml = "ack_timeout = \"2s\"\nconnect_timeout = \"2s\"";
  if (!options_.max_inflight.empty()) {
    config_.broker_extra_toml += "\nmax_inflight = " + options_.max_inflight;
  }
  // SA_CHAOS_CLIENT=mosquitto|paho runs every test that does not choose a client with that one.
  std::string client = options_.client;
  if (const char* chosen = std::getenv("SA_CHAOS_CLIENT"); client.empty() && chosen != nullptr)
    client = chosen;
  if (!client.empty()) {
    config_.broker_extra_toml += "\nclient = " + toml_string(client);
  }
  SimSensor sensor{"wave", options_.interval, {}};
  for (const RigChannel& channel : options_.channels) {
    SimChannel sim;
    sim.name = channel.name;
    sim.waveform = "ramp";
    sim.qos = channel.qos;
    sim.extra_toml = channel.extra_toml;
    sensor.channels.push_back(sim);
  }
  config_.sensors = {sensor};
  std::string queue = options_.queue_toml;
  if (!options_.queue_dir.empty()) {
    queue += "\ndir = " + toml_string(options_.queue_dir);
  }
  if (!queue.empty()) {
    config_.extra_toml = "[queue]\n" + queue;
  }
  config_path_ = write_config(dir() / "agent.toml", config_);

  LedgerOptions ledger_options;
  ledger_options.url = broker_->url();
  ledger_options.topic_filter = config_.expanded_prefix() + "/#";
  ledger_ = std::make_unique<Ledger>(ledger_options);
  return ledger_->start();
}

::testing::AssertionResult ChaosRig::start_agent() {
  ++agent_starts_;
  agents_.push_back(
      std::make_unique<AgentProcess>(dir(), "agent-" + std::to_string(agent_starts_)));
  return agents_.back()->start({"run", "--config", config_path_.string()});
}

void ChaosRig::kill_agent() {
  if (!agents_.empty()) {
    agents_.back()->kill();
  }
}

::testing::AssertionResult ChaosRig::stop_agent() {
  if (agents_.empty()) {
    return ::testing::AssertionSuccess();
  }
  agents_.back()->send_signal(SIGTERM);
  if (!agents_.back()->wait(std::chrono::seconds(30))) {
    agents_.back()->kill();
    return ::testing::AssertionFailure() << "agent ignored SIGTERM\n" << describe();
  }
  return ::testing::AssertionSuccess();
}

void ChaosRig::signal_agent(int signal_number) {
  if (!agents_.empty()) {
    agents_.back()->send_signal(signal_number);
  }
}

pid_t ChaosRig::agent_pid() const {
  return agents_.empty() ? -1 : agents_.back()->pid();
}

bool ChaosRig::agent_running() {
  return !agents_.empty() && agents_.back()->running();
}

std::string ChaosRig::topic(const std::string& channel) const {
  return config_.expanded_prefix() + "/wave/" + channel;
}

std::vector<std::string> ChaosRig::topics() const {
  std::vector<std::string> out;
  for (const RigChannel& channel : options_.channels) {
    out.push_back(topic(channel.name));
  }
  return out;
}

::testing::AssertionResult ChaosRig::wait_for_more(size_t count,
                                                   std::chrono::milliseconds timeout) {
  std::map<std::string, size_t> base;
  for (const LedgerEntry& entry : ledger_->entries()) {
    ++base[entry.topic];
  }
  const std::vector<std::string> wanted = topics();
  auto result = ledger_->wait_for(
      [&](const std::vector<LedgerEntry>& entries) {
        std::map<std::string, size_t> now;
        for (const LedgerEntry& entry : entries) {
          ++now[entry.topic];
        }
        for (const std::string& t : wanted) {
          if (now[t] < base[t] + count) {
            return false;
          }
        }
        return true;
      },
      timeout, std::to_string(count) + " more readings on every channel");
  if (!result) {
    result << "\n" << describe();
  }
  return result;
}

::testing::AssertionResult ChaosRig::wait_complete(std::chrono::milliseconds timeout) {
  const int64_t now = now_unix_ms();
  for (const std::string& t : topics()) {
    if (auto done = ledger_->wait_until_complete(t, now, timeout); !done) {
      return done << "\n" << describe();
    }
  }
  // Late duplicates (resends still in flight) arrive within a moment; count them too.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  return ::testing::AssertionSuccess();
}

std::string ChaosRig::describe() const {
  std::ostringstream text;
  text << ledger_->summary();
  for (const auto& agent : agents_) {
    std::string log = agent->err();
    if (log.size() > 6000) {
      log = "...\n" + log.substr(log.size() - 6000);
    }
    text << "\n--- agent log ---\n" << log;
  }
  std::string broker_log = broker_ ? broker_->log() : "";
  if (broker_log.size() > 4000) {
    broker_log = "...\n" + broker_log.substr(broker_log.size() - 4000);
  }
  text << "\n--- broker log ---\n" << broker_log;
  return text.str();
}

size_t ChaosRig::agent_log_lines(const std::string& text) const {
  size_t count = 0;
  for (const auto& agent : agents_) {
    std::istringstream log(agent->err());
    for (std::string line; std::getline(log, line);) {
      count += line.find(text) != std::string::npos ? 1 : 0;
    }
  }
  return count;
}

int64_t health_number(const Ledger& ledger, const std::string& path) {
  const std::optional<std::string> health = ledger.latest_health();
  if (!health) {
    return -1;
  }
  const auto doc = nlohmann::json::parse(*health, nullptr, false);
  if (doc.is_discarded()) {
    return -1;
  }
  const nlohmann::json::json_pointer pointer(path);
  if (!doc.contains(pointer) || !doc[pointer].is_number()) {
    return -1;
  }
  return doc[pointer].get<int64_t>();
}

}  // namespace sa::test
