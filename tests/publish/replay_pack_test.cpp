#include "publish/replay_pack.h"

#include <gtest/gtest.h>

#include "publish/payload.h"

namespace sa {
namespace {

BufferedMessage reading(uint64_t id, const std::string& topic, int seq, uint8_t qos = 1,
                        bool retain = false) {
  const std::string payload = R"({"seq":)" + std::to_string(seq) + "}";
  return BufferedMessage{id, OutgoingMessage{topic, payload, qos, retain, 1000 + seq}};
}

std::vector<std::vector<uint64_t>> ids_of(const std::vector<Pack>& packs) {
  std::vector<std::vector<uint64_t>> out;
  for (const Pack& pack : packs) {
    out.emplace_back();
    for (const BufferedMessage* item : pack.items)
      out.back().push_back(item->id);
  }
  return out;
}

PackLimits limits(size_t slots, size_t readings, size_t bytes = 120'000) {
  return PackLimits{slots, readings, bytes};
}

TEST(ReplayPack, ReplaysOfOneChannelShareAMessageUpToTheLimit) {
  std::vector<BufferedMessage> batch;
  for (int i = 1; i <= 5; ++i)
    batch.push_back(reading(i, "a", i));
  const Grouping g = group_into_packs(batch, std::vector<bool>(5, true), limits(4, 2));
  EXPECT_EQ(ids_of(g.packs), (std::vector<std::vector<uint64_t>>{{1, 2}, {3, 4}, {5}}));
  EXPECT_TRUE(g.given_back.empty());
}

TEST(ReplayPack, LiveAndRetainedReadingsGoAlone) {
  std::vector<BufferedMessage> batch{reading(1, "a", 1), reading(2, "a", 2),
                                     reading(3, "r", 1, 1, true), reading(4, "r", 2, 1, true)};
  const Grouping g =
      group_into_packs(batch, std::vector<bool>{false, false, true, true}, limits(8, 10));
  EXPECT_EQ(ids_of(g.packs), (std::vector<std::vector<uint64_t>>{{1}, {2}, {3}, {4}}));
}

TEST(ReplayPack, ChannelsPackSeparatelyAndQosChangesStartANewPack) {
  std::vector<BufferedMessage> batch{reading(1, "a", 1), reading(2, "b", 1), reading(3, "a", 2),
                                     reading(4, "a", 3, 2), reading(5, "b", 2)};
  const Grouping g = group_into_packs(batch, std::vector<bool>(5, true), limits(8, 10));
  EXPECT_EQ(ids_of(g.packs), (std::vector<std::vector<uint64_t>>{{1, 3}, {2, 5}, {4}}));
}

TEST(ReplayPack, ByteLimitStartsANewPack) {
  std::vector<BufferedMessage> batch{reading(1, "a", 1), reading(2, "a", 2), reading(3, "a", 3)};
  const size_t one = batch[0].message.payload.size() + 1;
  const Grouping g = group_into_packs(batch, std::vector<bool>(3, true), limits(8, 10, 2 * one));
  EXPECT_EQ(ids_of(g.packs), (std::vector<std::vector<uint64_t>>{{1, 2}, {3}}));
}

TEST(ReplayPack, FullWindowGivesBackTheChannelAndEverythingAfterIt) {
  // Window of 1: "a" packs 1 and 3; "b" has no room, so 4 ("b") and 5 ("b") go back too,
  // while "a"'s own later reading 6 still joins its open pack.
  std::vector<BufferedMessage> batch{reading(1, "a", 1), reading(2, "b", 1), reading(3, "a", 2),
                                     reading(4, "b", 2), reading(5, "b", 3), reading(6, "a", 3)};
  const std::vector<bool> replay{true, true, true, true, false, true};
  const Grouping g = group_into_packs(batch, replay, limits(1, 10));
  EXPECT_EQ(ids_of(g.packs), (std::vector<std::vector<uint64_t>>{{1, 3, 6}}));
  ASSERT_EQ(g.given_back.size(), 3u);
  EXPECT_EQ(g.given_back[0].id, 2u);
  EXPECT_EQ(g.given_back[1].id, 4u);
  EXPECT_EQ(g.given_back[2].id, 5u);
  EXPECT_TRUE(g.given_back[1].replay);
  EXPECT_FALSE(g.given_back[2].replay);  // keeps its own mark
}

TEST(ReplayPack, MessageIsAJsonArrayOfMarkedReadings) {
  std::vector<BufferedMessage> batch{reading(1, "a", 1), reading(2, "a", 2), reading(3, "a", 3)};
  batch[1].message.created_unix_ms = 5000;  // the freshest decides how long the message lives
  const Grouping g = group_into_packs(batch, std::vector<bool>(3, true), limits(1, 10));
  ASSERT_EQ(g.packs.size(), 1u);
  std::vector<uint64_t> packed_ids;
  const OutgoingMessage message = pack_message(g.packs[0], packed_ids);
  EXPECT_EQ(packed_ids, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(message.topic, "a");
  EXPECT_EQ(message.qos, 1);
  EXPECT_FALSE(message.retain);
  EXPECT_EQ(message.created_unix_ms, 5000);
  std::string expected = "[";
  for (const BufferedMessage& item : batch) {
    EXPECT_TRUE(is_replay(item.message.payload));
    expected += (expected.size() > 1 ? "," : "") + item.message.payload;
  }
  EXPECT_EQ(message.payload, expected + "]");
}

}  // namespace
}  // namespace sa
