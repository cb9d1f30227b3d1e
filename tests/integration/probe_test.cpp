// `sensor-agent probe` against a broker that is there, and one that is not.
#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

TEST(Probe, SucceedsAndReportsBrokerProtocolAndRoundTrip) {
  TempDir dir;
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  AgentConfig config = config_for(broker, dir / "state");
  config.protocol = "5";
  std::filesystem::path file = write_config(dir / "agent.toml", config);
  CommandResult result = run_agent({"probe", "--config", file.string()}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  std::string output = result.out + result.err;
  EXPECT_TRUE(contains_nocase(output, std::to_string(broker.port()))) << output;
  EXPECT_TRUE(contains_nocase(output, "MQTT 5")) << output;
  EXPECT_TRUE(contains_nocase(output, "round trip")) << output;
  EXPECT_TRUE(contains_nocase(output, config.expanded_prefix() + "/probe")) << output;
}

TEST(Probe, SpeaksMqtt311WhenConfigured) {
  TempDir dir;
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  AgentConfig config = config_for(broker, dir / "state");
  config.protocol = "3.1.1";
  std::filesystem::path file = write_config(dir / "agent.toml", config);
  CommandResult result = run_agent({"probe", "--config", file.string()}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, "MQTT 3.1.1")) << result.describe();
}

TEST(Probe, NothingListeningExits69WithConnectionRefused) {
  TempDir dir;
  AgentConfig config;
  config.url = "mqtt://127.0.0.1:" + std::to_string(free_loopback_port());
  config.state_dir = (dir / "state").string();
  SimChannel temperature;
  temperature.name = "temperature";
  config.sensors = {{"wave", "1s", {temperature}}};
  std::filesystem::path file = write_config(dir / "agent.toml", config);
  CommandResult result = run_agent({"probe", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, "connection refused")) << result.describe();
}

TEST(Probe, BrokerStoppedByTheTestIsReportedUnreachable) {
  TempDir dir;
  MosquittoBroker broker;
  ASSERT_TRUE(broker.start());
  AgentConfig config = config_for(broker, dir / "state");
  std::filesystem::path file = write_config(dir / "agent.toml", config);
  ASSERT_EQ(run_agent({"probe", "--config", file.string()}, dir.path()).exit_code(), 0);
  ASSERT_TRUE(broker.stop());
  CommandResult result = run_agent({"probe", "--config", file.string()}, dir.path());
  EXPECT_EQ(result.exit_code(), 69) << result.describe();
  EXPECT_TRUE(contains_nocase(result.out + result.err, "refused")) << result.describe();
}

}  // namespace
}  // namespace sa::test
