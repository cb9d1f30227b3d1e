// Readings as a subscriber sees them: topics, payload fields, QoS, retain and seq.
#include <signal.h>

#include <map>
#include <set>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/json_schema.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

SimChannel channel(const std::string& name, int qos, bool retain = false,
                   const std::string& unit = "") {
  SimChannel result;
  result.name = name;
  result.qos = qos;
  result.retain = retain;
  result.unit = unit;
  return result;
}

uint64_t seq_of(const ReceivedMessage& message) {
  return nlohmann::json::parse(message.payload).value("seq", uint64_t{0});
}

class Readings : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(broker_.start()); }

  RecorderOptions subscriber(int qos) const {
    RecorderOptions options;
    options.url = broker_.url();
    options.qos = qos;
    return options;
  }

  ::testing::AssertionResult start_agent(AgentProcess& agent, const AgentConfig& config,
                                         const std::string& file = "agent.toml") {
    return agent.start({"run", "--config", write_config(dir_ / file, config).string()});
  }

  TempDir dir_;
  MosquittoBroker broker_;
};

TEST_F(Readings, ArriveAsSchemaValidJsonOnPrefixSensorChannelTopics) {
  MqttRecorder recorder(subscriber(2));
  ASSERT_TRUE(recorder.start());
  AgentConfig config = config_for(broker_, dir_ / "state");
  config.device_id = "pi-kitchen";
  config.topic_prefix = "home/{device}";
  config.sensors = {{"wave", "100ms", {channel("temperature", 1, false, "°C")}},
                    {"tank", "150ms", {channel("level", 1, false, "cm"), channel("flow", 0)}}};
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(start_agent(agent, config));

  ASSERT_EQ(config.expanded_prefix(), "home/pi-kitchen");
  for (auto [sensor, name] : std::vector<std::pair<std::string, std::string>>{
           {"wave", "temperature"}, {"tank", "level"}, {"tank", "flow"}}) {
    ASSERT_TRUE(readings_arrived(recorder, config, sensor, name, 5)) << agent.describe();
  }
  std::vector<std::string> payloads;
  std::set<std::string> boots;
  for (const ReceivedMessage& message : recorder.messages()) {
    if (message.topic.rfind("home/pi-kitchen/wave/", 0) == 0 ||
        message.topic.rfind("home/pi-kitchen/tank/", 0) == 0) {
      if (message.topic.size() > 7 &&
          message.topic.compare(message.topic.size() - 7, 7, "/status") == 0) {
        continue;  // per-sensor availability, not a reading
      }
      payloads.push_back(message.payload);
      boots.insert(nlohmann::json::parse(message.payload).value("boot", ""));
    }
  }
  EXPECT_EQ(boots.size(), 1u) << "one agent run, one boot id";
  ASSERT_TRUE(std::filesystem::exists(reading_schema_path())) << reading_schema_path();
  EXPECT_TRUE(matches_schema(payloads, reading_schema_path(), dir_.path()));
}

TEST_F(Readings, EachChannelIsDeliveredAtItsConfiguredQos) {
  MqttRecorder at_qos2(subscriber(2));
  MqttRecorder at_qos1(subscriber(1));
  ASSERT_TRUE(at_qos2.start());
  ASSERT_TRUE(at_qos1.start());
  AgentConfig config = config_for(broker_, dir_ / "state");
  config.sensors = {{"wave", "100ms", {channel("q0", 0), channel("q1", 1), channel("q2", 2)}}};
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(start_agent(agent, config));

  for (int qos = 0; qos <= 2; ++qos) {
    std::string name = "q" + std::to_string(qos);
    std::string topic = channel_topic(config, "wave", name);
    ASSERT_TRUE(readings_arrived(at_qos2, config, "wave", name, 5)) << agent.describe();
    ASSERT_TRUE(at_qos1.wait_for_count(topic, 5, kArrival));
    // Delivered QoS is min(published, subscribed): a QoS 2 subscription shows what was sent.
    for (const ReceivedMessage& message : at_qos2.on_topic(topic)) {
      EXPECT_EQ(message.qos, qos) << topic;
    }
    for (const ReceivedMessage& message : at_qos1.on_topic(topic)) {
      EXPECT_EQ(message.qos, std::min(qos, 1)) << topic;
    }
  }
}

TEST_F(Readings, RetainFlagIsSetOnlyOnRetainedChannels) {
  MqttRecorder live(subscriber(2));  // retain-as-published: sees the flag the agent set
  ASSERT_TRUE(live.start());
  AgentConfig config = config_for(broker_, dir_ / "state");
  config.sensors = {{"wave", "100ms", {channel("kept", 1, true), channel("passing", 1, false)}}};
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(start_agent(agent, config));
  std::string kept = channel_topic(config, "wave", "kept");
  std::string passing = channel_topic(config, "wave", "passing");
  ASSERT_TRUE(live.wait_for_count(kept, 3, kArrival)) << agent.describe();
  ASSERT_TRUE(live.wait_for_count(passing, 3, kArrival)) << agent.describe();
  for (const ReceivedMessage& message : live.on_topic(kept)) {
    EXPECT_TRUE(message.retained) << message.payload;
  }
  for (const ReceivedMessage& message : live.on_topic(passing)) {
    EXPECT_FALSE(message.retained) << message.payload;
  }

  // A subscriber arriving later gets the retained channel's last reading, and nothing else.
  agent.send_signal(SIGTERM);
  ASSERT_TRUE(agent.wait(kExit)) << agent.describe();
  RecorderOptions late_options = subscriber(2);
  late_options.topic_filters = {kept, passing};
  MqttRecorder late(late_options);
  ASSERT_TRUE(late.start());
  ASSERT_TRUE(late.wait_for_count(kept, 1, kArrival));
  std::vector<ReceivedMessage> replayed = late.messages();
  ASSERT_EQ(replayed.size(), 1u) << describe(replayed);
  EXPECT_TRUE(replayed[0].retained);
  EXPECT_EQ(replayed[0].payload, live.on_topic(kept).back().payload);
}

TEST_F(Readings, SeqCountsUpByOnePerChannelWithoutGaps) {
  MqttRecorder recorder(subscriber(2));
  ASSERT_TRUE(recorder.start());
  AgentConfig config = config_for(broker_, dir_ / "state");
  config.sensors = {{"fast", "50ms", {channel("a", 1), channel("b", 2)}},
                    {"slow", "200ms", {channel("c", 1)}}};
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(start_agent(agent, config));
  for (auto [sensor, name, count] : std::vector<std::tuple<std::string, std::string, size_t>>{
           {"fast", "a", 40}, {"fast", "b", 40}, {"slow", "c", 10}}) {
    std::string topic = channel_topic(config, sensor, name);
    ASSERT_TRUE(recorder.wait_for_count(topic, count, kArrival)) << agent.describe();
    EXPECT_TRUE(seq_without_gaps(recorder.on_topic(topic)));
  }
}

TEST_F(Readings, SeqContinuesAfterTheAgentRestarts) {
  MqttRecorder recorder(subscriber(2));
  ASSERT_TRUE(recorder.start());
  AgentConfig config = config_for(broker_, dir_ / "state");
  config.sensors = {{"wave", "100ms", {channel("temperature", 1)}}};
  std::string topic = channel_topic(config, "wave", "temperature");
  {
    AgentProcess first(dir_.path(), "first");
    ASSERT_TRUE(start_agent(first, config));
    ASSERT_TRUE(recorder.wait_for_count(topic, 5, kArrival)) << first.describe();
    first.send_signal(SIGTERM);
    auto ended = first.wait(kExit);
    ASSERT_TRUE(ended) << first.describe();
    EXPECT_TRUE(ended->exited && ended->code == 0) << ended->describe() << first.describe();
  }
  std::vector<ReceivedMessage> before = recorder.on_topic(topic);
  AgentProcess second(dir_.path(), "second");
  ASSERT_TRUE(start_agent(second, config));
  ASSERT_TRUE(recorder.wait_for_count(topic, before.size() + 3, kArrival)) << second.describe();
  std::vector<ReceivedMessage> all = recorder.on_topic(topic);
  const ReceivedMessage& first_after = all[before.size()];
  EXPECT_EQ(seq_of(first_after), seq_of(before.back()) + 1)
      << "every reading of the first run was delivered before it exited, so the second run "
         "continues where it stopped; "
      << describe(all);
  EXPECT_NE(nlohmann::json::parse(first_after.payload).value("boot", ""),
            nlohmann::json::parse(before.back().payload).value("boot", ""))
      << "a new run has a new boot id";
  EXPECT_TRUE(seq_without_gaps(all));
}

}  // namespace
}  // namespace sa::test
