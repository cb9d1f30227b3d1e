// A million queued readings stay on disk, not in memory, and all come back in order.
#include <gtest/gtest.h>

#include "process_stats.h"
#include "queue/durable_queue.h"
#include "queue_test_util.h"

namespace sa {
namespace {

// AddressSanitizer keeps freed memory in quarantine, so RSS says nothing about the queue there.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssMeaningful = false;
#else
constexpr bool kRssMeaningful = true;
#endif

TEST(LargeBacklog, AMillionReadingsDoNotGrowMemoryAndDrainInOrder) {
  constexpr uint64_t kBacklog = 1'000'000;
  test::QueueDir dir;
  QueueConfig config = test::queue_config(dir.str(), SyncPolicy::batch);
  config.sync_interval = std::chrono::milliseconds(200);
  config.max_bytes = 1ull << 30;
  const uint64_t bytes_per_record_floor = test::reading(kBacklog).payload.size();
  {
    auto queue = test::open_queue(config);
    const uint64_t rss_empty = test::resident_bytes();
    for (uint64_t seq = 1; seq <= kBacklog; ++seq) {
      queue->push(test::reading(seq));
    }
    const uint64_t rss_full = test::resident_bytes();
    BufferStats stats = queue->stats();
    EXPECT_EQ(stats.depth, kBacklog);
    EXPECT_GT(stats.bytes, kBacklog * bytes_per_record_floor);
    // The backlog is over 50 MiB on disk; memory holds an index and a small read-ahead.
    if (kRssMeaningful) {
      EXPECT_LT(rss_full - rss_empty, stats.bytes / 8)
          << "RSS " << rss_empty << " -> " << rss_full << " for " << stats.bytes << " on disk";
    }
  }
  auto queue = test::open_queue(config);
  const uint64_t rss_open = test::resident_bytes();
  uint64_t expected = 1;
  uint64_t peak = rss_open;
  while (true) {
    auto batch = queue->take_unsent(128);
    if (batch.empty()) {
      break;
    }
    for (const auto& message : batch) {
      ASSERT_EQ(test::seq_of(message.message.payload), expected);
      ++expected;
      queue->acknowledge(message.id);
    }
    if (expected % 65536 < 128) {
      peak = std::max(peak, test::resident_bytes());
    }
  }
  EXPECT_EQ(expected, kBacklog + 1);
  if (kRssMeaningful) {
    EXPECT_LT(peak - rss_open, 16u << 20);
  }
  EXPECT_EQ(queue->stats().depth, 0u);
}

}  // namespace
}  // namespace sa
