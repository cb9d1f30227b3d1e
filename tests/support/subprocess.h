#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sa::test {

// How a child ended: its exit code, or the signal that killed it.
struct ExitStatus {
  bool exited = false;
  int code = -1;
  int signal = 0;

  std::string describe() const;
};

struct SpawnOptions {
  std::filesystem::path stdout_path;       // empty: /dev/null
  std::filesystem::path stderr_path;       // empty: /dev/null
  std::filesystem::path stdin_path;        // empty: /dev/null
  std::filesystem::path working_dir;       // empty: the test's
  std::map<std::string, std::string> env;  // added to (or replacing in) the test's environment
};

// One child process. Never outlives its owner: the destructor kills it with SIGKILL and reaps it.
class Subprocess {
 public:
  Subprocess() = default;
  ~Subprocess();
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Starts argv[0] (a path) with the rest as arguments; false with `error` set when it could not.
  bool spawn(const std::vector<std::string>& argv, const SpawnOptions& options, std::string& error);

  bool running();
  pid_t pid() const { return pid_; }
  void send_signal(int signal_number);
  // Waits until the child ends; nullopt on timeout (the child keeps running).
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  // SIGKILL and reap, when still running.
  void kill_and_reap();
  const std::optional<ExitStatus>& exit_status() const { return status_; }

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  std::optional<ExitStatus> status_;
};

struct CommandResult {
  std::optional<ExitStatus> status;  // nullopt: timed out and killed
  std::string out;
  std::string err;

  bool succeeded() const { return status && status->exited && status->code == 0; }
  int exit_code() const { return status && status->exited ? status->code : -1; }
  std::string describe() const;  // status, stdout and stderr, for failure messages
};

// Runs a command to completion, capturing stdout and stderr through files in `scratch_dir`.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::filesystem::path& scratch_dir,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60),
                          const std::map<std::string, std::string>& env = {});

}  // namespace sa::test
