#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

LoadResult load_example(const std::string& name) {
  return load_config_file(std::string(SA_CONFIG_EXAMPLES_DIR) + "/" + name, test::fake_driver,
                          test::test_env({}, "raspberrypi"), test::fake_driver_names());
}

TEST(Examples, DemoLoadsWithoutAnyProblem) {
  LoadResult result = load_example("demo.toml");
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  const Config& config = *result.config;
  EXPECT_EQ(config.device.id, "demo");
  EXPECT_EQ(config.broker.host, "localhost");
  EXPECT_EQ(config.broker.port, 1883);
  EXPECT_EQ(config.broker.protocol, MqttVersion::v5);
  EXPECT_TRUE(config.broker.username.empty());
  EXPECT_EQ(config.agent.state_dir, "/tmp/sensor-agent-demo");

  bool qos_seen[3] = {false, false, false};
  bool system_seen = false;
  for (const SensorConfig& sensor : config.sensors) {
    if (sensor.driver == "system") {
      system_seen = true;
      EXPECT_EQ(sensor.interval, std::chrono::seconds{10});
      continue;
    }
    EXPECT_EQ(sensor.driver, "sim");
    EXPECT_GE(sensor.interval, std::chrono::seconds{1});
    EXPECT_LE(sensor.interval, std::chrono::seconds{2});
    for (const ChannelConfig& channel : sensor.channels) {
      qos_seen[channel.qos] = true;
      EXPECT_EQ(channel.topic.rfind("sensors/demo/", 0), 0u) << channel.topic;
    }
  }
  EXPECT_TRUE(qos_seen[0] && qos_seen[1] && qos_seen[2]);
  EXPECT_TRUE(system_seen);
}

TEST(Examples, PackagedReferenceLoadsWithoutAnyProblem) {
  LoadResult result = load_example("agent.toml");
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  for (const SensorConfig& sensor : result.config->sensors) {
    EXPECT_NE(sensor.driver, "sim") << "the packaged default keeps sim commented out";
  }
  EXPECT_EQ(result.config->device.id, "raspberrypi");
}

// The reference file states every default; it must not drift from the built-in ones.
TEST(Examples, PackagedReferenceStatesTheBuiltInDefaults) {
  LoadResult result = load_example("agent.toml");
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const Config& config = *result.config;
  AgentSettings agent;
  EXPECT_EQ(config.agent.state_dir, agent.state_dir);
  EXPECT_EQ(config.agent.health_interval, agent.health_interval);
  EXPECT_EQ(config.agent.log_level, agent.log_level);
  EXPECT_EQ(config.device.topic_prefix, "sensors/raspberrypi");
  BrokerConfig broker;
  EXPECT_EQ(config.broker.url, broker.url);
  EXPECT_EQ(config.broker.protocol, broker.protocol);
  EXPECT_EQ(config.broker.client_id, "raspberrypi");
  EXPECT_EQ(config.broker.keepalive, broker.keepalive);
  EXPECT_EQ(config.broker.connect_timeout, broker.connect_timeout);
  EXPECT_EQ(config.broker.ack_timeout, broker.ack_timeout);
  EXPECT_EQ(config.broker.reconnect_min, broker.reconnect_min);
  EXPECT_EQ(config.broker.reconnect_max, broker.reconnect_max);
  EXPECT_EQ(config.broker.clean_session, broker.clean_session);
  EXPECT_EQ(config.broker.session_expiry, broker.session_expiry);
  EXPECT_EQ(config.broker.message_expiry, broker.message_expiry);
  EXPECT_EQ(config.broker.max_inflight, broker.max_inflight);
  QueueConfig queue;
  EXPECT_EQ(config.queue.dir, agent.state_dir + "/queue");
  EXPECT_EQ(config.queue.max_bytes, queue.max_bytes);
  EXPECT_EQ(config.queue.max_age, queue.max_age);
  EXPECT_EQ(config.queue.on_full, queue.on_full);
  EXPECT_EQ(config.queue.sync, queue.sync);
  EXPECT_EQ(config.queue.sync_interval, queue.sync_interval);
  EXPECT_EQ(config.queue.memory_max_messages, queue.memory_max_messages);
}

}  // namespace
}  // namespace sa
