#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/subprocess.h"

namespace sa::test {

// The sensor-agent executable of this build.
std::string agent_path();

// The agent as a child process, its stdout and stderr captured in files in `dir`. Stopped with
// SIGTERM (then SIGKILL) when the owner goes away.
class AgentProcess {
 public:
  explicit AgentProcess(std::filesystem::path dir, std::string name = "agent");
  ~AgentProcess();
  AgentProcess(const AgentProcess&) = delete;
  AgentProcess& operator=(const AgentProcess&) = delete;

  // `args` follow the executable: {"run", "--config", path}.
  ::testing::AssertionResult start(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env = {});
  bool running() { return process_.running(); }
  void send_signal(int signal_number) { process_.send_signal(signal_number); }
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout) {
    return process_.wait(timeout);
  }
  void kill() { process_.kill_and_reap(); }
  pid_t pid() const { return process_.pid(); }

  std::string out() const;
  std::string err() const;
  // Waits until stderr (the log when not under systemd) contains `text`, case-insensitively.
  ::testing::AssertionResult wait_for_log(const std::string& text,
                                          std::chrono::milliseconds timeout);
  // stdout and stderr, for failure messages.
  std::string describe() const;

 private:
  std::filesystem::path dir_;
  std::string name_;
  Subprocess process_;
};

// Runs `sensor-agent ARGS...` to completion (check, read, probe, drivers, --version).
CommandResult run_agent(const std::vector<std::string>& args, const std::filesystem::path& dir,
                        std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Lower-case copy, for matching messages whose capitalisation is not part of the contract.
std::string lower(std::string text);
bool contains_nocase(const std::string& haystack, const std::string& needle);

}  // namespace sa::test
