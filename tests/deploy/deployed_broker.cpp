#include "deployed_broker.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <utility>

#include "support/tool_paths.h"

namespace sa::test {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kProvisionTimeout = std::chrono::seconds(60);

// The files of deploy/broker that make up the broker, and where each goes in the test directory.
const std::vector<std::pair<std::string, std::string>> kConfigFiles = {
    {"mosquitto.conf", "mosquitto.conf"},
    {"conf.d/10-loopback.conf", "conf.d/10-loopback.conf"},
    {"conf.d/20-tls.conf", "conf.d/20-tls.conf"},
    // The documented variant, enabled the documented way: renamed to *.conf.
    {"conf.d/30-certificate-identity.conf.example", "conf.d/30-certificate-identity.conf"},
};

std::string current_user() {
  const passwd* entry = getpwuid(getuid());
  return entry != nullptr ? entry->pw_name : "root";
}

void replace_all(std::string& text, const std::string& from, const std::string& to, int& count) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++count;
  }
}

int count_of(const std::string& text, const std::string& what) {
  int count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

std::filesystem::path deploy_dir() {
  return std::filesystem::path(SA_SOURCE_DIR) / "deploy";
}

DeployedBroker::DeployedBroker() {
  std::filesystem::create_directories(dir() / "conf.d");
  std::filesystem::create_directories(dir() / "data");
  std::filesystem::create_directories(dir() / "sensor-agent");
  // The production ACL, installed where the password file and ACL of the broker live.
  std::filesystem::copy_file(deploy_dir() / "broker" / "acl", dir() / "sensor-agent" / "acl");
  // mosquitto refuses to start without its password file: installed empty, as deploy/README.md
  // says, before any device exists.
  write_file(dir() / "sensor-agent" / "passwd", "");
}

DeployedBroker::~DeployedBroker() {
  process_.send_signal(SIGTERM);
  if (!process_.wait(std::chrono::seconds(5))) {
    process_.kill_and_reap();
  }
}

CommandResult DeployedBroker::provision(const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& env) const {
  std::map<std::string, std::string> all = {
      {"SA_PASSWORD_FILE", (dir() / "sensor-agent" / "passwd").string()},
      {"SA_ACL_FILE", (dir() / "sensor-agent" / "acl").string()},
      {"SA_PKI_DIR", pki().string()},
      {"SA_BUNDLE_DIR", (dir() / "bundles").string()},
      {"SA_SERVER_CERT_DIR", server_cert_dir().string()},
      {"SA_RELOAD", "pidfile"},
      {"SA_PID_FILE", (dir() / "mosquitto.pid").string()},
  };
  for (const auto& [name, value] : env) {
    all[name] = value;
  }
  std::vector<std::string> argv = {"/bin/bash", (deploy_dir() / "provision").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::filesystem::create_directories(dir() / "scratch");
  return run_command(argv, dir() / "scratch", kProvisionTimeout, all);
}

::testing::AssertionResult DeployedBroker::init_pki() const {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ca", "init"},
        std::vector<std::string>{"ca", "server", "localhost", "--ip", "127.0.0.1"}}) {
    CommandResult result = provision(args);
    if (!result.succeeded()) {
      return ::testing::AssertionFailure()
             << "provision " << args[0] << " " << args[1] << ": " << result.describe();
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DeployedBroker::add_device(const std::string& id, bool certificate,
                                                      const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"--broker-url",  certificate ? certificate_url() : tls_url(),
                                   "--install-dir", bundle(id).string(),
                                   "--state-dir",   (dir() / ("state-" + id)).string()};
  if (certificate) {
    args.emplace_back("--cert");
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(id);
  CommandResult result = provision(args);
  if (!result.succeeded()) {
    return ::testing::AssertionFailure() << "provision " << id << ": " << result.describe();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DeployedBroker::add_consumer(const std::string& name) const {
  CommandResult result = provision({"consumer", "--write-commands", name});
  if (!result.succeeded()) {
    return ::testing::AssertionFailure() << "provision consumer: " << result.describe();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DeployedBroker::render() const {
  const std::string root = dir().string();
  // Every production path and port, and what it becomes here. Each must be found: a renamed
  // path in deploy/broker fails the test instead of silently pointing at /etc.
  const std::vector<std::pair<std::string, std::string>> replacements = {
      {"/etc/mosquitto/sensor-agent", root + "/sensor-agent"},
      {"/etc/mosquitto/certs", root + "/certs"},
      {"/etc/mosquitto/conf.d", root + "/conf.d"},
      {"/var/lib/mosquitto/", root + "/data/"},
      {"/run/mosquitto/mosquitto.pid", root + "/mosquitto.pid"},
      {"/var/log/mosquitto/mosquitto.log", root + "/mosquitto.log"},
      {"\nuser mosquitto\n", "\nuser " + current_user() + "\n"},
      {"\nlistener 1883 127.0.0.1\n", "\nlistener " + std::to_string(ports_[0]) + " 127.0.0.1\n"},
      {"\nlistener 8883\n", "\nlistener " + std::to_string(ports_[1]) + " 127.0.0.1\n"},
      {"\nlistener 8884\n", "\nlistener " + std::to_string(ports_[2]) + " 127.0.0.1\n"},
  };
  std::map<std::string, int> found;
  for (const auto& [from, to] : kConfigFiles) {
    std::string text = "\n" + read_file(deploy_dir() / "broker" / from);
    if (text.size() == 1) {
      return ::testing::AssertionFailure() << "deploy/broker/" << from << " is missing or empty";
    }
    for (const auto& [old_text, new_text] : replacements) {
      replace_all(text, old_text, new_text, found[old_text]);
    }
    write_file(dir() / to, text.substr(1));
  }
  for (const auto& [old_text, new_text] : replacements) {
    if (found[old_text] == 0) {
      return ::testing::AssertionFailure() << "deploy/broker no longer contains '" << old_text
                                           << "': update the test's rendering";
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DeployedBroker::launch() {
  SpawnOptions spawn;
  spawn.stdout_path = dir() / "mosquitto.stdout";
  spawn.stderr_path = dir() / "mosquitto.stderr";
  std::string error;
  if (!process_.spawn({kMosquittoPath, "-c", (dir() / "mosquitto.conf").string()}, spawn, error)) {
    return ::testing::AssertionFailure() << error;
  }
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  for (int port : ports_) {
    while (!wait_for_port(port, std::chrono::milliseconds(100))) {
      if (!process_.running() || std::chrono::steady_clock::now() > deadline) {
        process_.kill_and_reap();
        return ::testing::AssertionFailure() << "mosquitto did not listen on port " << port << "\n"
                                             << read_file(dir() / "mosquitto.stderr") << log();
      }
    }
  }
  // provision reloads through the pid file: it must be there before the first change.
  while (read_file(dir() / "mosquitto.pid").empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DeployedBroker::start() {
  ::testing::AssertionResult started = ::testing::AssertionFailure();
  // Another process may take a port between choosing it and mosquitto binding it: try again.
  for (int attempt = 0; attempt < 3 && !started; ++attempt) {
    std::set<int> chosen;
    while (chosen.size() < 3) {
      chosen.insert(free_loopback_port());
    }
    std::copy(chosen.begin(), chosen.end(), ports_);
    if (auto rendered = render(); !rendered) {
      return rendered;
    }
    started = launch();
  }
  return started;
}

int DeployedBroker::reload_count() const {
  return count_of(log(), "Reloading config.");
}

::testing::AssertionResult DeployedBroker::wait_for_reload(
    int before, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (reload_count() <= before) {
    if (std::chrono::steady_clock::now() > deadline) {
      return ::testing::AssertionFailure() << "mosquitto did not reload\n" << log();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // mosquitto logs this and rereads everything in one turn of its single-threaded loop, before
  // it reads from any socket again: a connection made from now on meets the new files.
  return ::testing::AssertionSuccess();
}

std::string DeployedBroker::plain_url() const {
  return "mqtt://127.0.0.1:" + std::to_string(ports_[0]);
}

std::string DeployedBroker::tls_url(const std::string& host) const {
  return "mqtts://" + host + ":" + std::to_string(ports_[1]);
}

std::string DeployedBroker::certificate_url(const std::string& host) const {
  return "mqtts://" + host + ":" + std::to_string(ports_[2]);
}

Credentials DeployedBroker::credentials(const std::string& id) const {
  std::string password = read_file(bundle(id) / "mqtt-password");
  while (!password.empty() && password.back() == '\n') {
    password.pop_back();
  }
  return {id, password};
}

std::string DeployedBroker::log() const {
  return read_file(dir() / "mosquitto.log");
}

}  // namespace sa::test
