// Both transports receive what a command sender puts in a message (retained flag, MQTT 5
// message expiry, response topic, correlation data) and send correlation data with a reply,
// against a real mosquitto, over MQTT 5 and 3.1.1.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "mqtt/transport_factory.h"
#include "support/mosquitto_broker.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa {
namespace {

using std::chrono::milliseconds;
using test::MosquittoBroker;

constexpr milliseconds kPatience{10'000};

class Inbox {
 public:
  void add(const InboundMessage& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(message);
    changed_.notify_all();
  }
  std::optional<InboundMessage> wait_on(const std::string& topic) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<InboundMessage> found;
    changed_.wait_for(lock, kPatience, [&] {
      for (const InboundMessage& m : messages_) {
        if (m.topic == topic)
          found = m;
      }
      return found.has_value();
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<InboundMessage> messages_;
};

class InboundTest : public ::testing::TestWithParam<std::tuple<MqttClient, MqttVersion>> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(broker_.start());
    BrokerConfig config;
    config.url = broker_.url();
    config.host = "127.0.0.1";
    config.port = broker_.port();
    config.client = std::get<0>(GetParam());
    config.protocol = std::get<1>(GetParam());
    transport_ = make_transport(config, "inbound-test", "");
    Transport::Callbacks callbacks;
    callbacks.inbound = [this](const InboundMessage& m) { inbox_.add(m); };
    transport_->set_callbacks(callbacks);
    ASSERT_TRUE(transport_->connect(kPatience).connected);
  }

  bool v5() const { return std::get<1>(GetParam()) == MqttVersion::v5; }

  void mosquitto_pub(std::vector<std::string> args) {
    std::vector<std::string> argv = {test::kMosquittoPubPath,        "-h", "127.0.0.1", "-p",
                                     std::to_string(broker_.port()), "-q", "1"};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::CommandResult result = test::run_command(argv, scratch_.path(), kPatience);
    ASSERT_TRUE(result.succeeded()) << result.describe();
  }

  MosquittoBroker broker_;
  test::TempDir scratch_{"sa-inbound"};
  std::unique_ptr<Transport> transport_;
  Inbox inbox_;
};

TEST_P(InboundTest, aRetainedCommandArrivesMarkedRetainedWithItsProperties) {
  std::vector<std::string> args = {"-t", "dev/cmd/ping", "-m", "hello", "-r"};
  if (v5()) {
    args.insert(args.end(),
                {"-V", "5", "-D", "publish", "response-topic", "replies/1", "-D", "publish",
                 "correlation-data", "abc-1", "-D", "publish", "message-expiry-interval", "60"});
  }
  mosquitto_pub(args);
  std::string reason;
  ASSERT_TRUE(transport_->subscribe("dev/cmd/#", 1, kPatience, reason)) << reason;
  const std::optional<InboundMessage> got = inbox_.wait_on("dev/cmd/ping");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->payload, "hello");
  EXPECT_TRUE(got->retained);
  if (v5()) {
    EXPECT_EQ(got->response_topic, "replies/1");
    EXPECT_EQ(got->correlation_data, "abc-1");
    EXPECT_GT(got->message_expiry.count(), 0);
    EXPECT_LE(got->message_expiry.count(), 60);
  } else {
    EXPECT_TRUE(got->response_topic.empty());
    EXPECT_EQ(got->message_expiry.count(), 0);
  }
}

TEST_P(InboundTest, aLiveMessageIsNotRetainedAndAReplyCarriesTheCorrelationData) {
  std::string reason;
  ASSERT_TRUE(transport_->subscribe("dev/#", 1, kPatience, reason)) << reason;
  mosquitto_pub({"-t", "dev/cmd/read", "-m", "now"});
  const std::optional<InboundMessage> command = inbox_.wait_on("dev/cmd/read");
  ASSERT_TRUE(command);
  EXPECT_FALSE(command->retained);

  PublishRequest reply;
  reply.token = 1;
  reply.topic = "dev/reply";
  reply.payload = R"({"ok":true})";
  reply.correlation_data = "xyz-9";
  ASSERT_TRUE(transport_->publish(reply, reason)) << reason;
  const std::optional<InboundMessage> echoed = inbox_.wait_on("dev/reply");
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->payload, reply.payload);
  EXPECT_EQ(echoed->correlation_data, v5() ? "xyz-9" : "");
}

INSTANTIATE_TEST_SUITE_P(
    Clients, InboundTest,
    ::testing::Combine(::testing::Values(MqttClient::paho, MqttClient::mosquitto),
                       ::testing::Values(MqttVersion::v5, MqttVersion::v3_1_1)),
    [](const auto& test_info) {
      return std::string(std::get<0>(test_info.param) == MqttClient::paho ? "paho" : "mosquitto") +
             (std::get<1>(test_info.param) == MqttVersion::v5 ? "_v5" : "_v311");
    });

}  // namespace
}  // namespace sa
