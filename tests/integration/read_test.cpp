// `sensor-agent read`: one sample of every channel as JSON lines, without a broker.
#include <sstream>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/json_schema.h"
#include "support/mosquitto_broker.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

AgentConfig two_sensors(const TempDir& dir) {
  AgentConfig config;
  config.device_id = "pi-bench";
  // Nothing listens here: read must not need a broker.
  config.url = "mqtt://127.0.0.1:" + std::to_string(free_loopback_port());
  config.state_dir = (dir / "state").string();
  SimChannel temperature;
  temperature.name = "temperature";
  temperature.unit = "°C";
  SimChannel humidity;
  humidity.name = "humidity";
  humidity.unit = "%";
  humidity.qos = 0;
  SimChannel level;
  level.name = "level";
  level.waveform = "constant";
  level.min = 40.0;
  level.max = 44.5;
  config.sensors = {{"room", "1s", {temperature, humidity}}, {"tank", "5s", {level}}};
  return config;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

TEST(Read, PrintsOneJsonReadingPerChannelWithThePayloadFields) {
  TempDir dir;
  AgentConfig config = two_sensors(dir);
  std::filesystem::path file = write_config(dir / "agent.toml", config);
  CommandResult result = run_agent({"read", "--config", file.string()}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();

  std::vector<std::string> lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.describe();
  std::vector<std::tuple<std::string, std::string, std::string>> expected = {
      {"room", "temperature", "°C"}, {"room", "humidity", "%"}, {"tank", "level", ""}};
  for (const auto& [sensor, channel, unit] : expected) {
    bool found = false;
    for (const std::string& line : lines) {
      nlohmann::json reading;
      ASSERT_TRUE(parse_payload(line, reading));
      if (reading.value("sensor", "") == sensor && reading.value("channel", "") == channel) {
        found = true;
        EXPECT_TRUE(is_reading(reading, config.device_id, sensor, channel, unit));
        if (channel == "level") {  // constant: the midpoint of min and max
          EXPECT_EQ(reading.value("value", 0.0), (40.0 + 44.5) / 2) << line;
        }
      }
    }
    EXPECT_TRUE(found) << sensor << "/" << channel << " missing from\n" << result.out;
  }
  EXPECT_TRUE(matches_schema(lines, reading_schema_path(), dir.path()));
}

TEST(Read, SensorOptionLimitsTheOutputToThatSensor) {
  TempDir dir;
  std::filesystem::path file = write_config(dir / "agent.toml", two_sensors(dir));
  CommandResult result =
      run_agent({"read", "--config", file.string(), "--sensor", "tank"}, dir.path());
  ASSERT_EQ(result.exit_code(), 0) << result.describe();
  std::vector<std::string> lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.describe();
  nlohmann::json reading;
  ASSERT_TRUE(parse_payload(lines[0], reading));
  EXPECT_EQ(reading.value("sensor", ""), "tank");
  EXPECT_EQ(reading.value("channel", ""), "level");
}

TEST(Read, UnknownSensorFailsNamingIt) {
  TempDir dir;
  std::filesystem::path file = write_config(dir / "agent.toml", two_sensors(dir));
  CommandResult result =
      run_agent({"read", "--config", file.string(), "--sensor", "attic"}, dir.path());
  EXPECT_NE(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(contains_nocase(result.err, "attic")) << result.describe();
}

}  // namespace
}  // namespace sa::test
