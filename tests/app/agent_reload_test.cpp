#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "app/agent.h"

namespace sa {
namespace {

using namespace std::chrono_literals;

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sa-app-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// Port 1 on loopback refuses at once: the publisher keeps retrying, the rest runs normally.
std::string config_with_sensor(const std::filesystem::path& state_dir, const std::string& sensor) {
  return "[device]\nid = \"app-test\"\n"
         "[agent]\nstate_dir = \"" +
         state_dir.string() +
         "\"\nhealth_interval = \"1s\"\n"
         "[broker]\nurl = \"mqtt://127.0.0.1:1\"\n"
         "[[sensor]]\nname = \"" +
         sensor +
         "\"\ndriver = \"sim\"\ninterval = \"50ms\"\n"
         "[sensor.channels.level]\nunit = \"%\"\n";
}

bool wait_until(const std::function<bool()>& condition, std::chrono::seconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

Agent::Options quick_options() {
  Agent::Options options;
  options.stop_drain = 200ms;
  options.reload_drain = 200ms;
  options.tick = 20ms;
  return options;
}

// Runs the agent on its own thread, which is the one that receives the signals.
class RunningAgent {
 public:
  explicit RunningAgent(const std::string& config_path)
      : agent_(config_path, quick_options()), thread_([this] { exit_code_ = agent_.run(); }) {}
  ~RunningAgent() {
    if (thread_.joinable()) {
      signal(SIGTERM);
      thread_.join();
    }
  }
  RunningAgent(const RunningAgent&) = delete;
  RunningAgent& operator=(const RunningAgent&) = delete;

  void signal(int number) { pthread_kill(thread_.native_handle(), number); }
  int stop() {
    signal(SIGTERM);
    thread_.join();
    return exit_code_;
  }
  Agent::Snapshot snapshot() const { return agent_.snapshot(); }
  bool sampling_continues() const {
    const uint64_t before = snapshot().sampled;
    return wait_until([&] { return snapshot().sampled > before; });
  }

 private:
  Agent agent_;
  int exit_code_ = -1;
  std::thread thread_;
};

TEST(AgentReload, InvalidConfigKeepsTheRunningOneAndAValidOneReplacesIt) {
  ScratchDir dir;
  const auto config = dir.path() / "agent.toml";
  write_file(config, config_with_sensor(dir.path(), "alpha"));
  RunningAgent agent(config.string());
  ASSERT_TRUE(wait_until([&] { return agent.snapshot().running; }));
  ASSERT_TRUE(agent.sampling_continues());

  write_file(config, config_with_sensor(dir.path(), "beta") + "[broker.nonsense]\nx = 1\n" +
                         "[[sensor]]\nname = \"gamma\"\ndriver = \"no-such-driver\"\n");
  agent.signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return agent.snapshot().failed_reloads == 1; }));
  EXPECT_EQ(agent.snapshot().reloads, 0U);
  EXPECT_EQ(agent.snapshot().sensors, std::vector<std::string>{"alpha"});
  EXPECT_TRUE(agent.sampling_continues());

  write_file(config, config_with_sensor(dir.path(), "beta"));
  agent.signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return agent.snapshot().reloads == 1; }));
  EXPECT_EQ(agent.snapshot().sensors, std::vector<std::string>{"beta"});
  EXPECT_TRUE(agent.sampling_continues());

  EXPECT_EQ(agent.stop(), kAgentExitOk);
  EXPECT_FALSE(agent.snapshot().running);
}

TEST(AgentStart, InvalidConfigExitsWithExConfig) {
  ScratchDir dir;
  const auto config = dir.path() / "agent.toml";
  write_file(config, "[[sensor]]\nname = \"x\"\ndriver = \"no-such-driver\"\n");
  Agent agent(config.string(), quick_options());
  EXPECT_EQ(agent.run(), kAgentExitConfig);
}

TEST(AgentStart, MissingConfigExitsWithExConfig) {
  ScratchDir dir;
  Agent agent((dir.path() / "absent.toml").string(), quick_options());
  EXPECT_EQ(agent.run(), kAgentExitConfig);
}

TEST(AgentStop, SigintStopsCleanly) {
  ScratchDir dir;
  const auto config = dir.path() / "agent.toml";
  write_file(config, config_with_sensor(dir.path(), "alpha"));
  RunningAgent agent(config.string());
  ASSERT_TRUE(wait_until([&] { return agent.snapshot().running; }));
  agent.signal(SIGINT);
  ASSERT_TRUE(wait_until([&] { return !agent.snapshot().running; }));
  EXPECT_EQ(agent.stop(), kAgentExitOk);
}

}  // namespace
}  // namespace sa
