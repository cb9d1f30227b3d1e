#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/mosquitto_broker.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace sa::test {

// deploy/ in the source tree.
std::filesystem::path deploy_dir();

// mosquitto running deploy/broker's own configuration files, rendered into a temporary directory:
// the /etc, /var and /run paths point into it, the three listeners (loopback, TLS with
// passwords, TLS with certificate identity) move to free loopback ports, and the broker runs as
// the test's user. Identities are made by the real deploy/provision, pointed at the same
// directory, which reloads this broker through its pid file.
class DeployedBroker {
 public:
  DeployedBroker();
  ~DeployedBroker();
  DeployedBroker(const DeployedBroker&) = delete;
  DeployedBroker& operator=(const DeployedBroker&) = delete;

  // `deploy/provision ARGS...` with the broker's paths in its environment (plus `env`).
  CommandResult provision(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) const;
  // The fleet CA and a broker certificate for localhost and 127.0.0.1.
  ::testing::AssertionResult init_pki() const;
  // A device with a password (or a certificate): its bundle is written for use in place, i.e.
  // agent.toml names the bundle's own files and a state directory in the test's directory.
  ::testing::AssertionResult add_device(const std::string& id, bool certificate = false,
                                        const std::vector<std::string>& extra = {}) const;
  // A back-end account reading sensors/# (and writing commands).
  ::testing::AssertionResult add_consumer(const std::string& name) const;

  // Renders the configuration, starts mosquitto and waits for its three listeners.
  ::testing::AssertionResult start();
  // How many times the broker has reread its configuration (SIGHUP) so far.
  int reload_count() const;
  // Waits until reload_count() exceeds `before`.
  ::testing::AssertionResult wait_for_reload(int before, std::chrono::milliseconds timeout) const;

  std::string plain_url() const;  // mqtt://127.0.0.1:PORT (loopback listener)
  std::string tls_url(const std::string& host = "localhost") const;
  std::string certificate_url(const std::string& host = "localhost") const;
  int plain_port() const { return ports_[0]; }
  int tls_port() const { return ports_[1]; }
  int certificate_port() const { return ports_[2]; }

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path bundle(const std::string& id) const { return dir() / "bundles" / id; }
  std::filesystem::path pki() const { return dir() / "sensor-agent" / "pki"; }
  std::filesystem::path server_cert_dir() const { return dir() / "certs"; }
  // User name and password from a bundle's mqtt-password.
  Credentials credentials(const std::string& id) const;
  std::string log() const;

 private:
  ::testing::AssertionResult render() const;
  ::testing::AssertionResult launch();

  TempDir dir_{"sa-deploy"};
  Subprocess process_;
  int ports_[3] = {0, 0, 0};
};

}  // namespace sa::test
