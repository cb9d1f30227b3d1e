// A broker locked with `allow_anonymous false` and a mosquitto_passwd password file.
#include <thread>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_recorder.h"
#include "support/temp_dir.h"

namespace sa::test {
namespace {

const Credentials kDevice{"pi-kitchen", "kitchen-s3cret"};
const Credentials kReader{"dashboard", "dashboard-s3cret"};
const Credentials kWrong{"pi-kitchen", "n0t-the-passw0rd"};

// What mosquitto's CONNACK refusals look like in words.
bool says_not_authorised(const std::string& text) {
  for (const char* words : {"not authori", "bad user name or password"}) {
    if (contains_nocase(text, words)) {
      return true;
    }
  }
  return false;
}

class LockedBroker : public ::testing::Test {
 protected:
  void SetUp() override {
    BrokerOptions options;
    options.allow_anonymous = false;
    options.users = {kDevice, kReader};
    broker_ = std::make_unique<MosquittoBroker>(options);
    ASSERT_TRUE(broker_->start());
    RecorderOptions reader;
    reader.url = broker_->url();
    reader.credentials = kReader;
    recorder_ = std::make_unique<MqttRecorder>(reader);
    ASSERT_TRUE(recorder_->start());
  }

  AgentConfig config_with(const Credentials* credentials) {
    AgentConfig config = config_for(*broker_, dir_ / "state");
    if (credentials != nullptr) {
      use_credentials(config, *credentials, dir_.path());
    }
    return config;
  }

  TempDir dir_;
  std::unique_ptr<MosquittoBroker> broker_;
  std::unique_ptr<MqttRecorder> recorder_;
};

TEST_F(LockedBroker, RightCredentialsPublishReadings) {
  AgentConfig config = config_with(&kDevice);
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(agent.start({"run", "--config", write_config(dir_ / "agent.toml", config)}));
  EXPECT_TRUE(readings_arrived(*recorder_, config, "wave", "temperature", 3)) << agent.describe();
}

TEST_F(LockedBroker, WrongPasswordIsLoggedByRunAsNotAuthorisedWithoutTheSecret) {
  AgentConfig config = config_with(&kWrong);
  AgentProcess agent(dir_.path());
  ASSERT_TRUE(agent.start({"run", "--config", write_config(dir_ / "agent.toml", config)}));
  auto deadline = std::chrono::steady_clock::now() + kArrival;
  while (!says_not_authorised(agent.err()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(says_not_authorised(agent.err())) << agent.describe();
  EXPECT_TRUE(agent.running()) << "keeps retrying: the password file may be fixed\n"
                               << agent.describe();
  EXPECT_EQ(agent.err().find(kWrong.password), std::string::npos) << "the log shows the password";
  EXPECT_TRUE(recorder_->on_topic(channel_topic(config, "wave", "temperature")).empty());
}

TEST_F(LockedBroker, WrongPasswordMakesProbeFailSayingNotAuthorised) {
  AgentConfig config = config_with(&kWrong);
  CommandResult result =
      run_agent({"probe", "--config", write_config(dir_ / "agent.toml", config)}, dir_.path());
  EXPECT_NE(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(says_not_authorised(result.out + result.err)) << result.describe();
  EXPECT_EQ((result.out + result.err).find(kWrong.password), std::string::npos);
}

TEST_F(LockedBroker, AnonymousProbeIsRefusedAsNotAuthorised) {
  AgentConfig config = config_with(nullptr);
  CommandResult result =
      run_agent({"probe", "--config", write_config(dir_ / "agent.toml", config)}, dir_.path());
  EXPECT_NE(result.exit_code(), 0) << result.describe();
  EXPECT_TRUE(says_not_authorised(result.out + result.err)) << result.describe();
}

TEST_F(LockedBroker, RightCredentialsProbeSucceeds) {
  AgentConfig config = config_with(&kDevice);
  CommandResult result =
      run_agent({"probe", "--config", write_config(dir_ / "agent.toml", config)}, dir_.path());
  EXPECT_EQ(result.exit_code(), 0) << result.describe();
}

}  // namespace
}  // namespace sa::test
