#include "support/mosquitto_broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "support/tool_paths.h"

namespace sa::test {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(20);

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// mosquitto started as root switches to the `user` option's account, which could not read the
// test's files: name the account the test runs as.
std::string current_user() {
  const passwd* entry = getpwuid(getuid());
  return entry != nullptr ? entry->pw_name : "root";
}

}  // namespace

int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(port);
    bool accepted = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    if (accepted) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

MosquittoBroker::MosquittoBroker(BrokerOptions options) : options_(std::move(options)) {}

MosquittoBroker::~MosquittoBroker() {
  process_.send_signal(SIGTERM);
  if (!process_.wait(std::chrono::seconds(5))) {
    process_.kill_and_reap();
  }
}

std::string MosquittoBroker::url() const {
  return "mqtt://127.0.0.1:" + std::to_string(port_);
}

std::string MosquittoBroker::tls_url(const std::string& host) const {
  return "mqtts://" + host + ":" + std::to_string(tls_port_);
}

std::string MosquittoBroker::log() const {
  return read_file(dir() / "mosquitto.log");
}

::testing::AssertionResult MosquittoBroker::prepare() {
  if (!options_.users.empty()) {
    bool first = true;
    for (const Credentials& user : options_.users) {
      std::vector<std::string> args = {kMosquittoPasswdPath, "-b"};
      if (first) {
        args.emplace_back("-c");
      }
      args.insert(args.end(), {(dir() / "passwd").string(), user.username, user.password});
      CommandResult made = run_command(args, dir());
      if (!made.succeeded()) {
        return ::testing::AssertionFailure() << "mosquitto_passwd: " << made.describe();
      }
      first = false;
    }
  }
  if (options_.tls) {
    if (auto made = TestCa::create(dir() / "pki", "sensor-agent test CA", ca_); !made) {
      return made;
    }
    if (auto made = TestCa::create(dir() / "pki-other", "unrelated CA", other_ca_); !made) {
      return made;
    }
    LeafSpec server{"localhost", options_.server_dns_names, options_.server_ip_addresses, true};
    if (options_.server_dns_names.empty() && options_.server_ip_addresses.empty()) {
      server.common_name = "broker";
    } else if (!options_.server_dns_names.empty()) {
      server.common_name = options_.server_dns_names.front();
    }
    if (auto made = ca_.issue(server, "server", server_cert_); !made) {
      return made;
    }
    if (auto made = ca_.issue({"device-1", {}, {}, false}, "client", client_cert_); !made) {
      return made;
    }
    if (auto made = other_ca_.issue({"device-1", {}, {}, false}, "client", untrusted_client_cert_);
        !made) {
      return made;
    }
  }
  return ::testing::AssertionSuccess();
}

std::string MosquittoBroker::config_text() const {
  std::ostringstream conf;
  conf << "# written by the integration test fixture\n"
       << "user " << current_user() << "\n"
       << "log_dest file " << (dir() / "mosquitto.log").string() << "\n"
       << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
       << "log_timestamp_format %H:%M:%S\n"
       << "connection_messages true\n"
       << "allow_anonymous " << (options_.allow_anonymous ? "true" : "false") << "\n";
  if (!options_.users.empty()) {
    conf << "password_file " << (dir() / "passwd").string() << "\n";
  }
  if (options_.persistence) {
    conf << "persistence true\npersistence_location " << (dir() / "persistence").string() << "/\n";
  }
  conf << options_.extra_config << "\n";
  conf << "\nlistener " << port_ << " 127.0.0.1\n";
  if (options_.tls) {
    conf << "\nlistener " << tls_port_ << " 127.0.0.1\n"
         << "cafile " << ca_.cert_file().string() << "\n"
         << "certfile " << server_cert_.cert.string() << "\n"
         << "keyfile " << server_cert_.key.string() << "\n"
         << "require_certificate " << (options_.require_certificate ? "true" : "false") << "\n";
  }
  return conf.str();
}

::testing::AssertionResult MosquittoBroker::launch() {
  write_file(dir() / "mosquitto.conf", config_text());
  SpawnOptions spawn;
  spawn.stdout_path = dir() / "mosquitto.stdout";
  spawn.stderr_path = dir() / "mosquitto.stderr";
  std::string error;
  if (!process_.spawn({kMosquittoPath, "-c", (dir() / "mosquitto.conf").string()}, spawn, error)) {
    return ::testing::AssertionFailure() << error;
  }
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  for (int port : {port_, tls_port_}) {
    if (port == 0) {
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!wait_for_port(port, left) || !process_.running()) {
      process_.kill_and_reap();
      return ::testing::AssertionFailure() << "mosquitto did not listen on port " << port << "\n"
                                           << read_file(dir() / "mosquitto.stderr") << log();
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult MosquittoBroker::start() {
  if (!prepared_) {
    std::filesystem::create_directories(dir() / "persistence");
    if (auto made = prepare(); !made) {
      return made;
    }
    prepared_ = true;
  }
  // Another process may take a port between choosing it and mosquitto binding it: try again.
  ::testing::AssertionResult started = ::testing::AssertionFailure();
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (port_ == 0 || attempt > 0) {
      port_ = free_loopback_port();
      tls_port_ = 0;
      while (options_.tls && (tls_port_ == 0 || tls_port_ == port_)) {
        tls_port_ = free_loopback_port();
      }
    }
    started = launch();
    if (started) {
      break;
    }
  }
  return started;
}

::testing::AssertionResult MosquittoBroker::stop() {
  process_.send_signal(SIGTERM);
  if (!process_.wait(kStopTimeout)) {
    process_.kill_and_reap();
    return ::testing::AssertionFailure() << "mosquitto ignored SIGTERM";
  }
  return ::testing::AssertionSuccess();
}

void MosquittoBroker::kill() {
  process_.kill_and_reap();
}

::testing::AssertionResult MosquittoBroker::restart() {
  if (auto stopped = stop(); !stopped) {
    return stopped;
  }
  // The same ports, so the agent reconnects to where it was.
  return launch();
}

}  // namespace sa::test
