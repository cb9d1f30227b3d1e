// The queue on a full file system (a 1 MiB tmpfs): pushes never throw or block, the drop policy
// is applied and counted, and the queue works again once acknowledgements free space.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "queue/durable_queue.h"
#include "queue/record_format.h"
#include "queue_test_util.h"

namespace sa {
namespace {

using test::seqs_of;
using test::take_all;

constexpr uint64_t kFsBytes = 1 << 20;

class SmallTmpfs {
 public:
  SmallTmpfs() {
    path_ = dir_.path() / "mnt";
    std::filesystem::create_directory(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=1m") == 0;
    error_ = mounted_ ? 0 : errno;
  }
  ~SmallTmpfs() {
    if (mounted_) {
      ::umount2(path_.c_str(), MNT_DETACH);
    }
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  SmallTmpfs(SmallTmpfs&&) = delete;
  SmallTmpfs& operator=(SmallTmpfs&&) = delete;

  bool mounted() const { return mounted_; }
  const char* error() const { return std::strerror(error_); }
  std::string str() const { return path_.string(); }

 private:
  test::QueueDir dir_;
  std::filesystem::path path_;
  bool mounted_ = false;
  int error_ = 0;
};

OutgoingMessage big_reading(uint64_t seq) {
  OutgoingMessage message = test::reading(seq);
  message.payload += std::string(900, 'x');
  return message;
}

TEST(DiskFull, DropOldestKeepsTheNewestAndCountsWhatItDropped) {
  SmallTmpfs fs;
  if (!fs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs: " << fs.error();
  }
  QueueConfig config = test::queue_config(fs.str());
  config.on_full = DropPolicy::drop_oldest;  // max_bytes (64 MiB) is far above the disk
  auto queue = test::open_queue(config);
  ASSERT_TRUE(queue);
  constexpr uint64_t kPushed = 3000;  // about 3 MiB
  for (uint64_t seq = 1; seq <= kPushed; ++seq) {
    queue->push(big_reading(seq));
  }
  queue->flush();
  BufferStats stats = queue->stats();
  EXPECT_GT(queue->details().disk_full, 0u);
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_LE(stats.bytes, kFsBytes);
  EXPECT_EQ(stats.depth + stats.dropped, kPushed);
  auto kept = seqs_of(take_all(*queue));
  ASSERT_EQ(kept.size(), stats.depth);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept.back(), kPushed);  // the newest survived
  for (size_t i = 1; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i], kept[i - 1] + 1);  // and everything after the first kept one
  }
}

TEST(DiskFull, DropNewestRefusesUntilAcknowledgementsFreeSpace) {
  SmallTmpfs fs;
  if (!fs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs: " << fs.error();
  }
  QueueConfig config = test::queue_config(fs.str());
  config.on_full = DropPolicy::drop_newest;
  auto queue = test::open_queue(config);
  ASSERT_TRUE(queue);
  constexpr uint64_t kPushed = 2000;
  for (uint64_t seq = 1; seq <= kPushed; ++seq) {
    queue->push(big_reading(seq));
  }
  BufferStats stats = queue->stats();
  EXPECT_GT(queue->details().disk_full, 0u);
  EXPECT_GT(stats.dropped, 0u);
  EXPECT_EQ(stats.depth + stats.dropped, kPushed);

  auto taken = take_all(*queue);
  auto kept = seqs_of(taken);
  ASSERT_EQ(kept.size(), stats.depth);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept.front(), 1u);  // the oldest survived
  for (size_t i = 1; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i], kept[i - 1] + 1);
  }

  for (const auto& message : taken) {
    queue->acknowledge(message.id);
  }
  const uint64_t dropped_before = queue->stats().dropped;
  for (uint64_t seq = kPushed + 1; seq <= kPushed + 100; ++seq) {
    queue->push(big_reading(seq));
  }
  EXPECT_EQ(queue->stats().dropped, dropped_before);
  auto after = seqs_of(take_all(*queue));
  ASSERT_EQ(after.size(), 100u);
  EXPECT_EQ(after.front(), kPushed + 1);
}

TEST(DiskFull, QueueSurvivesARestartOnAFullDisk) {
  SmallTmpfs fs;
  if (!fs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs: " << fs.error();
  }
  QueueConfig config = test::queue_config(fs.str());
  config.on_full = DropPolicy::drop_newest;
  uint64_t depth = 0;
  {
    auto queue = test::open_queue(config);
    ASSERT_TRUE(queue);
    for (uint64_t seq = 1; seq <= 2000; ++seq) {
      queue->push(big_reading(seq));
    }
    depth = queue->stats().depth;
  }
  auto queue = test::open_queue(config);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->stats().depth, depth);
  queue->push(big_reading(5000));  // still full: refused, counted, no crash
  EXPECT_EQ(queue->stats().depth, depth);
  EXPECT_EQ(take_all(*queue).size(), depth);
}

}  // namespace
}  // namespace sa
