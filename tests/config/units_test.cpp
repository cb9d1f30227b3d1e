#include <gtest/gtest.h>

#include <limits>

#include "config_test_support.h"
#include "loader.h"

namespace sa {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, AcceptsEachUnit) {
  EXPECT_EQ(parse_duration("250ms"), milliseconds{250});
  EXPECT_EQ(parse_duration("10s"), milliseconds{10 * 1000});
  EXPECT_EQ(parse_duration("5m"), milliseconds{5 * 60 * 1000});
  EXPECT_EQ(parse_duration("2h"), milliseconds{2 * 3600 * 1000});
  EXPECT_EQ(parse_duration("7d"), milliseconds{7LL * 86400 * 1000});
}

TEST(ParseDuration, AcceptsCombinedPartsLargestFirst) {
  EXPECT_EQ(parse_duration("1m30s"), milliseconds{90 * 1000});
  EXPECT_EQ(parse_duration("1h30m"), milliseconds{90 * 60 * 1000});
  EXPECT_EQ(parse_duration("1d2h3m4s5ms"),
            milliseconds{((((1LL * 24 + 2) * 60 + 3) * 60 + 4) * 1000) + 5});
  EXPECT_EQ(parse_duration("1s500ms"), milliseconds{1500});
}

TEST(ParseDuration, AcceptsZeroWithOrWithoutUnit) {
  EXPECT_EQ(parse_duration("0"), milliseconds{0});
  EXPECT_EQ(parse_duration("0s"), milliseconds{0});
  EXPECT_EQ(parse_duration("0ms"), milliseconds{0});
}

TEST(ParseDuration, RejectsMalformedText) {
  for (const char* bad : {"", "10", "s", "10 s", " 10s", "10s ", "-5s", "+5s", "1.5s", "10sec",
                          "10S", "5M", "30s1m", "1m1m", "1ms1s", "10x", "1m30", "ms10"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(ParseDuration, RejectsValuesPastTheMillisecondRange) {
  const int64_t max_ms = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(parse_duration(std::to_string(max_ms) + "ms"), milliseconds{max_ms});
  EXPECT_EQ(parse_duration(std::to_string(static_cast<uint64_t>(max_ms) + 1) + "ms"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999999999999999s"), std::nullopt);
  EXPECT_EQ(parse_duration(std::to_string(max_ms / 86'400'000 + 1) + "d"), std::nullopt);
  EXPECT_EQ(parse_duration(std::to_string(max_ms / 1000) + "s1000ms"), std::nullopt);
}

TEST(ParseSize, AcceptsBytesAndUnits) {
  EXPECT_EQ(parse_size("512"), 512u);
  EXPECT_EQ(parse_size("512B"), 512u);
  EXPECT_EQ(parse_size("1kB"), 1000u);
  EXPECT_EQ(parse_size("10MB"), 10u * 1000 * 1000);
  EXPECT_EQ(parse_size("2GB"), 2ull * 1000 * 1000 * 1000);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("64MiB"), 64ull << 20);
  EXPECT_EQ(parse_size("1GiB"), 1ull << 30);
  EXPECT_EQ(parse_size("3TiB"), 3ull << 40);
  EXPECT_EQ(parse_size("64 MiB"), 64ull << 20);
}

TEST(ParseSize, RejectsMalformedText) {
  for (const char* bad : {"", "MiB", "64mib", "64KB", "64k", "1.5GiB", "-1", " 64MiB", "64MiB ",
                          "64 ", "64MiBB", "0x40"}) {
    EXPECT_EQ(parse_size(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(ParseSize, RejectsValuesPastSixtyFourBits) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(parse_size(std::to_string(max)), max);
  EXPECT_EQ(parse_size(std::to_string(max) + "0"), std::nullopt);
  EXPECT_EQ(parse_size(std::to_string(max / 1024 + 1) + "KiB"), std::nullopt);
  EXPECT_EQ(parse_size("17000000TiB"), std::nullopt);
}

TEST(DurationKeys, MalformedDurationIsAnErrorNamingTheAcceptedForms) {
  std::string text = std::string("[agent]\nhealth_interval = \"10 seconds\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  ConfigProblem problem = test::expect_problem(result, text, "agent.health_interval",
                                               "\"10 seconds\"", "", "\"10 seconds\"");
  EXPECT_NE(problem.message.find("\"250ms\""), std::string::npos) << problem.message;
  EXPECT_NE(problem.message.find("\"1m30s\""), std::string::npos) << problem.message;
}

TEST(DurationKeys, TooLargeDurationSaysSo) {
  std::string text =
      std::string("[agent]\nhealth_interval = \"99999999999999999d\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  test::expect_problem(result, text, "agent.health_interval", "\"99999999999999999d\"", "",
                       "too large");
}

TEST(DurationKeys, IntegerInsteadOfDurationIsATypeError) {
  std::string text = std::string(test::kSimSensor) +
                     "[[sensor]]\nname = \"b\"\ndriver = \"sim\"\n"
                     "interval = 10\n[sensor.channels.x]\n";
  LoadResult result = test::load(text);
  test::expect_problem(result, text, "sensor.b.interval", "interval = 10", "10",
                       "must be a duration string");
}

TEST(SizeKeys, MalformedSizeIsAnErrorNamingTheAcceptedForms) {
  std::string text = std::string("[queue]\nmax_bytes = \"64 megs\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  ConfigProblem problem =
      test::expect_problem(result, text, "queue.max_bytes", "\"64 megs\"", "", "\"64 megs\"");
  EXPECT_NE(problem.message.find("MiB"), std::string::npos) << problem.message;
}

TEST(SizeKeys, IntegerSizeCountsBytes) {
  std::string text = std::string("[queue]\nmax_bytes = 1048576\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  ASSERT_TRUE(result.ok()) << test::describe(result);
  EXPECT_EQ(result.config->queue.max_bytes, 1048576u);
}

TEST(SizeKeys, TooLargeSizeSaysSo) {
  std::string text = std::string("[queue]\nmax_bytes = \"99999999999TiB\"\n") + test::kSimSensor;
  LoadResult result = test::load(text);
  test::expect_problem(result, text, "queue.max_bytes", "\"99999999999TiB\"", "", "too large");
}

}  // namespace
}  // namespace sa
