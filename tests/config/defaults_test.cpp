#include <gtest/gtest.h>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

// A file with nothing but one sensor gets the built-in defaults everywhere else.
TEST(Defaults, MinimalFileGetsTheStructDefaults) {
  LoadResult result = test::load(test::kSimSensor);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_TRUE(result.problems.empty()) << test::describe(result);
  const Config& config = *result.config;
  EXPECT_EQ(config.path, "test.toml");

  AgentSettings agent;
  EXPECT_EQ(config.agent.state_dir, agent.state_dir);
  EXPECT_EQ(config.agent.health_interval, agent.health_interval);
  EXPECT_EQ(config.agent.log_level, agent.log_level);

  EXPECT_EQ(config.device.id, "testhost");
  EXPECT_EQ(config.device.topic_prefix, "sensors/testhost");

  BrokerConfig broker;
  EXPECT_EQ(config.broker.url, broker.url);
  EXPECT_EQ(config.broker.host, broker.host);
  EXPECT_EQ(config.broker.port, broker.port);
  EXPECT_EQ(config.broker.tls, broker.tls);
  EXPECT_EQ(config.broker.protocol, broker.protocol);
  EXPECT_EQ(config.broker.client_id, "testhost");
  EXPECT_TRUE(config.broker.username.empty());
  EXPECT_TRUE(config.broker.password.empty());
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
  EXPECT_EQ(config.queue.replay_pack, 1);

  ASSERT_EQ(config.sensors.size(), 1u);
  const SensorConfig& sensor = config.sensors[0];
  SensorConfig sensor_defaults;
  EXPECT_EQ(sensor.name, "wave");
  EXPECT_EQ(sensor.driver, "sim");
  EXPECT_EQ(sensor.interval, sensor_defaults.interval);
  EXPECT_EQ(sensor.stale_after, sensor_defaults.stale_after);
  ASSERT_EQ(sensor.channels.size(), 1u);
  ChannelConfig channel_defaults;
  EXPECT_EQ(sensor.channels[0].qos, channel_defaults.qos);
  EXPECT_EQ(sensor.channels[0].retain, channel_defaults.retain);
  EXPECT_EQ(sensor.channels[0].queue, channel_defaults.queue);
  EXPECT_EQ(sensor.channels[0].topic, "sensors/testhost/wave/value");
}

TEST(Defaults, QueueDirFollowsStateDir) {
  std::string text = std::string("[agent]\nstate_dir = \"/srv/agent/\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->queue.dir, "/srv/agent/queue");
}

TEST(Sections, ValuesAreRead) {
  std::string text = std::string(
                         "[agent]\nstate_dir = \"/srv/a\"\nhealth_interval = \"15s\"\n"
                         "log_level = \"debug\"\n"
                         "[queue]\ndir = \"/data/q\"\nmax_bytes = \"1GiB\"\nmax_age = \"7d\"\n"
                         "on_full = \"drop_newest\"\nsync = \"always\"\nsync_interval = \"1s\"\n"
                         "memory_max_messages = 500\nreplay_pack = 100\n") +
                     test::kSimSensor;
  LoadResult result = test::load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  const Config& config = *result.config;
  EXPECT_EQ(config.agent.state_dir, "/srv/a");
  EXPECT_EQ(config.agent.health_interval, std::chrono::seconds{15});
  EXPECT_EQ(config.agent.log_level, "debug");
  EXPECT_EQ(config.queue.dir, "/data/q");
  EXPECT_EQ(config.queue.max_bytes, 1ull << 30);
  EXPECT_EQ(config.queue.max_age, std::chrono::hours{7 * 24});
  EXPECT_EQ(config.queue.on_full, DropPolicy::drop_newest);
  EXPECT_EQ(config.queue.sync, SyncPolicy::always);
  EXPECT_EQ(config.queue.sync_interval, std::chrono::seconds{1});
  EXPECT_EQ(config.queue.memory_max_messages, 500u);
  EXPECT_EQ(config.queue.replay_pack, 100);
}

}  // namespace
}  // namespace sa
