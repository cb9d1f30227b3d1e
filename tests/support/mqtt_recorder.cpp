#include "support/mqtt_recorder.h"

#include <unistd.h>

#include <atomic>
#include <sstream>

#include "mqtt/async_client.h"

namespace sa::test {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(20);

std::string unique_client_id() {
  static std::atomic<int> counter{0};
  return "sa-test-recorder-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

std::string describe(const std::vector<ReceivedMessage>& messages, size_t limit) {
  std::ostringstream text;
  text << messages.size() << " message(s) received";
  for (size_t i = 0; i < messages.size() && i < limit; ++i) {
    const ReceivedMessage& message = messages[i];
    text << "\n  " << message.topic << " qos=" << message.qos
         << " retain=" << (message.retained ? 1 : 0) << " " << message.payload;
  }
  if (messages.size() > limit) {
    text << "\n  ...";
  }
  return text.str();
}

MqttRecorder::MqttRecorder(RecorderOptions options) : options_(std::move(options)) {}

MqttRecorder::~MqttRecorder() {
  stop();
}

::testing::AssertionResult MqttRecorder::start() {
  try {
    client_ = std::make_unique<mqtt::async_client>(options_.url, unique_client_id(),
                                                   mqtt::create_options(MQTTVERSION_5));
    client_->set_message_callback([this](mqtt::const_message_ptr message) {
      record({message->get_topic(), message->get_payload_str(), message->get_qos(),
              message->is_retained()});
    });
    auto builder = mqtt::connect_options_builder();
    builder.mqtt_version(MQTTVERSION_5).connect_timeout(kConnectTimeout);
    if (options_.persistent_session) {
      builder.clean_start(false)
          .properties({mqtt::property(mqtt::property::SESSION_EXPIRY_INTERVAL, 3600)})
          .automatic_reconnect(std::chrono::seconds(1), std::chrono::seconds(2));
    } else {
      builder.clean_start(true);
    }
    if (!options_.credentials.username.empty()) {
      builder.user_name(options_.credentials.username).password(options_.credentials.password);
    }
    if (!client_->connect(builder.finalize())->wait_for(kConnectTimeout)) {
      return ::testing::AssertionFailure() << "recorder: no CONNACK from " << options_.url;
    }
    mqtt::subscribe_options subscribe_options(false, options_.retain_as_published);
    for (const std::string& filter : options_.topic_filters) {
      if (!client_->subscribe(filter, options_.qos, subscribe_options)->wait_for(kConnectTimeout)) {
        return ::testing::AssertionFailure() << "recorder: no SUBACK for " << filter;
      }
    }
  } catch (const mqtt::exception& error) {
    return ::testing::AssertionFailure()
           << "recorder could not subscribe at " << options_.url << ": " << error.what();
  }
  return ::testing::AssertionSuccess();
}

void MqttRecorder::stop() {
  if (!client_) {
    return;
  }
  try {
    if (client_->is_connected()) {
      client_->disconnect()->wait_for(std::chrono::seconds(5));
    }
  } catch (const mqtt::exception&) {
    // Already gone: nothing left to release but the client object.
  }
  client_.reset();
}

void MqttRecorder::record(ReceivedMessage message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(std::move(message));
  }
  arrived_.notify_all();
}

std::vector<ReceivedMessage> MqttRecorder::messages() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

std::vector<ReceivedMessage> MqttRecorder::on_topic(const std::string& topic) const {
  std::vector<ReceivedMessage> matching;
  for (ReceivedMessage& message : messages()) {
    if (message.topic == topic) {
      matching.push_back(std::move(message));
    }
  }
  return matching;
}

::testing::AssertionResult MqttRecorder::wait_for(const MessagePredicate& done,
                                                  std::chrono::milliseconds timeout,
                                                  const std::string& what) const {
  std::unique_lock<std::mutex> lock(mutex_);
  if (arrived_.wait_for(lock, timeout, [&] { return done(messages_); })) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "timed out after " << timeout.count()
                                       << " ms waiting for " << what << "; " << describe(messages_);
}

::testing::AssertionResult MqttRecorder::wait_for_count(const std::string& topic, size_t count,
                                                        std::chrono::milliseconds timeout) const {
  return wait_for(
      [&](const std::vector<ReceivedMessage>& messages) {
        size_t seen = 0;
        for (const ReceivedMessage& message : messages) {
          seen += message.topic == topic ? 1 : 0;
        }
        return seen >= count;
      },
      timeout, std::to_string(count) + " message(s) on " + topic);
}

}  // namespace sa::test
