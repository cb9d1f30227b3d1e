#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/mosquitto_broker.h"

namespace mqtt {
class async_client;
}

namespace sa::test {

// One message as a subscriber saw it: the QoS it was delivered at and its retain flag.
struct ReceivedMessage {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retained = false;
};

struct RecorderOptions {
  std::string url;  // mqtt://127.0.0.1:PORT
  std::vector<std::string> topic_filters = {"#"};
  int qos = 2;  // subscription QoS: messages arrive at min(published, this)
  Credentials credentials;
  // MQTT 5 "retain as published": live messages keep the publisher's retain flag, so a test sees
  // what the agent sent and not only what the broker replays on subscribe.
  bool retain_as_published = true;
  // A session the broker keeps (fixed client id, MQTT 5 session expiry) and automatic
  // reconnects: with a persistent broker, nothing published while the recorder was cut off by a
  // broker restart is missed.
  bool persistent_session = false;
};

using MessagePredicate = std::function<bool(const std::vector<ReceivedMessage>&)>;

// A subscriber in the test process (Paho C++, MQTT 5) that records every message it receives.
class MqttRecorder {
 public:
  explicit MqttRecorder(RecorderOptions options);
  ~MqttRecorder();
  MqttRecorder(const MqttRecorder&) = delete;
  MqttRecorder& operator=(const MqttRecorder&) = delete;

  // Connects and subscribes; succeeds once the broker acknowledged the subscriptions.
  ::testing::AssertionResult start();
  void stop();

  std::vector<ReceivedMessage> messages() const;
  std::vector<ReceivedMessage> on_topic(const std::string& topic) const;
  // Waits until `done` holds for everything received so far. `what` names the expectation in
  // the failure message, which also lists what did arrive.
  ::testing::AssertionResult wait_for(const MessagePredicate& done,
                                      std::chrono::milliseconds timeout,
                                      const std::string& what) const;
  // Waits for at least `count` messages on `topic`.
  ::testing::AssertionResult wait_for_count(const std::string& topic, size_t count,
                                            std::chrono::milliseconds timeout) const;

 private:
  void record(ReceivedMessage message);

  RecorderOptions options_;
  std::unique_ptr<mqtt::async_client> client_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<ReceivedMessage> messages_;
};

// A readable summary of messages (topic, qos, retain, payload), at most `limit` of them.
std::string describe(const std::vector<ReceivedMessage>& messages, size_t limit = 40);

}  // namespace sa::test
