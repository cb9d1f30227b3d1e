#include <gtest/gtest.h>

#include "app/buffer_factory.h"
#include "publish/memory_buffer.h"

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

}  // namespace
}  // namespace sa
