// A broker on 127.0.0.1 only, reached as `localhost` where /etc/hosts lists ::1 first, as
// Debian 13 and Raspberry Pi OS write it: both MQTT clients must move on to the next address.
// The agent runs in a private mount namespace with its own /etc/hosts (needs root and unshare).
#include <unistd.h>

#include <fstream>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

class LocalhostIpv6First : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (geteuid() != 0)
      GTEST_SKIP() << "needs root for a private mount namespace";
    std::ofstream(dir_ / "hosts") << "::1 localhost ip6-localhost\n127.0.0.1 localhost\n";
    const CommandResult order = in_namespace({"getent", "ahostsv6", "localhost"});
    if (order.exit_code() != 0)
      GTEST_SKIP() << "cannot run in a private mount namespace: " << order.describe();
    const CommandResult first = in_namespace({"getent", "ahosts", "localhost"});
    if (first.out.rfind("::1", 0) != 0)
      GTEST_SKIP() << "::1 does not resolve first here: " << first.out;
  }

  // `argv` run with dir_/hosts mounted over /etc/hosts.
  CommandResult in_namespace(const std::vector<std::string>& argv) {
    std::vector<std::string> command = {"/usr/bin/unshare",
                                        "--mount",
                                        "--",
                                        "sh",
                                        "-c",
                                        "mount --bind \"$0\" /etc/hosts && exec \"$@\"",
                                        (dir_ / "hosts").string()};
    command.insert(command.end(), argv.begin(), argv.end());
    return run_command(command, dir_.path());
  }

  TempDir dir_;
};

TEST_P(LocalhostIpv6First, ProbeReachesABrokerListeningOnIpv4Only) {
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  AgentConfig config = config_for(broker, dir_ / "state");
  config.url = "mqtt://localhost:" + std::to_string(broker.port());
  config.broker_extra_toml = "client = " + toml_string(GetParam());
  const std::filesystem::path file = write_config(dir_ / "agent.toml", config);
  const CommandResult result = in_namespace({agent_path(), "probe", "--config", file.string()});
  EXPECT_EQ(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, "round trip")) << result.describe();
}

TEST_P(LocalhostIpv6First, TlsKeepsCheckingTheHostName) {
  BrokerOptions options;
  options.tls = true;
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  AgentConfig config = config_for(broker, dir_ / "state");
  config.url = broker.tls_url("localhost");
  config.ca_file = broker.ca().cert_file().string();
  config.broker_extra_toml = "client = " + toml_string(GetParam());
  const std::filesystem::path file = write_config(dir_ / "agent.toml", config);
  const CommandResult result = in_namespace({agent_path(), "probe", "--config", file.string()});
  EXPECT_EQ(result.exit_code(), 0) << result.describe();
}

TEST_P(LocalhostIpv6First, NothingListeningReportsEachFamily) {
  AgentConfig config;
  config.url = "mqtt://localhost:" + std::to_string(free_loopback_port());
  config.state_dir = (dir_ / "state").string();
  config.broker_extra_toml = "client = " + toml_string(GetParam());
  SimChannel temperature;
  temperature.name = "temperature";
  config.sensors = {{"wave", "1s", {temperature}}};
  const std::filesystem::path file = write_config(dir_ / "agent.toml", config);
  const CommandResult result = in_namespace({agent_path(), "probe", "--config", file.string()});
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, "refused")) << result.describe();
}

INSTANTIATE_TEST_SUITE_P(BothClients, LocalhostIpv6First, ::testing::Values("paho", "mosquitto"));

}  // namespace
}  // namespace sa::test
