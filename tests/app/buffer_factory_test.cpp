#include "app/buffer_factory.h"

#include <gtest/gtest.h>

#include "queue/memory_buffer.h"

namespace sa {
namespace {

OutgoingMessage message(int n) {
  OutgoingMessage out;
  out.topic = "t/" + std::to_string(n);
  out.payload = std::to_string(n);
  out.created_unix_ms = 1'700'000'000'000 + n;
  return out;
}

TEST(MoveUnsent, MovesEveryUnsentMessageInOrderAndEmptiesTheSource) {
  QueueConfig config;
  MemoryBuffer from(config);
  MemoryBuffer to(config);
  constexpr int kCount = 600;  // more than one batch
  for (int i = 0; i < kCount; ++i) {
    from.push(message(i));
  }
  EXPECT_EQ(move_unsent(from, to), static_cast<size_t>(kCount));
  EXPECT_EQ(from.stats().depth, 0U);
  EXPECT_EQ(to.stats().depth, static_cast<uint64_t>(kCount));
  const auto moved = to.take_unsent(kCount);
  ASSERT_EQ(moved.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(moved[static_cast<size_t>(i)].message.payload, std::to_string(i));
  }
}

TEST(SameBuffer, ChangesToTheQueueSettingsNeedANewBuffer) {
  Config before;
  Config after = before;
  EXPECT_TRUE(same_buffer(before, after));
  after.queue.memory_max_messages = before.queue.memory_max_messages + 1;
  EXPECT_FALSE(same_buffer(before, after));
  after = before;
  after.broker.url = "mqtt://elsewhere:1883";  // not a buffer setting
  EXPECT_TRUE(same_buffer(before, after));
}

Config queued_config(const std::string& state_dir) {
  Config config;
  config.agent.state_dir = state_dir;
  SensorConfig sensor;
  sensor.name = "s";
  ChannelConfig channel;
  channel.name = "c";
  channel.queue = true;
  sensor.channels.push_back(channel);
  config.sensors.push_back(sensor);
  return config;
}

TEST(BufferKind, AnyQueuedChannelMakesItDurable) {
  Config config = queued_config("/var/lib/x");
  EXPECT_EQ(buffer_kind(config), BufferKind::durable);
  config.sensors[0].channels[0].queue = false;
  EXPECT_EQ(buffer_kind(config), BufferKind::memory);
}

TEST(SameQueueDir, SameDirectoryMustBeReopenedNotCopied) {
  const Config before = queued_config("/var/lib/x");
  Config after = before;
  after.queue.max_bytes = before.queue.max_bytes * 2;
  EXPECT_FALSE(same_buffer(before, after));
  EXPECT_TRUE(same_queue_dir(before, after));
  after.queue.dir = "/elsewhere";
  EXPECT_FALSE(same_queue_dir(before, after));
}

TEST(PayloadSeq, ReadsTheSeqOfAReadingPayload) {
  EXPECT_EQ(payload_seq(R"({"v":1,"value":2.5,"seq":1234,"boot":"b"})"), 1234U);
  EXPECT_FALSE(payload_seq(R"({"v":1,"value":2.5})").has_value());
}

}  // namespace
}  // namespace sa
