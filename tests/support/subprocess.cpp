#include "support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "support/temp_dir.h"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX name

namespace sa::test {
namespace {

// Variables that would make a child talk to the test's own service manager or journal.
bool inherited(const std::string& entry) {
  for (const char* name : {"JOURNAL_STREAM=", "NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=",
                           "LISTEN_FDS=", "LISTEN_PID=", "INVOCATION_ID="}) {
    if (entry.rfind(name, 0) == 0) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    std::string name = text.substr(0, text.find('='));
    if (inherited(text) && extra.count(name) == 0) {
      env.push_back(std::move(text));
    }
  }
  for (const auto& [name, value] : extra) {
    env.push_back(name + "=" + value);
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  result.reserve(strings.size() + 1);
  for (std::string& text : strings) {
    result.push_back(text.data());
  }
  result.push_back(nullptr);
  return result;
}

std::string or_dev_null(const std::filesystem::path& path) {
  return path.empty() ? std::string("/dev/null") : path.string();
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) {
    return "exit code " + std::to_string(code);
  }
  return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

Subprocess::~Subprocess() {
  kill_and_reap();
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), status_(std::move(other.status_)) {}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    kill_and_reap();
    pid_ = std::exchange(other.pid_, -1);
    status_ = std::move(other.status_);
  }
  return *this;
}

bool Subprocess::spawn(const std::vector<std::string>& argv, const SpawnOptions& options,
                       std::string& error) {
  kill_and_reap();
  status_.reset();
  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_environment(options.env);
  std::vector<char*> arg_pointers = pointers(args);
  std::vector<char*> env_pointers = pointers(env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string in = or_dev_null(options.stdin_path);
  std::string out = or_dev_null(options.stdout_path);
  std::string err = or_dev_null(options.stderr_path);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!options.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  }

  // The test process may ignore SIGPIPE (the MQTT library does); children start with defaults.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal_number : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, signal_number);
  }
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &empty_mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, arg_pointers[0], &actions, &attributes, arg_pointers.data(),
                       env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    error = "cannot start " + argv[0] + ": " + std::strerror(rc);
    return false;
  }
  pid_ = pid;
  return true;
}

bool Subprocess::reap(bool block) {
  if (pid_ <= 0) {
    return true;
  }
  int raw = 0;
  pid_t done = 0;
  do {
    done = waitpid(pid_, &raw, block ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == 0) {
    return false;
  }
  ExitStatus status;
  if (done > 0 && WIFEXITED(raw)) {
    status.exited = true;
    status.code = WEXITSTATUS(raw);
  } else if (done > 0 && WIFSIGNALED(raw)) {
    status.signal = WTERMSIG(raw);
  }
  status_ = status;
  pid_ = -1;
  return true;
}

bool Subprocess::running() {
  return pid_ > 0 && !reap(false);
}

void Subprocess::send_signal(int signal_number) {
  if (pid_ > 0) {
    ::kill(pid_, signal_number);
  }
}

std::optional<ExitStatus> Subprocess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    if (reap(false)) {
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

void Subprocess::kill_and_reap() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
}

std::string CommandResult::describe() const {
  std::string text = status ? status->describe() : std::string("timed out");
  text += "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
  return text;
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::filesystem::path& scratch_dir,
                          std::chrono::milliseconds timeout,
                          const std::map<std::string, std::string>& env) {
  static std::atomic<int> counter{0};
  std::string stem = "command-" + std::to_string(counter++);
  SpawnOptions options;
  options.stdout_path = scratch_dir / (stem + ".out");
  options.stderr_path = scratch_dir / (stem + ".err");
  options.env = env;
  CommandResult result;
  Subprocess child;
  std::string error;
  if (!child.spawn(argv, options, error)) {
    result.err = error;
    return result;
  }
  result.status = child.wait(timeout);
  if (!result.status) {
    child.kill_and_reap();
  }
  result.out = read_file(options.stdout_path);
  result.err = read_file(options.stderr_path);
  return result;
}

}  // namespace sa::test
