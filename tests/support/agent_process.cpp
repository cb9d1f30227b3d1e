#include "support/agent_process.h"

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "support/temp_dir.h"

namespace sa::test {

std::string agent_path() {
  return SA_AGENT_PATH;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains_nocase(const std::string& haystack, const std::string& needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

AgentProcess::AgentProcess(std::filesystem::path dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)) {}

AgentProcess::~AgentProcess() {
  if (process_.running()) {
    process_.send_signal(SIGTERM);
    if (!process_.wait(std::chrono::seconds(15))) {
      process_.kill_and_reap();
    }
  }
}

::testing::AssertionResult AgentProcess::start(const std::vector<std::string>& args,
                                               const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {agent_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions options;
  options.stdout_path = dir_ / (name_ + ".stdout");
  options.stderr_path = dir_ / (name_ + ".stderr");
  options.env = env;
  std::string error;
  if (!process_.spawn(argv, options, error)) {
    return ::testing::AssertionFailure() << error;
  }
  return ::testing::AssertionSuccess();
}

std::string AgentProcess::out() const {
  return read_file(dir_ / (name_ + ".stdout"));
}

std::string AgentProcess::err() const {
  return read_file(dir_ / (name_ + ".stderr"));
}

::testing::AssertionResult AgentProcess::wait_for_log(const std::string& text,
                                                      std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    if (contains_nocase(err(), text)) {
      return ::testing::AssertionSuccess();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return ::testing::AssertionFailure()
         << "no \"" << text << "\" in the log within " << timeout.count() << " ms\n"
         << describe();
}

std::string AgentProcess::describe() const {
  return "--- " + name_ + " stdout ---\n" + out() + "\n--- " + name_ + " stderr ---\n" + err();
}

CommandResult run_agent(const std::vector<std::string>& args, const std::filesystem::path& dir,
                        std::chrono::milliseconds timeout) {
  std::vector<std::string> argv = {agent_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, dir, timeout);
}

}  // namespace sa::test
