#include "queue/durable_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "queue/record_format.h"
#include "queue_test_util.h"

namespace sa {
namespace {

using test::reading;
using test::seqs_of;
using test::take_all;

std::vector<uint64_t> range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (uint64_t v = first; v <= last; ++v) {
    out.push_back(v);
  }
  return out;
}

TEST(DurableQueue, HandsOutInPushOrderAndForgetsAcknowledged) {
  test::QueueDir dir;
  auto queue = test::open_queue(test::queue_config(dir.str()));
  for (uint64_t seq = 1; seq <= 10; ++seq) {
    queue->push(reading(seq));
  }
  auto first = queue->take_unsent(4);
  ASSERT_EQ(seqs_of(first), range(1, 4));
  EXPECT_EQ(queue->stats().in_flight, 4u);
  auto rest = take_all(*queue);
  EXPECT_EQ(seqs_of(rest), range(5, 10));
  EXPECT_LT(first.back().id, rest.front().id);
  EXPECT_EQ(rest.front().message.topic, reading(5).topic);
  EXPECT_EQ(rest.front().message.qos, reading(5).qos);
  EXPECT_EQ(rest.front().message.retain, reading(5).retain);

  BufferStats stats = queue->stats();
  EXPECT_EQ(stats.depth, 10u);
  EXPECT_EQ(stats.in_flight, 10u);
  EXPECT_EQ(stats.oldest_unix_ms, reading(1).created_unix_ms);
  for (const auto& m : first) {
    queue->acknowledge(m.id);
  }
  for (const auto& m : rest) {
    queue->acknowledge(m.id);
  }
  stats = queue->stats();
  EXPECT_EQ(stats.depth, 0u);
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(stats.oldest_unix_ms, 0);
  EXPECT_TRUE(queue->take_unsent(10).empty());
}

TEST(DurableQueue, RestartKeepsUnacknowledgedAndForgetsAcknowledged) {
  test::QueueDir dir;
  const QueueConfig config = test::queue_config(dir.str());
  std::set<uint64_t> unacked;
  uint64_t highest_id = 0;
  {
    auto queue = test::open_queue(config);
    for (uint64_t seq = 1; seq <= 40; ++seq) {
      queue->push(reading(seq));
    }
    auto taken = take_all(*queue);
    ASSERT_EQ(taken.size(), 40u);
    highest_id = taken.back().id;
    // Out of order, as QoS 1 and 2 acknowledgements arrive: every third, then 1..10.
    for (size_t i = taken.size(); i-- > 0;) {
      uint64_t seq = test::seq_of(taken[i].message.payload);
      if (seq % 3 == 0 || seq <= 10) {
        queue->acknowledge(taken[i].id);
      } else {
        unacked.insert(seq);
      }
    }
  }
  auto queue = test::open_queue(config);
  EXPECT_EQ(queue->stats().depth, unacked.size());
  auto again = take_all(*queue);
  EXPECT_EQ(seqs_of(again), std::vector<uint64_t>(unacked.begin(), unacked.end()));
  for (const auto& m : again) {
    EXPECT_EQ(m.message.payload, reading(test::seq_of(m.message.payload)).payload);
  }
  queue->push(reading(41));
  auto fresh = queue->take_unsent(1);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_GT(fresh[0].id, highest_id);
}

TEST(DurableQueue, AcknowledgementsWithoutFlushStillSurviveACleanStop) {
  test::QueueDir dir;
  QueueConfig config = test::queue_config(dir.str());
  config.sync_interval = std::chrono::hours(1);  // only the shutdown flush writes them
  {
    auto queue = test::open_queue(config);
    for (uint64_t seq = 1; seq <= 5; ++seq) {
      queue->push(reading(seq));
    }
    auto taken = take_all(*queue);
    queue->acknowledge(taken[1].id);
    queue->acknowledge(taken[3].id);
  }
  auto queue = test::open_queue(config);
  EXPECT_EQ(seqs_of(take_all(*queue)), (std::vector<uint64_t>{1, 3, 5}));
}

TEST(DurableQueue, FullyAcknowledgedSegmentsAreDeleted) {
  test::QueueDir dir;
  const QueueConfig config = test::queue_config(dir.str());
  DurableQueueOptions options;
  options.segment_bytes = 1024;
  auto queue = test::open_queue(config, options);
  for (uint64_t seq = 100; seq < 300; ++seq) {
    queue->push(reading(seq));
  }
  const size_t record = queue::encoded_record_size(reading(100));
  const size_t per_segment = (1024 - queue::kSegmentHeaderSize) / record;
  const size_t expected_segments = (200 + per_segment - 1) / per_segment;
  EXPECT_EQ(test::segment_files(dir.path()).size(), expected_segments);
  EXPECT_EQ(queue->details().segments, expected_segments);
  const uint64_t full_bytes = queue->stats().bytes;

  auto taken = take_all(*queue);
  ASSERT_EQ(taken.size(), 200u);
  // Acknowledging all but the last segment's records deletes every sealed segment.
  for (const auto& m : taken) {
    queue->acknowledge(m.id);
  }
  EXPECT_EQ(test::segment_files(dir.path()).size(), 1u);  // the one being written
  EXPECT_LT(queue->stats().bytes, full_bytes);
  EXPECT_EQ(queue->stats().depth, 0u);
  queue.reset();

  // The last one goes at the next start, and ids go on increasing.
  queue = test::open_queue(config, options);
  EXPECT_TRUE(test::segment_files(dir.path()).empty());
  queue->push(reading(300));
  auto next = queue->take_unsent(1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_GT(next[0].id, taken.back().id);
}

TEST(DurableQueue, BacklogLargerThanReadAheadIsReadBackFromDisk) {
  test::QueueDir dir;
  DurableQueueOptions options;
  options.segment_bytes = 4096;
  options.read_ahead_records = 8;
  auto queue = test::open_queue(test::queue_config(dir.str()), options);
  for (uint64_t seq = 1; seq <= 500; ++seq) {
    queue->push(reading(seq));
  }
  auto all = take_all(*queue);
  EXPECT_EQ(seqs_of(all), range(1, 500));
}

TEST(DurableQueue, ForEachUnackedVisitsStoredPayloads) {
  test::QueueDir dir;
  auto queue = test::open_queue(test::queue_config(dir.str()));
  for (uint64_t seq = 1; seq <= 5; ++seq) {
    queue->push(reading(seq));
  }
  auto taken = queue->take_unsent(2);
  queue->acknowledge(taken[0].id);
  std::vector<uint64_t> seen;
  queue->for_each_unacked([&](const std::string& topic, const std::string& payload) {
    EXPECT_EQ(topic, reading(1).topic);
    seen.push_back(test::seq_of(payload));
  });
  EXPECT_EQ(seen, range(2, 5));
}

TEST(DurableQueue, AlwaysPolicySyncsEveryRecordBatchFarFewerNoneNever) {
  uint64_t always = 0;
  uint64_t batch = 0;
  uint64_t none = 0;
  for (SyncPolicy policy : {SyncPolicy::always, SyncPolicy::batch, SyncPolicy::none}) {
    test::QueueDir dir;
    QueueConfig config = test::queue_config(dir.str(), policy);
    config.sync_interval = std::chrono::hours(1);
    auto queue = test::open_queue(config);
    const uint64_t before = queue->stats().syncs;
    for (uint64_t seq = 1; seq <= 50; ++seq) {
      queue->push(reading(seq));
    }
    const uint64_t syncs = queue->stats().syncs - before;
    (policy == SyncPolicy::always ? always : policy == SyncPolicy::batch ? batch : none) = syncs;
  }
  EXPECT_GE(always, 50u);
  EXPECT_EQ(batch, 0u);  // the interval has not come yet
  EXPECT_EQ(none, 0u);
}

TEST(DurableQueue, BatchPolicySyncsAfterBatchRecords) {
  test::QueueDir dir;
  QueueConfig config = test::queue_config(dir.str(), SyncPolicy::batch);
  config.sync_interval = std::chrono::hours(1);
  DurableQueueOptions options;
  options.batch_records = 10;
  auto queue = test::open_queue(config, options);
  for (uint64_t seq = 1; seq <= 10; ++seq) {
    queue->push(reading(seq));
  }
  // The flusher wakes up for it; allow a loaded machine plenty of time.
  for (int i = 0; i < 1000 && queue->stats().syncs == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(queue->stats().syncs, 1u);
}

// ---- bounds ----------------------------------------------------------------------------------

struct BoundCase {
  size_t per_segment = 0;
  uint64_t max_bytes = 0;
  size_t record = 0;
};

// Fixed-size records (seq 1000..9999), segments of 10 records, room for 5 segments.
BoundCase bound_case() {
  BoundCase c;
  c.record = queue::encoded_record_size(reading(1000));
  c.per_segment = 10;
  c.max_bytes = 5 * (queue::kSegmentHeaderSize + c.per_segment * c.record) +
                queue::kSegmentHeaderSize + 8;  // + the acknowledgement log's header
  return c;
}

TEST(DurableQueue, DropOldestDeletesWholeOldestSegmentsAndCountsThem) {
  test::QueueDir dir;
  const BoundCase c = bound_case();
  QueueConfig config = test::queue_config(dir.str());
  config.max_bytes = c.max_bytes;
  config.on_full = DropPolicy::drop_oldest;
  DurableQueueOptions options;
  options.segment_bytes = queue::kSegmentHeaderSize + c.per_segment * c.record;
  auto queue = test::open_queue(config, options);
  constexpr uint64_t kPushed = 137;
  for (uint64_t seq = 1000; seq < 1000 + kPushed; ++seq) {
    queue->push(reading(seq));
    ASSERT_LE(queue->stats().bytes, c.max_bytes);
  }
  // 14 segments were started (13 full, 7 records in the last); the 5 newest fit, so the
  // bound dropped the 9 oldest whole.
  const uint64_t segments_started = (kPushed + c.per_segment - 1) / c.per_segment;
  const uint64_t expected_dropped = (segments_started - 5) * c.per_segment;
  BufferStats stats = queue->stats();
  EXPECT_EQ(stats.dropped, expected_dropped);
  EXPECT_EQ(stats.depth, kPushed - expected_dropped);
  EXPECT_EQ(seqs_of(take_all(*queue)), range(1000 + expected_dropped, 1000 + kPushed - 1));
}

TEST(DurableQueue, DropNewestRefusesPushesUntilAcknowledgementsFreeSpace) {
  test::QueueDir dir;
  const BoundCase c = bound_case();
  QueueConfig config = test::queue_config(dir.str());
  config.max_bytes = c.max_bytes;
  config.on_full = DropPolicy::drop_newest;
  DurableQueueOptions options;
  options.segment_bytes = queue::kSegmentHeaderSize + c.per_segment * c.record;
  auto queue = test::open_queue(config, options);
  constexpr uint64_t kPushed = 80;
  for (uint64_t seq = 1000; seq < 1000 + kPushed; ++seq) {
    queue->push(reading(seq));
    ASSERT_LE(queue->stats().bytes, c.max_bytes);
  }
  const uint64_t kept = 5 * c.per_segment;
  EXPECT_EQ(queue->stats().dropped, kPushed - kept);
  auto taken = take_all(*queue);
  EXPECT_EQ(seqs_of(taken), range(1000, 1000 + kept - 1));
  for (const auto& m : taken) {
    queue->acknowledge(m.id);
  }
  queue->push(reading(2000));
  EXPECT_EQ(queue->stats().dropped, kPushed - kept);
  EXPECT_EQ(seqs_of(take_all(*queue)), (std::vector<uint64_t>{2000}));
}

TEST(DurableQueue, ReadingsOlderThanMaxAgeAreDropped) {
  test::QueueDir dir;
  QueueConfig config = test::queue_config(dir.str());
  config.max_age = std::chrono::seconds(50);
  const int64_t t0 = 1'700'000'000'000;
  std::atomic<int64_t> now{t0};
  DurableQueueOptions options;
  options.segment_bytes = 1024;
  options.now_unix_ms = [&] { return now.load(); };
  auto queue = test::open_queue(config, options);
  for (uint64_t seq = 0; seq < 100; ++seq) {
    queue->push(reading(seq, t0 + static_cast<int64_t>(seq) * 1000));
  }
  now = t0 + 100'000;  // cutoff t0 + 50 s: seq 0..49 are too old
  auto kept = take_all(*queue);
  EXPECT_EQ(seqs_of(kept), range(50, 99));
  BufferStats stats = queue->stats();
  EXPECT_EQ(stats.dropped, 50u);
  EXPECT_EQ(stats.depth, 50u);
  EXPECT_EQ(stats.oldest_unix_ms, t0 + 50'000);
  queue.reset();

  // After a restart the rest expires as time goes on, whole segments first.
  now = t0 + 200'000;
  queue = test::open_queue(config, options);
  EXPECT_TRUE(take_all(*queue).empty());
  EXPECT_EQ(queue->stats().dropped, 50u);
  EXPECT_EQ(queue->stats().depth, 0u);
}

}  // namespace
}  // namespace sa
