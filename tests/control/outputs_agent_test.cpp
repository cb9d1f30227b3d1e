// sysfs_output through the agent against a real mosquitto, on a temporary file: initial state,
// commands through the safety rules, the new state published as a reading, pulses, the safe
// state on stop.
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

namespace sa::test {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr milliseconds kArrival{15'000};

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

bool file_becomes(const std::filesystem::path& path, const std::string& text) {
  const auto until = std::chrono::steady_clock::now() + kArrival;
  while (std::chrono::steady_clock::now() < until) {
    if (file_text(path) == text)
      return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

class SysfsOutputAgent : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    std::ofstream(brightness_) << "0\n";
    config_ = config_for(broker_, dir_.path() / "state");
    config_.extra_toml =
        "[[sensor]]\nname = \"led\"\ndriver = \"sysfs_output\"\ninterval = \"1h\"\n"
        "path = " +
        toml_string(brightness_.string()) + "\nmax = 255\ninitial = 10\nsafe_state = 0\n" +
        extra_options();
    prefix_ = config_.expanded_prefix();
    RecorderOptions options;
    options.url = broker_.url();
    options.topic_filters = {prefix_ + "/led/#", "replies/#"};
    recorder_.emplace(options);
    ASSERT_TRUE(recorder_->start());
    ASSERT_TRUE(agent_.start(
        {"run", "--config", write_config(dir_.path() / "agent.toml", config_).string()}));
    ASSERT_TRUE(recorder_->wait_for_count(prefix_ + "/led/value", 1, kArrival))
        << agent_.describe();
    std::this_thread::sleep_for(milliseconds(300));  // subscribed after "online"
  }

  virtual std::string extra_options() const { return ""; }

  void command(const std::string& topic, const std::string& payload, const std::string& reply) {
    const CommandResult result = run_command(
        {kMosquittoPubPath, "-h", "127.0.0.1", "-p", std::to_string(broker_.port()), "-V", "5",
         "-q", "1", "-t", topic, "-m", payload, "-D", "publish", "response-topic", reply},
        dir_.path(), kArrival);
    ASSERT_TRUE(result.succeeded()) << result.describe();
  }

  json reply_on(const std::string& topic) {
    if (!recorder_->wait_for_count(topic, 1, kArrival))
      return json();
    return json::parse(recorder_->on_topic(topic).back().payload);
  }

  std::vector<double> values() {
    std::vector<double> out;
    for (const ReceivedMessage& m : recorder_->on_topic(prefix_ + "/led/value"))
      out.push_back(json::parse(m.payload)["value"].get<double>());
    return out;
  }

  TempDir dir_{"sa-output"};
  std::filesystem::path brightness_ = dir_.path() / "brightness";
  MosquittoBroker broker_;
  AgentConfig config_;
  std::string prefix_;
  std::optional<MqttRecorder> recorder_;
  AgentProcess agent_{dir_.path()};
};

TEST_F(SysfsOutputAgent, aCommandSetsTheFileAndTheNewStateIsPublishedAsAReading) {
  EXPECT_EQ(file_text(brightness_), "10");  // initial
  EXPECT_EQ(values().front(), 10.0);
  command(prefix_ + "/led/value/set", "128", "replies/1");
  EXPECT_EQ(reply_on("replies/1")["ok"], true) << agent_.describe();
  EXPECT_TRUE(file_becomes(brightness_, "128"));
  ASSERT_TRUE(recorder_->wait_for_count(prefix_ + "/led/value", 2, kArrival));
  EXPECT_EQ(values().back(), 128.0);
}

TEST_F(SysfsOutputAgent, outOfBoundsAndNonOutputChannelsAreRefusedWithAReason) {
  command(prefix_ + "/led/value/set", "300", "replies/2");
  const json refused = reply_on("replies/2");
  EXPECT_EQ(refused["ok"], false);
  EXPECT_NE(refused.value("error", "").find("outside [0, 255]"), std::string::npos) << refused;
  command(prefix_ + "/wave/temperature/set", "1", "replies/3");
  const json not_output = reply_on("replies/3");
  EXPECT_EQ(not_output["ok"], false);
  EXPECT_NE(not_output.value("error", "").find("not an output"), std::string::npos) << not_output;
  EXPECT_EQ(file_text(brightness_), "10");
}

TEST_F(SysfsOutputAgent, aPulseGoesBackAndStopAppliesTheSafeState) {
  command(prefix_ + "/led/value/set", R"({"value": 255, "pulse": "300ms"})", "replies/4");
  EXPECT_EQ(reply_on("replies/4")["ok"], true);
  EXPECT_TRUE(file_becomes(brightness_, "255"));
  EXPECT_TRUE(file_becomes(brightness_, "10"));  // back to the state before the pulse
  agent_.send_signal(SIGTERM);
  ASSERT_TRUE(agent_.wait(kArrival));
  EXPECT_EQ(file_text(brightness_), "0");
}

class SysfsOutputOnDisconnect : public SysfsOutputAgent {
 protected:
  std::string extra_options() const override { return "on_disconnect = \"1s\"\n"; }
};

TEST_F(SysfsOutputOnDisconnect, theSafeStateIsWrittenOnceTheBrokerIsGoneThatLong) {
  EXPECT_EQ(file_text(brightness_), "10");  // initial, while connected
  ASSERT_TRUE(broker_.stop());
  EXPECT_TRUE(file_becomes(brightness_, "0")) << agent_.describe();
}

}  // namespace
}  // namespace sa::test
