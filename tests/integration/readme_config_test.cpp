// A config written by someone else from docs/configuration.md, as a person would type it: sim
// sensors, channels at QoS 0, 1 and 2, one retained, a password-protected local broker.
#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/json_schema.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

// @PORT@, @PASSWORD_FILE@ and @STATE_DIR@ are filled in by the test.
constexpr const char* kGreenhouse =
    R"(# Greenhouse controller, two sim sensors standing in for the real ones.
[agent]
state_dir = "@STATE_DIR@"

[device]
id = "greenhouse-2"
topic_prefix = "farm/{device}"

[broker]
url = "mqtt://localhost:@PORT@"
protocol = "3.1.1"
username = "greenhouse-2"
password_file = "@PASSWORD_FILE@"
keepalive = "20s"

[[sensor]]
name = "air"
driver = "sim"
interval = "250ms"

[sensor.channels.temperature]
waveform = "sine"
min = 12.0
max = 31.5
period = "2m"
unit = "°C"
qos = 1

[sensor.channels.humidity]
waveform = "random_walk"
min = 40.0
max = 95.0
unit = "%"
qos = 0

[[sensor]]
name = "valve"
driver = "sim"
interval = "300ms"

[sensor.channels.position]
waveform = "ramp"
min = 0.0
max = 100.0
period = "30s"
unit = "%"
qos = 2
retain = true
)";

void replace(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
  }
}

TEST(ReadmeConfig, GreenhouseConfigPublishesEachChannelAtItsQosAndRetain) {
  TempDir dir;
  BrokerOptions options;
  options.allow_anonymous = false;
  options.users = {{"greenhouse-2", "tomatoes-and-basil"}, {"grafana", "dashboards"}};
  MosquittoBroker broker(options);
  ASSERT_TRUE(broker.start());
  write_file(dir / "password", "tomatoes-and-basil\n");
  std::string text = kGreenhouse;
  replace(text, "@PORT@", std::to_string(broker.port()));
  replace(text, "@PASSWORD_FILE@", (dir / "password").string());
  replace(text, "@STATE_DIR@", (dir / "state").string());
  write_file(dir / "greenhouse.toml", text);

  CommandResult checked =
      run_agent({"check", "--config", (dir / "greenhouse.toml").string()}, dir.path());
  ASSERT_EQ(checked.exit_code(), 0) << checked.describe();

  RecorderOptions subscriber;
  subscriber.url = broker.url();
  subscriber.credentials = {"grafana", "dashboards"};
  subscriber.topic_filters = {"farm/#"};
  MqttRecorder recorder(subscriber);
  ASSERT_TRUE(recorder.start());
  AgentProcess agent(dir.path());
  ASSERT_TRUE(agent.start({"run", "--config", (dir / "greenhouse.toml").string()}));

  struct Expected {
    std::string topic;
    std::string sensor;
    std::string channel;
    std::string unit;
    int qos;
    bool retain;
  };
  std::vector<std::string> payloads;
  for (const Expected& expected : std::vector<Expected>{
           {"farm/greenhouse-2/air/temperature", "air", "temperature", "°C", 1, false},
           {"farm/greenhouse-2/air/humidity", "air", "humidity", "%", 0, false},
           {"farm/greenhouse-2/valve/position", "valve", "position", "%", 2, true}}) {
    ASSERT_TRUE(recorder.wait_for_count(expected.topic, 4, kArrival)) << agent.describe();
    for (const ReceivedMessage& message : recorder.on_topic(expected.topic)) {
      nlohmann::json reading;
      ASSERT_TRUE(parse_payload(message.payload, reading));
      EXPECT_TRUE(
          is_reading(reading, "greenhouse-2", expected.sensor, expected.channel, expected.unit));
      double value = reading.value("value", -1.0);
      EXPECT_TRUE(value >= (expected.channel == "temperature" ? 12.0 : 0.0) &&
                  value <= (expected.channel == "temperature" ? 31.5 : 100.0))
          << message.payload;
      EXPECT_EQ(message.qos, expected.qos) << expected.topic;
      EXPECT_EQ(message.retained, expected.retain) << expected.topic;
      payloads.push_back(message.payload);
    }
    if (expected.qos > 0) {
      EXPECT_TRUE(seq_without_gaps(recorder.on_topic(expected.topic)));
    }
  }
  EXPECT_TRUE(matches_schema(payloads, reading_schema_path(), dir.path()));
}

}  // namespace
}  // namespace sa::test
