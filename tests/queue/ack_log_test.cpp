#include "queue/ack_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "queue_test_util.h"

namespace sa::queue {
namespace {

TEST(AckLog, RangesSurviveReopening) {
  test::QueueDir dir;
  {
    AckLog log;
    IdRangeSet acked;
    ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
    EXPECT_TRUE(acked.empty());
    ASSERT_EQ(log.append({{1, 10}, {15, 15}}), 0);
    ASSERT_EQ(log.append({{11, 12}}), 0);
  }
  AckLog log;
  IdRangeSet acked;
  ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
  EXPECT_EQ(acked.count_in(1, 20), 13u);
  EXPECT_FALSE(acked.contains(13));
  EXPECT_TRUE(acked.contains(15));
}

TEST(AckLog, TornTailIsCutAndAppendingGoesOn) {
  test::QueueDir dir;
  const auto path = dir.path() / AckLog::kFileName;
  {
    AckLog log;
    IdRangeSet acked;
    ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
    ASSERT_EQ(log.append({{1, 5}, {7, 9}}), 0);
  }
  const auto full = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, full - 3);
  {
    AckLog log;
    IdRangeSet acked;
    ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
    EXPECT_EQ(acked.count_in(1, 20), 5u);
    EXPECT_EQ(log.bytes(), full - AckLog::kRecordSize);
    ASSERT_EQ(log.append({{20, 21}}), 0);
  }
  AckLog log;
  IdRangeSet acked;
  ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
  EXPECT_EQ(acked.count_in(1, 30), 7u);
}

TEST(AckLog, RewriteReplacesTheContent) {
  test::QueueDir dir;
  AckLog log;
  IdRangeSet acked;
  ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
  for (uint64_t id = 1; id < 100; id += 2) {
    ASSERT_EQ(log.append({{id, id}}), 0);
  }
  uint64_t syncs = 0;
  ASSERT_EQ(log.rewrite({{1, 200}}, syncs), 0);
  EXPECT_GE(syncs, 1u);
  EXPECT_EQ(log.bytes(), AckLog::kHeaderSize + AckLog::kRecordSize);
  ASSERT_EQ(log.append({{300, 300}}), 0);
  AckLog reopened;
  IdRangeSet again;
  ASSERT_TRUE(reopened.open(dir.str(), again).is_ok());
  EXPECT_EQ(again.count_in(1, 400), 201u);
}

TEST(AckLog, BadHeaderIsMovedAsideAndTheLogStartsOver) {
  test::QueueDir dir;
  {
    std::ofstream out(dir.path() / AckLog::kFileName, std::ios::binary);
    out << "not an ack log at all, but long enough";
  }
  AckLog log;
  IdRangeSet acked;
  ASSERT_TRUE(log.open(dir.str(), acked).is_ok());
  EXPECT_TRUE(acked.empty());
  EXPECT_TRUE(std::filesystem::exists(dir.path() / (std::string(AckLog::kFileName) + ".corrupt")));
  EXPECT_EQ(log.bytes(), AckLog::kHeaderSize);
}

}  // namespace
}  // namespace sa::queue
