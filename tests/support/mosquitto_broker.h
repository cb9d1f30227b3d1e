#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace sa::test {

struct Credentials {
  std::string username;
  std::string password;
};

struct BrokerOptions {
  bool allow_anonymous = true;
  std::vector<Credentials> users;  // written with `mosquitto_passwd -b -c` / `-b`
  bool persistence = false;        // kept across restart()
  // A second listener with TLS, its server certificate issued by ca() for these names.
  bool tls = false;
  std::vector<std::string> server_dns_names = {"localhost"};
  std::vector<std::string> server_ip_addresses = {"127.0.0.1"};
  bool require_certificate = false;  // mutual TLS: clients need a certificate issued by ca()
  std::string extra_config;          // more mosquitto.conf lines, before the listeners
};

// A real mosquitto on free loopback ports with its own config, password file, certificates and
// persistence directory in a temporary directory. Always stopped and cleaned up.
class MosquittoBroker {
 public:
  explicit MosquittoBroker(BrokerOptions options = {});
  ~MosquittoBroker();
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // Writes the files and starts mosquitto; succeeds once every listener accepts connections.
  ::testing::AssertionResult start();
  // SIGTERM (mosquitto saves its persistence) and wait.
  ::testing::AssertionResult stop();
  // SIGKILL: nothing saved since the last autosave.
  void kill();
  // stop() then start() on the same ports with the same persistence.
  ::testing::AssertionResult restart();
  bool running() { return process_.running(); }

  int port() const { return port_; }
  int tls_port() const { return tls_port_; }
  std::string url() const;                                           // mqtt://127.0.0.1:PORT
  std::string tls_url(const std::string& host = "localhost") const;  // mqtts://HOST:TLS_PORT
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string log() const;

  // Certificates, made when tls is on: the broker's CA, an unrelated CA, a client certificate
  // issued by the broker's CA and one issued by the unrelated CA.
  const TestCa& ca() const { return ca_; }
  const TestCa& other_ca() const { return other_ca_; }
  const CertificateFiles& client_cert() const { return client_cert_; }
  const CertificateFiles& untrusted_client_cert() const { return untrusted_client_cert_; }

 private:
  ::testing::AssertionResult prepare();
  ::testing::AssertionResult launch();
  std::string config_text() const;

  BrokerOptions options_;
  TempDir dir_{"sa-mosquitto"};
  Subprocess process_;
  bool prepared_ = false;
  int port_ = 0;
  int tls_port_ = 0;
  TestCa ca_;
  TestCa other_ca_;
  CertificateFiles server_cert_;
  CertificateFiles client_cert_;
  CertificateFiles untrusted_client_cert_;
};

// A loopback TCP port nobody listens on right now.
int free_loopback_port();
// True once something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

}  // namespace sa::test
