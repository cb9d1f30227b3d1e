#include <fcntl.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "log/journal_sink.h"
#include "log/log.h"

namespace sa::log {
namespace {

class LogInitTest : public ::testing::Test {
 protected:
  void SetUp() override { previous_ = spdlog::default_logger(); }
  void TearDown() override {
    unsetenv("SENSOR_AGENT_LOG");
    spdlog::set_default_logger(previous_);
  }
  static bool default_sink_is_journal() {
    const auto& sinks = spdlog::default_logger()->sinks();
    return sinks.size() == 1 && std::dynamic_pointer_cast<JournalSink>(sinks[0]) != nullptr;
  }
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LogInitTest, EnvironmentOverrideSelectsTheSink) {
  setenv("SENSOR_AGENT_LOG", "journal", 1);
  init("info");
  EXPECT_TRUE(default_sink_is_journal());
  setenv("SENSOR_AGENT_LOG", "stderr", 1);
  init("info");
  EXPECT_FALSE(default_sink_is_journal());
}

TEST_F(LogInitTest, LevelNamesSetTheLevelAndUnknownOnesFallBackToInfo) {
  setenv("SENSOR_AGENT_LOG", "stderr", 1);
  init("debug");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::debug);
  set_level("error");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::err);
  set_level("warn");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::warn);
  set_level("off");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::off);
  set_level("loud");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info);
}

TEST(StreamIsJournalTest, MatchesTheDeviceAndInodeOfTheDescriptor) {
  char path[] = "/tmp/sa-journal-stream-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  unlink(path);
  struct stat info {};
  ASSERT_EQ(fstat(fd, &info), 0);
  const std::string dev = std::to_string(info.st_dev);
  const std::string ino = std::to_string(info.st_ino);
  EXPECT_TRUE(stream_is_journal(fd, (dev + ":" + ino).c_str()));
  EXPECT_FALSE(stream_is_journal(fd, (dev + ":" + std::to_string(info.st_ino + 1)).c_str()));
  EXPECT_FALSE(stream_is_journal(fd, (dev + ":" + ino + "x").c_str()));
  EXPECT_FALSE(stream_is_journal(fd, ino.c_str()));
  EXPECT_FALSE(stream_is_journal(fd, ""));
  EXPECT_FALSE(stream_is_journal(fd, nullptr));
  close(fd);
  EXPECT_FALSE(stream_is_journal(fd, (dev + ":" + ino).c_str()));  // closed descriptor
}

}  // namespace
}  // namespace sa::log
