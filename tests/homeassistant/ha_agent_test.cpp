// The agent against a real mosquitto with Home Assistant discovery and commands on: retained
// configs on connect, again when HA announces itself, cleared after a reload drops a channel;
// agent commands answered on the MQTT 5 response topic or on cmd/NAME/reply.
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "support/agent_config.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"
#include "template_eval.h"

namespace sa::test {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr milliseconds kArrival{15'000};
const std::string kConfigTopic = "homeassistant/sensor/test-device/wave_temperature/config";
const std::string kHumidityConfigTopic = "homeassistant/sensor/test-device/wave_humidity/config";

class HaAgent : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    config_ = config_for(broker_, dir_.path() / "state");
    SimChannel humidity;
    humidity.name = "humidity";
    humidity.unit = "%RH";
    humidity.min = 40;
    humidity.max = 60;
    config_.sensors[0].channels.push_back(humidity);
    config_.extra_toml = "[homeassistant]\ndiscovery = true\n\n[commands]\nenabled = true\n";
    prefix_ = config_.expanded_prefix();
    RecorderOptions options;
    options.url = broker_.url();
    options.topic_filters = {"homeassistant/#", prefix_ + "/#", "replies/#"};
    recorder_.emplace(options);
    ASSERT_TRUE(recorder_->start());
    config_path_ = write_config(dir_.path() / "agent.toml", config_);
    ASSERT_TRUE(agent_.start({"run", "--config", config_path_.string()}));
    ASSERT_TRUE(recorder_->wait_for_count(kConfigTopic, 1, kArrival)) << agent_.describe();
  }

  void mosquitto_pub(std::vector<std::string> args) {
    std::vector<std::string> argv = {
        kMosquittoPubPath, "-h", "127.0.0.1", "-p", std::to_string(broker_.port()), "-q", "1"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv, dir_.path(), kArrival);
    ASSERT_TRUE(result.succeeded()) << result.describe();
  }

  TempDir dir_{"sa-ha-agent"};
  MosquittoBroker broker_;
  AgentConfig config_;
  std::string prefix_;
  std::filesystem::path config_path_;
  std::optional<MqttRecorder> recorder_;
  AgentProcess agent_{dir_.path()};
};

TEST_F(HaAgent, everyChannelIsAnnouncedRetainedAndItsTemplateReadsTheReading) {
  const ReceivedMessage announced = recorder_->on_topic(kConfigTopic).front();
  EXPECT_TRUE(announced.retained);
  const json doc = json::parse(announced.payload);
  for (const char* key : {"name", "unique_id", "state_topic", "value_template", "availability",
                          "availability_mode", "device", "expire_after", "unit_of_measurement"}) {
    EXPECT_TRUE(doc.contains(key)) << key << " missing from " << announced.payload;
  }
  EXPECT_EQ(doc["device_class"], "temperature");
  const std::string state_topic = doc["state_topic"];
  EXPECT_EQ(state_topic, prefix_ + "/wave/temperature");
  ASSERT_TRUE(recorder_->wait_for_count(state_topic, 1, kArrival));
  const std::string reading = recorder_->on_topic(state_topic).front().payload;
  const auto value = eval_value_template(doc["value_template"], reading);
  ASSERT_TRUE(value) << reading;
  EXPECT_DOUBLE_EQ(value->get<double>(), json::parse(reading)["value"].get<double>());
  EXPECT_TRUE(recorder_->wait_for_count(kHumidityConfigTopic, 1, kArrival));
  EXPECT_TRUE(recorder_->wait_for_count("homeassistant/sensor/test-device/agent_queue_depth/config",
                                        1, kArrival));
}

TEST_F(HaAgent, homeAssistantComingOnlineGetsTheConfigsAgain) {
  mosquitto_pub({"-t", "homeassistant/status", "-m", "online"});
  EXPECT_TRUE(recorder_->wait_for_count(kConfigTopic, 2, kArrival)) << agent_.describe();
}

TEST_F(HaAgent, aChannelRemovedByAReloadHasItsConfigCleared) {
  ASSERT_TRUE(recorder_->wait_for_count(kHumidityConfigTopic, 1, kArrival));
  config_.sensors[0].channels.pop_back();
  write_config(config_path_, config_);
  agent_.send_signal(SIGHUP);
  ASSERT_TRUE(recorder_->wait_for(
      [&](const std::vector<ReceivedMessage>& messages) {
        for (const ReceivedMessage& m : messages) {
          if (m.topic == kHumidityConfigTopic && m.payload.empty())
            return true;
        }
        return false;
      },
      kArrival, "an empty retained config on " + kHumidityConfigTopic))
      << agent_.describe();
  // The channel that stayed is announced again, not cleared.
  for (const ReceivedMessage& m : recorder_->on_topic(kConfigTopic))
    EXPECT_FALSE(m.payload.empty());
}

TEST_F(HaAgent, mqtt5PingIsAnsweredOnTheResponseTopicWithTheCorrelationData) {
  Subprocess sub;
  const auto out = dir_.path() / "sub.out";
  std::string error;
  ASSERT_TRUE(sub.spawn({kMosquittoSubPath, "-h", "127.0.0.1", "-p", std::to_string(broker_.port()),
                         "-V", "5", "-t", "replies/ping", "-C", "1", "-W", "15", "-F", "%D %p"},
                        SpawnOptions{out, {}, {}, {}, {}}, error))
      << error;
  ASSERT_TRUE(recorder_->wait_for_count(prefix_ + "/status", 1, kArrival));
  std::this_thread::sleep_for(milliseconds(1'000));  // mosquitto_sub subscribed
  mosquitto_pub({"-V", "5", "-t", prefix_ + "/cmd/ping", "-m", "", "-D", "publish",
                 "response-topic", "replies/ping", "-D", "publish", "correlation-data", "req-42"});
  ASSERT_TRUE(recorder_->wait_for_count("replies/ping", 1, kArrival)) << agent_.describe();
  const json reply = json::parse(recorder_->on_topic("replies/ping").front().payload);
  EXPECT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["device"], "test-device");
  ASSERT_TRUE(sub.wait(kArrival));
  std::ifstream in(out);
  std::string correlation;
  in >> correlation;
  EXPECT_EQ(correlation, "req-42");
}

TEST_F(HaAgent, mqtt311CommandsAreAnsweredOnTheReplyTopicAndRetainedOnesIgnored) {
  const std::string unknown_reply = prefix_ + "/cmd/nonsense/reply";
  // Sent live to the subscribed agent (the broker clears the retain flag): answered.
  mosquitto_pub({"-V", "311", "-t", prefix_ + "/cmd/nonsense", "-m", "x", "-r"});
  ASSERT_TRUE(recorder_->wait_for_count(unknown_reply, 1, kArrival)) << agent_.describe();
  EXPECT_EQ(json::parse(recorder_->on_topic(unknown_reply).front().payload)["ok"], false);
  // After a reload the agent subscribes again and gets the same command as a retained message.
  agent_.send_signal(SIGHUP);
  ASSERT_TRUE(agent_.wait_for_log("reloaded", kArrival));
  ASSERT_TRUE(recorder_->wait_for_count(kConfigTopic, 2, kArrival)) << agent_.describe();
  mosquitto_pub({"-V", "311", "-t", prefix_ + "/cmd/ping", "-m", ""});
  ASSERT_TRUE(recorder_->wait_for_count(prefix_ + "/cmd/ping/reply", 1, kArrival))
      << agent_.describe();
  EXPECT_EQ(json::parse(recorder_->on_topic(prefix_ + "/cmd/ping/reply").front().payload)["ok"],
            true);
  EXPECT_EQ(recorder_->on_topic(unknown_reply).size(), 1u) << describe(recorder_->messages());
}

TEST_F(HaAgent, theReadCommandSamplesEverySensorBetweenItsDeadlines) {
  config_.sensors[0].interval = "1h";
  write_config(config_path_, config_);
  agent_.send_signal(SIGHUP);
  ASSERT_TRUE(agent_.wait_for_log("reloaded", kArrival));
  const std::string topic = prefix_ + "/wave/temperature";
  ASSERT_TRUE(recorder_->wait_for_count(kConfigTopic, 2, kArrival)) << agent_.describe();
  std::this_thread::sleep_for(milliseconds(500));  // the first read of the hourly schedule
  const size_t before = recorder_->on_topic(topic).size();
  mosquitto_pub({"-V", "311", "-t", prefix_ + "/cmd/read", "-m", ""});
  ASSERT_TRUE(recorder_->wait_for_count(prefix_ + "/cmd/read/reply", 1, kArrival));
  const json reply = json::parse(recorder_->on_topic(prefix_ + "/cmd/read/reply").front().payload);
  EXPECT_EQ(reply["ok"], true);
  EXPECT_EQ(reply["sensors"], 1);
  EXPECT_TRUE(recorder_->wait_for_count(topic, before + 1, kArrival)) << agent_.describe();
}

}  // namespace
}  // namespace sa::test
