// What only the in-memory buffer does; the MessageBuffer contract itself:
// message_buffer_contract_test.cpp.
#include "queue/memory_buffer.h"

#include <gtest/gtest.h>

namespace sa {
namespace {

QueueConfig config(uint64_t max, DropPolicy policy = DropPolicy::drop_oldest) {
  QueueConfig c;
  c.memory_max_messages = max;
  c.on_full = policy;
  return c;
}

OutgoingMessage message(int n) {
  return OutgoingMessage{"t", "m" + std::to_string(n), 1, false, 1000 + n};
}

std::vector<std::string> payloads(const std::vector<BufferedMessage>& taken) {
  std::vector<std::string> out;
  for (const auto& m : taken)
    out.push_back(m.message.payload);
  return out;
}

TEST(MemoryBuffer, DropOldestKeepsTheBound) {
  MemoryBuffer buffer(config(3));
  for (int i = 0; i < 5; ++i)
    buffer.push(message(i));
  const BufferStats stats = buffer.stats();
  EXPECT_EQ(stats.depth, 3u);
  EXPECT_EQ(stats.dropped, 2u);
  EXPECT_EQ(payloads(buffer.take_unsent(5)), (std::vector<std::string>{"m2", "m3", "m4"}));
}

TEST(MemoryBuffer, DropOldestSparesMessagesInFlight) {
  MemoryBuffer buffer(config(3));
  for (int i = 0; i < 3; ++i)
    buffer.push(message(i));
  auto taken = buffer.take_unsent(1);  // m0 in flight
  buffer.push(message(3));             // drops m1, the oldest unsent
  EXPECT_EQ(buffer.stats().dropped, 1u);
  buffer.acknowledge(taken[0].id);
  EXPECT_EQ(payloads(buffer.take_unsent(5)), (std::vector<std::string>{"m2", "m3"}));
}

TEST(MemoryBuffer, DropNewestRefusesWhenFull) {
  MemoryBuffer buffer(config(2, DropPolicy::drop_newest));
  for (int i = 0; i < 4; ++i)
    buffer.push(message(i));
  EXPECT_EQ(buffer.stats().dropped, 2u);
  EXPECT_EQ(payloads(buffer.take_unsent(5)), (std::vector<std::string>{"m0", "m1"}));
}

TEST(MemoryBuffer, ExpiredMessagesAreDroppedWhenHandedOut) {
  QueueConfig c = config(10);
  c.max_age = std::chrono::milliseconds(100);
  MemoryBuffer buffer(c, [] { return int64_t{1102}; });
  for (int i = 0; i < 4; ++i)
    buffer.push(message(i));  // created 1000..1003
  EXPECT_EQ(payloads(buffer.take_unsent(5)), (std::vector<std::string>{"m2", "m3"}));
  EXPECT_EQ(buffer.stats().dropped, 2u);
}

}  // namespace
}  // namespace sa
