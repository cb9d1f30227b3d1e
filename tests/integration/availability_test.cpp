// The agent's retained status on {topic_prefix}/status: online, and offline however it ends.
#include <signal.h>

#include <optional>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

class Availability : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    config_ = config_for(broker_, dir_ / "state");
    status_topic_ = config_.expanded_prefix() + "/status";
    recorder_.emplace(status_subscriber());
    ASSERT_TRUE(recorder_->start());
    ASSERT_TRUE(agent_.start({"run", "--config", write_config(dir_ / "agent.toml", config_)}));
    ASSERT_TRUE(wait_for_status("online")) << agent_.describe();
  }

  RecorderOptions status_subscriber() const {
    RecorderOptions options;
    options.url = broker_.url();
    options.topic_filters = {status_topic_};
    return options;
  }

  ::testing::AssertionResult wait_for_status(const std::string& status) {
    return recorder_->wait_for(
        [&](const std::vector<ReceivedMessage>& messages) {
          return !messages.empty() && messages.back().payload == status;
        },
        kArrival, "\"" + status + "\" on " + status_topic_);
  }

  // What a subscriber arriving now is told: the retained status.
  ::testing::AssertionResult retained_status_is(const std::string& status) {
    MqttRecorder late(status_subscriber());
    if (auto started = late.start(); !started) {
      return started;
    }
    if (auto arrived = late.wait_for_count(status_topic_, 1, kArrival); !arrived) {
      return arrived;
    }
    ReceivedMessage message = late.messages().front();
    if (!message.retained || message.payload != status) {
      return ::testing::AssertionFailure() << "retained status: " << describe({message});
    }
    return ::testing::AssertionSuccess();
  }

  TempDir dir_;
  MosquittoBroker broker_;
  AgentConfig config_;
  std::string status_topic_ = "unset";
  std::optional<MqttRecorder> recorder_;
  AgentProcess agent_{dir_.path()};
};

TEST_F(Availability, OnlineIsRetainedOnTheStatusTopicAfterStart) {
  EXPECT_TRUE(retained_status_is("online"));
}

TEST_F(Availability, KilledAgentIsMarkedOfflineByItsLastWill) {
  agent_.send_signal(SIGKILL);
  ASSERT_TRUE(agent_.wait(kExit));
  EXPECT_TRUE(wait_for_status("offline"));
  EXPECT_TRUE(retained_status_is("offline"));
}

TEST_F(Availability, SigtermPublishesOfflineAndExitsCleanly) {
  agent_.send_signal(SIGTERM);
  auto ended = agent_.wait(kExit);
  ASSERT_TRUE(ended) << agent_.describe();
  EXPECT_TRUE(ended->exited && ended->code == 0) << ended->describe() << agent_.describe();
  EXPECT_TRUE(wait_for_status("offline"));
  EXPECT_TRUE(retained_status_is("offline"));
}

}  // namespace
}  // namespace sa::test
