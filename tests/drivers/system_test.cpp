#include <gtest/gtest.h>
#include <sys/statvfs.h>

#include <string>

#include "drivers/builtin.h"
#include "drivers/system/proc_parsers.h"
#include "fake_tree.h"
#include "sensor_helpers.h"

namespace sa {
namespace {

using test::SensorBuilder;

// /proc/stat's aggregate line from its eight tick counters.
std::string stat_text(uint64_t user, uint64_t nice, uint64_t system, uint64_t idle, uint64_t iowait,
                      uint64_t irq, uint64_t softirq, uint64_t steal) {
  return "cpu  " + std::to_string(user) + " " + std::to_string(nice) + " " +
         std::to_string(system) + " " + std::to_string(idle) + " " + std::to_string(iowait) + " " +
         std::to_string(irq) + " " + std::to_string(softirq) + " " + std::to_string(steal) +
         " 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\nctxt 999\n";
}

std::unique_ptr<Sensor> make_sensor(const test::FakeTree& tree, const SensorConfig& config) {
  auto created = test::create_sensor(system::make_driver(), config, tree.context());
  EXPECT_TRUE(created.problems.empty());
  return std::move(created.sensor);
}

TEST(SystemDriver, ReadsLoadAveragesUptimeAndMemory) {
  test::FakeTree tree;
  const double load1 = 0.52;
  const double load5 = 1.25;
  const double load15 = 3.0;
  tree.write("/proc/loadavg", std::to_string(load1) + " " + std::to_string(load5) + " " +
                                  std::to_string(load15) + " 2/389 12345\n");
  const uint64_t available_kb = 1863412;
  tree.write("/proc/meminfo",
             "MemTotal:        3884360 kB\nMemFree:          512000 kB\n"
             "MemAvailable:    " +
                 std::to_string(available_kb) + " kB\nBuffers:           60000 kB\n");
  const double uptime = 350735.47;
  tree.write("/proc/uptime", std::to_string(uptime) + " 234388.90\n");
  auto sensor = make_sensor(tree, SensorBuilder("system")
                                      .channel("load1")
                                      .channel("load5")
                                      .channel("load15")
                                      .channel("mem_available")
                                      .channel("uptime")
                                      .config());
  ASSERT_TRUE(sensor);
  const auto outcome = test::read_once(*sensor);
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_EQ(outcome.samples.size(), 5u);
  EXPECT_DOUBLE_EQ(outcome.value("load1"), load1);
  EXPECT_DOUBLE_EQ(outcome.value("load5"), load5);
  EXPECT_DOUBLE_EQ(outcome.value("load15"), load15);
  EXPECT_DOUBLE_EQ(outcome.value("mem_available"), static_cast<double>(available_kb * 1024));
  EXPECT_DOUBLE_EQ(outcome.value("uptime"), uptime);
}

TEST(SystemDriver, CpuUsageIsSinceBootFirstThenSinceThePreviousRead) {
  test::FakeTree tree;
  // busy = user + nice + system + irq + softirq + steal; idle and iowait are not busy.
  tree.write("/proc/stat", stat_text(100, 0, 50, 800, 50, 0, 0, 0));
  auto sensor = make_sensor(tree, SensorBuilder("system").channel("cpu_usage").config());
  ASSERT_TRUE(sensor);
  auto first = test::read_once(*sensor);
  ASSERT_TRUE(first.ok) << first.reason;
  EXPECT_NEAR(first.value("cpu_usage"), 100.0 * 150 / 1000, 1e-9);

  tree.write("/proc/stat", stat_text(100 + 30, 0, 50 + 10, 800 + 55, 50 + 5, 0, 0, 0));
  auto second = test::read_once(*sensor);
  ASSERT_TRUE(second.ok) << second.reason;
  EXPECT_NEAR(second.value("cpu_usage"), 100.0 * 40 / 100, 1e-9);

  // No tick passed: the last figure stands rather than 0/0.
  auto third = test::read_once(*sensor);
  ASSERT_TRUE(third.ok);
  EXPECT_NEAR(third.value("cpu_usage"), 100.0 * 40 / 100, 1e-9);
}

TEST(SystemDriver, ReadsOnlyTheConfiguredChannels) {
  test::FakeTree tree;
  tree.write("/proc/loadavg", "0.10 0.20 0.30 1/100 42\n");  // nothing else exists
  auto sensor = make_sensor(tree, SensorBuilder("system").channel("load5").config());
  ASSERT_TRUE(sensor);
  const auto outcome = test::read_once(*sensor);
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  ASSERT_EQ(outcome.samples.size(), 1u);
  EXPECT_EQ(outcome.samples[0].channel, "load5");
  EXPECT_DOUBLE_EQ(outcome.samples[0].value, 0.20);
}

TEST(SystemDriver, OneFailingSourceDoesNotHoldBackTheOthers) {
  test::FakeTree tree;
  tree.write("/proc/loadavg", "0.10 0.20 0.30 1/100 42\n");
  tree.write("/proc/uptime", "garbage\n");
  auto sensor = make_sensor(
      tree,
      SensorBuilder("system").channel("load1").channel("mem_available").channel("uptime").config());
  ASSERT_TRUE(sensor);
  const auto outcome = test::read_once(*sensor);
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("/proc/meminfo"), std::string::npos) << outcome.reason;
  EXPECT_NE(outcome.reason.find("/proc/uptime"), std::string::npos) << outcome.reason;
  ASSERT_EQ(outcome.samples.size(), 1u);
  EXPECT_EQ(outcome.samples[0].channel, "load1");
}

TEST(SystemDriver, DiskFreeIsTheUnprivilegedFreeSpaceOfPath) {
  test::FakeTree tree;
  tree.make_dir("/data");
  auto sensor = make_sensor(
      tree,
      SensorBuilder("system").option("path", std::string("/data")).channel("disk_free").config());
  ASSERT_TRUE(sensor);
  const auto outcome = test::read_once(*sensor);
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  struct statvfs info {};
  ASSERT_EQ(::statvfs(tree.host("/data").c_str(), &info), 0);
  const double expected = static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
  // Other processes write to the same filesystem meanwhile.
  EXPECT_NEAR(outcome.value("disk_free"), expected, 256.0 * 1024 * 1024);
}

TEST(SystemDriver, DiskFreeOfAMissingPathIsAReadError) {
  test::FakeTree tree;
  auto sensor = make_sensor(
      tree,
      SensorBuilder("system").option("path", std::string("/gone")).channel("disk_free").config());
  ASSERT_TRUE(sensor);
  const auto outcome = test::read_once(*sensor);
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("/gone"), std::string::npos) << outcome.reason;
}

TEST(SystemDriver, WithoutAChannelsTableEveryChannelIsRead) {
  auto created = test::create_sensor(system::make_driver(), SensorBuilder("system").config());
  ASSERT_TRUE(created.sensor);
  const auto outcome = test::read_once(*created.sensor);  // the real /proc of this machine
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_EQ(outcome.samples.size(), system::make_driver().info.channels.size());
  EXPECT_GT(outcome.value("uptime"), 0.0);
  EXPECT_GT(outcome.value("mem_available"), 0.0);
  EXPECT_GT(outcome.value("disk_free"), 0.0);
  EXPECT_GE(outcome.value("cpu_usage"), 0.0);
  EXPECT_LE(outcome.value("cpu_usage"), 100.0);
}

TEST(SystemDriver, RelativeDiskPathIsAProblem) {
  auto created = test::create_sensor(
      system::make_driver(),
      SensorBuilder("system", "host").option("path", std::string("var")).config());
  EXPECT_FALSE(created.sensor);
  ASSERT_EQ(created.problems.size(), 1u);
  EXPECT_EQ(created.problems[0].key_path, "sensor.host.path");
}

TEST(ProcParsers, RejectMalformedText) {
  EXPECT_FALSE(system::parse_loadavg("0.1 0.2\n").has_value());
  EXPECT_FALSE(system::parse_loadavg("a b c 1/2 3").has_value());
  EXPECT_FALSE(system::parse_uptime("").has_value());
  EXPECT_FALSE(system::parse_meminfo_bytes("MemTotal: 100 kB\n", "MemAvailable").has_value());
  EXPECT_FALSE(system::parse_meminfo_bytes("MemAvailable: x kB\n", "MemAvailable").has_value());
  EXPECT_EQ(system::parse_meminfo_bytes("HugePages_Total: 4\n", "HugePages_Total"), 4u);
  EXPECT_FALSE(system::parse_cpu_times("intr 1 2 3\n").has_value());
  EXPECT_FALSE(system::parse_cpu_times("cpu 1 2\n").has_value());
}

}  // namespace
}  // namespace sa
