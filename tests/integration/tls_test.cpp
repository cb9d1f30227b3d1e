// TLS with certificates made by the test: verification of the broker, and mutual TLS.
#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

bool says_certificate_problem(const std::string& text) {
  for (const char* words : {"certificate", "tls", "ssl", "handshake"}) {
    if (contains_nocase(text, words)) {
      return true;
    }
  }
  return false;
}

class Tls : public ::testing::Test {
 protected:
  void start_broker(BrokerOptions options) {
    options.tls = true;
    broker_ = std::make_unique<MosquittoBroker>(options);
    ASSERT_TRUE(broker_->start());
  }

  // A device on the TLS listener, trusting `ca`.
  AgentConfig tls_config(const std::filesystem::path& ca, const std::string& host = "localhost") {
    AgentConfig config = config_for(*broker_, dir_ / "state");
    config.url = broker_->tls_url(host);
    config.ca_file = ca.string();
    return config;
  }

  CommandResult probe(const AgentConfig& config) {
    return run_agent({"probe", "--config", write_config(dir_ / "agent.toml", config)}, dir_.path());
  }

  TempDir dir_;
  std::unique_ptr<MosquittoBroker> broker_;
};

TEST_F(Tls, TrustedBrokerProbeReportsTlsVersionAndPeerSubject) {
  start_broker({});
  CommandResult result = probe(tls_config(broker_->ca().cert_file()));
  ASSERT_EQ(result.exit_code(), 0) << result.describe() << broker_->log();
  std::string output = result.out + result.err;
  EXPECT_TRUE(contains_nocase(output, "TLSv1.3") || contains_nocase(output, "TLSv1.2")) << output;
  EXPECT_TRUE(contains_nocase(output, "CN=localhost")) << output;
}

TEST_F(Tls, TrustedBrokerReceivesReadings) {
  start_broker({});
  RecorderOptions plain;
  plain.url = broker_->url();
  MqttRecorder recorder(plain);
  ASSERT_TRUE(recorder.start());
  AgentConfig config = tls_config(broker_->ca().cert_file());
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(agent.start({"run", "--config", write_config(dir_ / "agent.toml", config)}));
  EXPECT_TRUE(readings_arrived(recorder, config, "wave", "temperature", 3)) << agent.describe();
}

TEST_F(Tls, BrokerSignedByAnUntrustedCaIsRefused) {
  start_broker({});
  CommandResult result = probe(tls_config(broker_->other_ca().cert_file()));
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
  EXPECT_TRUE(says_certificate_problem(result.out + result.err)) << result.describe();
}

TEST_F(Tls, CertificateForAnotherHostNameIsRefused) {
  BrokerOptions options;
  options.server_dns_names = {"elsewhere.example"};
  options.server_ip_addresses = {};
  start_broker(options);
  CommandResult result = probe(tls_config(broker_->ca().cert_file(), "localhost"));
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
  EXPECT_TRUE(says_certificate_problem(result.out + result.err)) << result.describe();
}

TEST_F(Tls, CertificateWithoutSubjectAltNameForAnotherNameIsRefused) {
  BrokerOptions options;
  options.server_dns_names = {};
  options.server_ip_addresses = {};  // CN "broker", no SAN
  start_broker(options);
  CommandResult result = probe(tls_config(broker_->ca().cert_file(), "localhost"));
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
}

TEST_F(Tls, MutualTlsWithAClientCertificateWorks) {
  BrokerOptions options;
  options.require_certificate = true;
  start_broker(options);
  AgentConfig config = tls_config(broker_->ca().cert_file());
  config.cert_file = broker_->client_cert().cert.string();
  config.key_file = broker_->client_cert().key.string();
  CommandResult result = probe(config);
  EXPECT_EQ(result.exit_code(), 0) << result.describe() << broker_->log();

  RecorderOptions plain;
  plain.url = broker_->url();
  MqttRecorder recorder(plain);
  ASSERT_TRUE(recorder.start());
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(agent.start({"run", "--config", write_config(dir_ / "agent.toml", config)}));
  EXPECT_TRUE(readings_arrived(recorder, config, "wave", "temperature", 3)) << agent.describe();
}

TEST_F(Tls, MutualTlsWithoutAClientCertificateIsRefused) {
  BrokerOptions options;
  options.require_certificate = true;
  start_broker(options);
  CommandResult result = probe(tls_config(broker_->ca().cert_file()));
  EXPECT_NE(result.exit_code(), 0) << result.describe();
}

TEST_F(Tls, MutualTlsWithAClientCertificateFromAnotherCaIsRefused) {
  BrokerOptions options;
  options.require_certificate = true;
  start_broker(options);
  AgentConfig config = tls_config(broker_->ca().cert_file());
  config.cert_file = broker_->untrusted_client_cert().cert.string();
  config.key_file = broker_->untrusted_client_cert().key.string();
  CommandResult result = probe(config);
  EXPECT_NE(result.exit_code(), 0) << result.describe();
}

}  // namespace
}  // namespace sa::test
