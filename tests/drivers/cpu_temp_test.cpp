#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "drivers/builtin.h"
#include "fake_tree.h"
#include "sensor_helpers.h"

namespace sa {
namespace {

using test::SensorBuilder;

// A thermal zone as the kernel shows it: type, and temp in milli-°C.
void add_zone(const test::FakeTree& tree, int index, const std::string& type, double celsius) {
  const std::string zone = "/sys/class/thermal/thermal_zone" + std::to_string(index);
  tree.write(zone + "/type", type + "\n");
  tree.write(zone + "/temp", std::to_string(std::lround(celsius * 1000)) + "\n");
}

test::ReadOutcome setup_and_read(const test::FakeTree& tree, const SensorConfig& config) {
  auto created = test::create_sensor(make_cpu_temp_driver(), config, tree.context());
  EXPECT_TRUE(created.sensor);
  if (!created.sensor) {
    return {};
  }
  const Status setup = created.sensor->setup();
  if (!setup.is_ok()) {
    return test::ReadOutcome{false, setup.reason(), {}};
  }
  return test::read_once(*created.sensor);
}

TEST(CpuTempDriver, DiscoversTheZoneWhoseTypeIsTheCpu) {
  test::FakeTree tree;
  add_zone(tree, 0, "acpitz", 27.8);
  add_zone(tree, 1, "iwlwifi_1", 40.0);
  const double cpu = 51.375;
  add_zone(tree, 2, "x86_pkg_temp", cpu);
  const auto outcome = setup_and_read(tree, SensorBuilder("cpu_temp").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  ASSERT_EQ(outcome.samples.size(), 1u);
  EXPECT_EQ(outcome.samples[0].channel, "temperature");
  EXPECT_NEAR(outcome.value("temperature"), cpu, 1e-9);
}

TEST(CpuTempDriver, RecognisesRaspberryPiAndRockchipZoneTypes) {
  for (const char* type : {"cpu-thermal", "soc_thermal"}) {
    test::FakeTree tree;
    add_zone(tree, 0, "gpu-thermal", 30.0);
    add_zone(tree, 1, type, 62.3);
    const auto outcome = setup_and_read(tree, SensorBuilder("cpu_temp").config());
    ASSERT_TRUE(outcome.ok) << outcome.reason;
    EXPECT_NEAR(outcome.value("temperature"), 62.3, 1e-9) << type;
  }
}

TEST(CpuTempDriver, FallsBackToThermalZone0) {
  test::FakeTree tree;
  add_zone(tree, 0, "acpitz", 33.0);
  add_zone(tree, 1, "pch_cannonlake", 45.0);
  const auto outcome = setup_and_read(tree, SensorBuilder("cpu_temp").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("temperature"), 33.0, 1e-9);
}

TEST(CpuTempDriver, NegativeTemperaturesReadCorrectly) {
  test::FakeTree tree;
  add_zone(tree, 0, "cpu-thermal", -12.5);
  const auto outcome = setup_and_read(tree, SensorBuilder("cpu_temp").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("temperature"), -12.5, 1e-9);
}

TEST(CpuTempDriver, SetupFailsClearlyWithoutAnyThermalZone) {
  test::FakeTree tree;
  const auto outcome = setup_and_read(tree, SensorBuilder("cpu_temp").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("no thermal zone"), std::string::npos) << outcome.reason;
}

TEST(CpuTempDriver, ConfiguredPathMayBeTheZoneOrItsTempFile) {
  test::FakeTree tree;
  add_zone(tree, 0, "cpu-thermal", 40.0);
  add_zone(tree, 3, "other", 55.5);
  for (const char* path :
       {"/sys/class/thermal/thermal_zone3", "/sys/class/thermal/thermal_zone3/temp"}) {
    const auto outcome =
        setup_and_read(tree, SensorBuilder("cpu_temp").option("path", std::string(path)).config());
    ASSERT_TRUE(outcome.ok) << outcome.reason;
    EXPECT_NEAR(outcome.value("temperature"), 55.5, 1e-9) << path;
  }
}

TEST(CpuTempDriver, ConfiguredPathThatDoesNotExistFailsSetup) {
  test::FakeTree tree;
  const auto outcome = setup_and_read(
      tree,
      SensorBuilder("cpu_temp").option("path", std::string("/sys/class/thermal/zz")).config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("/sys/class/thermal/zz"), std::string::npos);
}

TEST(CpuTempDriver, MalformedOrVanishedTempIsAReadError) {
  test::FakeTree tree;
  add_zone(tree, 0, "cpu-thermal", 40.0);
  auto created = test::create_sensor(make_cpu_temp_driver(), SensorBuilder("cpu_temp").config(),
                                     tree.context());
  ASSERT_TRUE(created.sensor);
  ASSERT_TRUE(created.sensor->setup());
  const std::string temp = "/sys/class/thermal/thermal_zone0/temp";
  for (const char* content : {"", "garbage\n", "45.5.1\n"}) {
    tree.write(temp, content);
    const auto outcome = test::read_once(*created.sensor);
    EXPECT_FALSE(outcome.ok) << content;
    EXPECT_NE(outcome.reason.find(temp), std::string::npos) << outcome.reason;
    EXPECT_TRUE(outcome.samples.empty());
  }
  tree.remove(temp);
  const auto gone = test::read_once(*created.sensor);
  EXPECT_FALSE(gone.ok);
  EXPECT_NE(gone.reason.find("no such file"), std::string::npos) << gone.reason;
}

TEST(CpuTempDriver, RelativePathIsAProblem) {
  const auto config =
      SensorBuilder("cpu_temp", "cpu").option("path", std::string("thermal_zone0")).config();
  auto created = test::create_sensor(make_cpu_temp_driver(), config);
  EXPECT_FALSE(created.sensor);
  ASSERT_EQ(created.problems.size(), 1u);
  EXPECT_EQ(created.problems[0].key_path, "sensor.cpu.path");
}

TEST(CpuTempDriver, CreationTouchesNoFiles) {
  DriverContext context;
  context.sysfs_root = "/nonexistent-root-for-sure";
  std::vector<DriverProblem> problems;
  EXPECT_TRUE(make_cpu_temp_driver().create(SensorBuilder("cpu_temp").config(), context, problems));
  EXPECT_TRUE(problems.empty());
}

}  // namespace
}  // namespace sa
