#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "drivers/builtin.h"
#include "drivers/ds18b20/w1_slave.h"
#include "fake_tree.h"
#include "sensor_helpers.h"

namespace sa {
namespace {

using test::SensorBuilder;

const std::string kDevices = "/sys/bus/w1/devices/";

// The kernel's w1_slave text for a temperature: the scratchpad (12-bit reading in 1/16 °C,
// little endian, then TH, TL, config 0x7f, reserved bytes, CRC), the CRC verdict, and t= in
// milli-°C as the kernel derives it from the raw count.
std::string w1_slave_text(double celsius, bool crc_ok = true) {
  const auto raw = static_cast<int16_t>(std::lround(celsius * 16));
  const auto bits = static_cast<uint16_t>(raw);
  char bytes[64];
  std::snprintf(bytes, sizeof bytes, "%02x %02x 4b 46 7f ff 0c 10 5e", bits & 0xFFU,
                (bits >> 8) & 0xFFU);
  const long milli = static_cast<long>(raw) * 1000 / 16;
  return std::string(bytes) + " : crc=5e " + (crc_ok ? "YES" : "NO") + "\n" + bytes +
         " t=" + std::to_string(milli) + "\n";
}

test::ReadOutcome setup_and_read(const test::FakeTree& tree, const SensorConfig& config) {
  auto created = test::create_sensor(ds18b20::make_driver(), config, tree.context());
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

TEST(Ds18b20Driver, RoundTripsTemperaturesThroughW1Slave) {
  for (double celsius : {21.375, 0.0625, -10.125, -55.0, 125.0, 0.5}) {
    test::FakeTree tree;
    tree.write(kDevices + "28-00000abcdef0/w1_slave", w1_slave_text(celsius));
    const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
    ASSERT_TRUE(outcome.ok) << celsius << ": " << outcome.reason;
    ASSERT_EQ(outcome.samples.size(), 1u);
    EXPECT_EQ(outcome.samples[0].channel, "temperature");
    EXPECT_NEAR(outcome.value("temperature"), celsius, 0.001) << celsius;
  }
}

TEST(Ds18b20Driver, DiscoversTheFirstFamily28Device) {
  test::FakeTree tree;
  tree.make_dir(kDevices + "w1_bus_master1");
  tree.write(kDevices + "10-000802b4d7a1/w1_slave", w1_slave_text(99));  // DS18S20: not ours
  tree.write(kDevices + "28-0000000000b2/w1_slave", w1_slave_text(18.5));
  tree.write(kDevices + "28-0000000000a1/w1_slave", w1_slave_text(23.25));
  const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("temperature"), 23.25, 0.001);
}

TEST(Ds18b20Driver, PathMayBeADeviceIdADirectoryOrTheW1SlaveFile) {
  test::FakeTree tree;
  tree.write(kDevices + "28-0000000000a1/w1_slave", w1_slave_text(23.25));
  tree.write(kDevices + "28-0000000000b2/w1_slave", w1_slave_text(18.5));
  for (const std::string& path : {std::string("28-0000000000b2"), kDevices + "28-0000000000b2",
                                  kDevices + "28-0000000000b2/w1_slave"}) {
    const auto outcome =
        setup_and_read(tree, SensorBuilder("ds18b20").option("path", path).config());
    ASSERT_TRUE(outcome.ok) << path << ": " << outcome.reason;
    EXPECT_NEAR(outcome.value("temperature"), 18.5, 0.001) << path;
  }
}

TEST(Ds18b20Driver, PrefersTheTemperatureAttributeWhenTheKernelHasIt) {
  test::FakeTree tree;
  tree.write(kDevices + "28-0000000000a1/w1_slave", w1_slave_text(10.0));
  const double celsius = 22.5;
  tree.write(kDevices + "28-0000000000a1/temperature",
             std::to_string(std::lround(celsius * 1000)) + "\n");
  const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("temperature"), celsius, 1e-9);
}

TEST(Ds18b20Driver, PowerOnResetValueFromTheTemperatureAttributeIsAReadError) {
  test::FakeTree tree;
  tree.write(kDevices + "28-0000000000a1/w1_slave", w1_slave_text(10.0));
  tree.write(kDevices + "28-0000000000a1/temperature", "85000\n");
  const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("85"), std::string::npos) << outcome.reason;
  EXPECT_NE(outcome.reason.find("temperature"), std::string::npos) << outcome.reason;
}

class Ds18b20BadW1Slave : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(Ds18b20BadW1Slave, IsAReadErrorWithAClearReason) {
  const auto& [content, expected] = GetParam();
  test::FakeTree tree;
  const std::string file = kDevices + "28-0000000000a1/w1_slave";
  tree.write(file, content);
  const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.samples.empty());
  EXPECT_NE(outcome.reason.find(expected), std::string::npos) << outcome.reason;
  EXPECT_NE(outcome.reason.find(file), std::string::npos) << outcome.reason;
}

INSTANTIATE_TEST_SUITE_P(
    Faults, Ds18b20BadW1Slave,
    ::testing::Values(std::pair{w1_slave_text(21.0, false), std::string("CRC mismatch")},
                      std::pair{w1_slave_text(85.0), std::string("85 °C power-on reset")},
                      std::pair{std::string("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n"
                                            "50 05 4b 46 7f ff 0c 10 1c t=-127000\n"),
                                std::string("disconnected")},
                      std::pair{std::string("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n"
                                            "50 05 4b 46 7f ff 0c 10 1c\n"),
                                std::string("no t=")},
                      std::pair{std::string("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n"
                                            "50 05 4b 46 7f ff 0c 10 1c t=12x\n"),
                                std::string("not an integer")},
                      std::pair{std::string("00 00 00 00 00 00 00 00 00 : crc=00 YES\n"
                                            "00 00 00 00 00 00 00 00 00 t=0\n"),
                                std::string("all zeros")},
                      std::pair{std::string("garbage\n"), std::string("crc=")},
                      std::pair{std::string("no newline at all"), std::string("two lines")},
                      std::pair{std::string(""), std::string("empty")}));

TEST(Ds18b20Driver, DeviceThatVanishesAfterSetupIsAReadError) {
  test::FakeTree tree;
  tree.write(kDevices + "28-0000000000a1/w1_slave", w1_slave_text(20.0));
  auto created = test::create_sensor(ds18b20::make_driver(), SensorBuilder("ds18b20").config(),
                                     tree.context());
  ASSERT_TRUE(created.sensor);
  ASSERT_TRUE(created.sensor->setup());
  ASSERT_TRUE(test::read_once(*created.sensor).ok);
  tree.remove(kDevices + "28-0000000000a1");
  const auto outcome = test::read_once(*created.sensor);
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("no such file"), std::string::npos) << outcome.reason;
}

TEST(Ds18b20Driver, SetupWithoutAnyDeviceExplainsTheOverlay) {
  test::FakeTree tree;
  tree.make_dir(kDevices + "w1_bus_master1");
  const auto outcome = setup_and_read(tree, SensorBuilder("ds18b20").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("w1-gpio"), std::string::npos) << outcome.reason;
}

TEST(Ds18b20Driver, PathThatIsNeitherAnIdNorAbsoluteIsAProblem) {
  for (const char* path : {"28-xyz", "w1_slave", ""}) {
    auto created = test::create_sensor(
        ds18b20::make_driver(),
        SensorBuilder("ds18b20", "tank").option("path", std::string(path)).config());
    EXPECT_FALSE(created.sensor) << path;
    ASSERT_EQ(created.problems.size(), 1u) << path;
    EXPECT_EQ(created.problems[0].key_path, "sensor.tank.path");
  }
}

TEST(W1Slave, ParsesTheKernelExample) {
  double celsius = 0;
  ASSERT_TRUE(
      ds18b20::parse_w1_slave("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n"
                              "72 01 4b 46 7f ff 0e 10 57 t=23125\n",
                              celsius));
  // 0x0172 = 370 sixteenths of a degree.
  EXPECT_DOUBLE_EQ(celsius, 370.0 / 16);
}

}  // namespace
}  // namespace sa
