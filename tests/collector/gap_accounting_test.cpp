#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace sa::collector {
namespace {

StoredReading reading(int64_t seq, const std::string& boot = "boot-a",
                      const std::string& channel = "temperature") {
  StoredReading out;
  out.device = "pi";
  out.sensor = "wave";
  out.channel = channel;
  out.ts = "2026-11-25T20:45:08.123Z";
  out.value = static_cast<double>(seq) / 10.0;
  out.unit = "°C";
  out.boot = boot;
  out.seq = seq;
  return out;
}

std::vector<StoredReading> readings(std::initializer_list<int64_t> seqs,
                                    const std::string& boot = "boot-a") {
  std::vector<StoredReading> out;
  for (int64_t seq : seqs) {
    out.push_back(reading(seq, boot));
  }
  return out;
}

class GapAccounting : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(store_.open()) << "open"; }

  void write(const std::vector<StoredReading>& batch, BatchOutcome& outcome) {
    Status status = store_.write_batch(batch, "2026-11-25T21:00:00.000Z", outcome);
    ASSERT_TRUE(status) << status.reason();
  }
  ChannelReport only_channel() {
    std::vector<ChannelReport> report;
    Status status = store_.report(report);
    EXPECT_TRUE(status) << status.reason();
    EXPECT_EQ(report.size(), 1u);
    return report.empty() ? ChannelReport{} : report[0];
  }

  test::TempDir dir_{"sa-gaps"};
  SqliteStore store_{(dir_ / "readings.db").string()};
};

TEST_F(GapAccounting, MissingSeqRangesAreGaps) {
  BatchOutcome outcome;
  write(readings({1, 2, 5, 6, 9}), outcome);
  EXPECT_EQ(outcome.stored, 5u);
  ChannelReport report = only_channel();
  EXPECT_EQ(report.stored, 5u);
  ASSERT_EQ(report.gaps.size(), 2u);
  EXPECT_EQ(report.gaps[0].first_missing, 3);
  EXPECT_EQ(report.gaps[0].last_missing, 4);
  EXPECT_EQ(report.gaps[1].first_missing, 7);
  EXPECT_EQ(report.gaps[1].last_missing, 8);
  EXPECT_EQ(report.gaps[0].boot, "boot-a");
}

TEST_F(GapAccounting, ReplayThatFillsAGapClosesIt) {
  BatchOutcome outcome;
  write(readings({1, 2, 5, 6}), outcome);
  write(readings({3}), outcome);
  ASSERT_EQ(only_channel().gaps.size(), 1u);
  EXPECT_EQ(only_channel().gaps[0].first_missing, 4);
  write(readings({4}), outcome);
  EXPECT_TRUE(only_channel().gaps.empty());
  uint64_t gaps = 99;
  ASSERT_TRUE(store_.count_gaps(gaps));
  EXPECT_EQ(gaps, 0u);
}

TEST_F(GapAccounting, RepeatIsCountedNotStoredTwice) {
  BatchOutcome outcome;
  write(readings({1, 2, 3}), outcome);
  write(readings({2, 3, 4}), outcome);
  EXPECT_EQ(outcome.stored, 1u);
  EXPECT_EQ(outcome.repeats, 2u);
  write(readings({4, 4}), outcome);  // a repeat inside one batch too
  EXPECT_EQ(outcome.repeats, 2u);
  ChannelReport report = only_channel();
  EXPECT_EQ(report.stored, 4u);
  EXPECT_EQ(report.repeats, 4u);
  EXPECT_TRUE(report.gaps.empty());
}

// seq continues across agent restarts but may skip a reserved block after a crash: a new boot
// starting higher is not a gap, a hole inside one boot is.
TEST_F(GapAccounting, GapsAreCountedWithinOneBootOnly) {
  BatchOutcome outcome;
  write(readings({1, 2, 3}, "boot-a"), outcome);
  write(readings({70, 72}, "boot-b"), outcome);
  ChannelReport report = only_channel();
  ASSERT_EQ(report.gaps.size(), 1u);
  EXPECT_EQ(report.gaps[0].boot, "boot-b");
  EXPECT_EQ(report.gaps[0].first_missing, 71);
  EXPECT_EQ(report.gaps[0].last_missing, 71);
}

TEST_F(GapAccounting, ChannelsAreAccountedSeparately) {
  BatchOutcome outcome;
  std::vector<StoredReading> batch = {reading(1), reading(3), reading(1, "boot-a", "humidity"),
                                      reading(2, "boot-a", "humidity")};
  write(batch, outcome);
  std::vector<ChannelReport> report;
  ASSERT_TRUE(store_.report(report));
  ASSERT_EQ(report.size(), 2u);
  EXPECT_EQ(report[0].channel, "humidity");
  EXPECT_TRUE(report[0].gaps.empty());
  EXPECT_EQ(report[1].channel, "temperature");
  ASSERT_EQ(report[1].gaps.size(), 1u);
  EXPECT_EQ(report[1].gaps[0].first_missing, 2);
}

TEST_F(GapAccounting, RetentionDeletesReadingsSampledBeforeTheCutoff) {
  BatchOutcome outcome;
  std::vector<StoredReading> batch = readings({1, 2});
  batch[0].ts = "2020-01-01T00:00:00.000Z";
  write(batch, outcome);
  uint64_t deleted = 0;
  ASSERT_TRUE(store_.delete_before("2025-01-01T00:00:00.000Z", deleted));
  EXPECT_EQ(deleted, 1u);
  EXPECT_EQ(only_channel().stored, 1u);
}

}  // namespace
}  // namespace sa::collector
