// The tutorial's walk-through with sensor-agent on a locked broker: mosquitto_sub and
// mosquitto_pub with -u/-P next to the agent, and a Python paho subscriber reading its readings.
#include <sstream>

#include "reading_checks.h"
#include "support/agent_process.h"
#include "support/mosquitto_broker.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa::test {
namespace {

const Credentials kDevice{"pi-kitchen", "kitchen-s3cret"};
const Credentials kReader{"dashboard", "dashboard-s3cret"};

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

class Tutorial : public ::testing::Test {
 protected:
  void SetUp() override {
    BrokerOptions options;
    options.allow_anonymous = false;
    options.users = {kDevice, kReader};
    broker_ = std::make_unique<MosquittoBroker>(options);
    ASSERT_TRUE(broker_->start());
    config_ = config_for(*broker_, dir_ / "state");
    use_credentials(config_, kDevice, dir_.path());
    topic_ = channel_topic(config_, "wave", "temperature");
  }

  void start_agent() {
    ASSERT_TRUE(agent_.start({"run", "--config", write_config(dir_ / "agent.toml", config_)}));
  }

  std::vector<std::string> client_args(const char* tool, const Credentials* credentials) const {
    std::vector<std::string> args = {tool, "-h", "127.0.0.1", "-p",
                                     std::to_string(broker_->port())};
    if (credentials != nullptr) {
      args.insert(args.end(), {"-u", credentials->username, "-P", credentials->password});
    }
    return args;
  }

  TempDir dir_;
  std::unique_ptr<MosquittoBroker> broker_;
  AgentConfig config_;
  std::string topic_;
  AgentProcess agent_{dir_.path()};
};

TEST_F(Tutorial, MosquittoSubWithCredentialsShowsTheAgentsReadings) {
  start_agent();
  std::vector<std::string> sub = client_args(kMosquittoSubPath, &kReader);
  sub.insert(sub.end(), {"-t", topic_, "-v", "-C", "3", "-W", "60"});
  CommandResult result = run_command(sub, dir_.path(), std::chrono::seconds(90));
  ASSERT_TRUE(result.succeeded()) << result.describe() << agent_.describe();
  std::vector<std::string> lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  for (const std::string& line : lines) {
    ASSERT_EQ(line.rfind(topic_ + " ", 0), 0u) << line;
    nlohmann::json reading;
    ASSERT_TRUE(parse_payload(line.substr(topic_.size() + 1), reading));
    EXPECT_TRUE(is_reading(reading, config_.device_id, "wave", "temperature", "°C"));
  }
}

TEST_F(Tutorial, MosquittoPubWithCredentialsReachesMosquittoSubOnTheSameBroker) {
  start_agent();
  std::vector<std::string> sub = client_args(kMosquittoSubPath, &kReader);
  sub.insert(sub.end(), {"-t", "mqtt", "-v", "-C", "1", "-W", "60"});
  Subprocess subscriber;
  SpawnOptions options;
  options.stdout_path = dir_ / "sub.out";
  options.stderr_path = dir_ / "sub.err";
  std::string error;
  ASSERT_TRUE(subscriber.spawn(sub, options, error)) << error;
  // mosquitto_sub says nothing when it has subscribed: publish until it has its one message.
  std::vector<std::string> pub = client_args(kMosquittoPubPath, &kDevice);
  pub.insert(pub.end(), {"-t", "mqtt", "-m", "Hello MQTT"});
  std::optional<ExitStatus> ended;
  for (int attempt = 0; attempt < 100 && !ended; ++attempt) {
    CommandResult published = run_command(pub, dir_.path());
    ASSERT_TRUE(published.succeeded()) << published.describe();
    ended = subscriber.wait(std::chrono::milliseconds(300));
  }
  ASSERT_TRUE(ended && ended->exited && ended->code == 0)
      << read_file(dir_ / "sub.out") << read_file(dir_ / "sub.err");
  EXPECT_EQ(read_file(dir_ / "sub.out"), "mqtt Hello MQTT\n");
}

TEST_F(Tutorial, MosquittoSubWithoutCredentialsIsRefusedAsNotAuthorised) {
  std::vector<std::string> sub = client_args(kMosquittoSubPath, nullptr);
  sub.insert(sub.end(), {"-t", topic_, "-v", "-C", "1", "-W", "30"});
  CommandResult result = run_command(sub, dir_.path(), std::chrono::seconds(60));
  EXPECT_FALSE(result.succeeded()) << result.describe();
  EXPECT_TRUE(contains_nocase(result.err, "not authori")) << result.describe();
}

TEST_F(Tutorial, PythonPahoSubscriberReceivesTheAgentsReadings) {
  start_agent();
  CommandResult result = run_command(
      {kPython3Path, SA_TUTORIAL_SUBSCRIBER, "--host", "127.0.0.1", "--port",
       std::to_string(broker_->port()), "--username", kReader.username, "--password",
       kReader.password, "--topic", config_.expanded_prefix() + "/#", "--qos", "1", "--count", "3"},
      dir_.path(), std::chrono::seconds(90));
  ASSERT_TRUE(result.succeeded()) << result.describe() << agent_.describe();
  std::vector<std::string> lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind(topic_ + " ", 0), 0u) << line;
    EXPECT_NE(line.find("°C (seq "), std::string::npos) << line;
    EXPECT_NE(line.find(", qos 1)"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace sa::test
