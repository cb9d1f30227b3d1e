// The MessageBuffer contract (agent/queue/message_buffer.h), one suite run against every buffer
// the publisher can be given. What only one buffer does (bounds, files, recovery) stays in its
// own test file.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "queue/durable_queue.h"
#include "queue/memory_buffer.h"
#include "queue_test_util.h"

namespace sa {
namespace {

using test::reading;
using test::seqs_of;
using test::take_all;

// Builds one buffer of a kind, unbounded for the contract's purposes, and owns what it needs.
struct MemoryBufferKind {
  std::unique_ptr<MessageBuffer> open() {
    QueueConfig config;
    config.memory_max_messages = 1'000'000;
    return std::make_unique<MemoryBuffer>(config);
  }
};

struct DurableQueueKind {
  test::QueueDir dir;
  std::unique_ptr<MessageBuffer> open() {
    DurableQueueOptions options;
    options.segment_bytes = uint64_t{16} << 10;  // several segments in the larger tests
    return test::open_queue(test::queue_config(dir.str()), options);
  }
};

template <typename Kind>
class MessageBufferContract : public ::testing::Test {
 protected:
  void SetUp() override { buffer_ = kind_.open(); }

  void push_seqs(uint64_t first, uint64_t last) {
    for (uint64_t seq = first; seq <= last; ++seq)
      buffer_->push(reading(seq, 1'700'000'000'000 + static_cast<int64_t>(seq)));
  }

  Kind kind_;
  std::unique_ptr<MessageBuffer> buffer_;
};

using BufferKinds = ::testing::Types<MemoryBufferKind, DurableQueueKind>;
class KindNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, MemoryBufferKind> ? "MemoryBuffer" : "DurableQueue";
  }
};
TYPED_TEST_SUITE(MessageBufferContract, BufferKinds, KindNames);

std::vector<uint64_t> range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t v = first; v <= last; ++v)
    out.push_back(v);
  return out;
}

TYPED_TEST(MessageBufferContract, HandsOutInPushOrderWithIncreasingIds) {
  this->push_seqs(1, 5);
  const auto first = this->buffer_->take_unsent(3);
  EXPECT_EQ(seqs_of(first), range(1, 3));
  const auto rest = this->buffer_->take_unsent(3);
  EXPECT_EQ(seqs_of(rest), range(4, 5));
  EXPECT_TRUE(this->buffer_->take_unsent(3).empty());
  EXPECT_LT(first.back().id, rest.front().id);
  EXPECT_EQ(rest.front().message.topic, reading(4).topic);
  EXPECT_EQ(rest.front().message.qos, reading(4).qos);

  const BufferStats stats = this->buffer_->stats();
  EXPECT_EQ(stats.depth, 5u);
  EXPECT_EQ(stats.in_flight, 5u);
  EXPECT_EQ(stats.oldest_unix_ms, 1'700'000'000'001);
  EXPECT_GT(stats.bytes, 0u);
}

TYPED_TEST(MessageBufferContract, AcknowledgedAreGoneAndTwiceIsHarmless) {
  this->push_seqs(1, 3);
  const auto taken = this->buffer_->take_unsent(3);
  this->buffer_->acknowledge(taken[1].id);
  this->buffer_->acknowledge(taken[0].id);
  this->buffer_->acknowledge(taken[0].id);
  BufferStats stats = this->buffer_->stats();
  EXPECT_EQ(stats.depth, 1u);
  EXPECT_EQ(stats.in_flight, 1u);
  EXPECT_EQ(stats.oldest_unix_ms, 1'700'000'000'003);
  this->buffer_->acknowledge(taken[2].id);
  stats = this->buffer_->stats();
  EXPECT_EQ(stats.depth, 0u);
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(stats.oldest_unix_ms, 0);
  this->buffer_->release_all();  // nothing left to come back
  EXPECT_TRUE(this->buffer_->take_unsent(10).empty());
}

TYPED_TEST(MessageBufferContract, ReleasedGoOutAgainBeforeAnythingNewer) {
  this->push_seqs(1, 6);
  const auto taken = this->buffer_->take_unsent(4);
  ASSERT_EQ(seqs_of(taken), range(1, 4));
  this->buffer_->acknowledge(taken[0].id);
  this->buffer_->release(taken[3].id);
  this->buffer_->release(taken[2].id);
  EXPECT_EQ(this->buffer_->stats().in_flight, 1u);
  EXPECT_EQ(seqs_of(this->buffer_->take_unsent(3)), (std::vector<uint64_t>{3, 4, 5}));
}

TYPED_TEST(MessageBufferContract, ReleaseAllMakesEveryInFlightMessageUnsentInOrder) {
  this->push_seqs(1, 6);
  const auto taken = this->buffer_->take_unsent(4);
  this->buffer_->acknowledge(taken[1].id);  // 1, 3, 4 still in flight
  this->buffer_->release_all();
  EXPECT_EQ(this->buffer_->stats().in_flight, 0u);
  EXPECT_EQ(seqs_of(take_all(*this->buffer_)), (std::vector<uint64_t>{1, 3, 4, 5, 6}));
}

TYPED_TEST(MessageBufferContract, FlushKeepsEverything) {
  this->push_seqs(1, 3);
  this->buffer_->flush();
  EXPECT_EQ(this->buffer_->stats().depth, 3u);
  EXPECT_EQ(seqs_of(take_all(*this->buffer_)), range(1, 3));
}

TYPED_TEST(MessageBufferContract, ConcurrentPushersLoseNothingAndDuplicateNothing) {
  constexpr uint64_t kThreads = 4;
  constexpr uint64_t kPerThread = 2000;
  std::atomic<int> running{static_cast<int>(kThreads)};
  std::vector<std::thread> pushers;
  for (uint64_t t = 0; t < kThreads; ++t) {
    pushers.emplace_back([&, t] {
      for (uint64_t i = 0; i < kPerThread; ++i)
        this->buffer_->push(reading(t * kPerThread + i + 1));
      --running;
    });
  }
  std::set<uint64_t> seen;
  uint64_t last_id = 0;
  while (true) {
    const bool done = running == 0;
    const auto batch = this->buffer_->take_unsent(50);
    for (const auto& m : batch) {
      EXPECT_GT(m.id, last_id);
      last_id = m.id;
      EXPECT_TRUE(seen.insert(test::seq_of(m.message.payload)).second);
      this->buffer_->acknowledge(m.id);
    }
    if (batch.empty() && done)
      break;
  }
  for (auto& thread : pushers)
    thread.join();
  EXPECT_EQ(seen.size(), kThreads * kPerThread);
  EXPECT_EQ(this->buffer_->stats().depth, 0u);
}

}  // namespace
}  // namespace sa
