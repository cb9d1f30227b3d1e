#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "drivers/builtin.h"
#include "drivers/iio/iio_channel.h"
#include "fake_tree.h"
#include "sensor_helpers.h"

namespace sa {
namespace {

using test::SensorBuilder;

const std::string kDevices = "/sys/bus/iio/devices/";

// Writes a number the way the kernel formats IIO scales: nine decimals, exact for the values used.
std::string attr(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9f\n", value);
  return text;
}
std::string milli(double value) {
  return std::to_string(std::lround(value * 1000)) + "\n";
}

void add_device(const test::FakeTree& tree, const std::string& dir, const std::string& name) {
  tree.write(kDevices + dir + "/name", name + "\n");
}

test::ReadOutcome setup_and_read(const test::FakeTree& tree, const SensorConfig& config) {
  auto created = test::create_sensor(iio::make_driver(), config, tree.context());
  EXPECT_TRUE(created.sensor) << (created.problems.empty() ? "" : created.problems[0].message);
  if (!created.sensor) {
    return {};
  }
  const Status setup = created.sensor->setup();
  if (!setup.is_ok()) {
    return test::ReadOutcome{false, setup.reason(), {}};
  }
  return test::read_once(*created.sensor);
}

TEST(IioDriver, Dht11TemperatureAndHumidityRoundTripByChannelName) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "dht11");
  const double celsius = 23.0;
  const double humidity = 45.0;
  tree.write(kDevices + "iio:device0/in_temp_input", milli(celsius));
  tree.write(kDevices + "iio:device0/in_humidityrelative_input", milli(humidity));
  const auto outcome = setup_and_read(
      tree, SensorBuilder("iio").channel("temperature").channel("humidity").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  ASSERT_EQ(outcome.samples.size(), 2u);
  EXPECT_NEAR(outcome.value("temperature"), celsius, 1e-9);
  EXPECT_NEAR(outcome.value("humidity"), humidity, 1e-9);
}

TEST(IioDriver, ExplicitAttributeNamesTheFile) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "bme280");
  const double celsius = -7.25;
  const double humidity = 61.5;
  const double kpa = 100.325;
  tree.write(kDevices + "iio:device0/in_temp_input", milli(celsius));
  tree.write(kDevices + "iio:device0/in_humidityrelative_input", milli(humidity));
  tree.write(kDevices + "iio:device0/in_pressure_input", attr(kpa));
  const auto outcome = setup_and_read(
      tree, SensorBuilder("iio")
                .channel("t")
                .channel_option("attribute", std::string("in_temp_input"))
                .channel("rh")
                .channel_option("attribute", std::string("in_humidityrelative_input"))
                .channel("p")
                .channel_option("attribute", std::string("in_pressure_input"))
                .config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("t"), celsius, 1e-9);
  EXPECT_NEAR(outcome.value("rh"), humidity, 1e-9);
  EXPECT_NEAR(outcome.value("p"), kpa * 10, 1e-6) << "kPa becomes hPa";
}

TEST(IioDriver, RawValueUsesTheTypeWideScaleAndConvertsMillivoltsToVolts) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "ads1015");
  const int raw = 1234;
  const double scale_mv = 0.805664062;
  tree.write(kDevices + "iio:device0/in_voltage0_raw", std::to_string(raw) + "\n");
  tree.write(kDevices + "iio:device0/in_voltage1_raw", "17\n");
  tree.write(kDevices + "iio:device0/in_voltage_scale", attr(scale_mv));
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("in_voltage0").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("in_voltage0"), raw * scale_mv / 1000, 1e-9);
}

TEST(IioDriver, RawValueAppliesItsOwnOffsetThenScale) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "tmp006");
  const int raw = 500;
  const double offset = -1000.5;
  const double scale = 12.5;
  tree.write(kDevices + "iio:device0/in_temp_raw", std::to_string(raw) + "\n");
  tree.write(kDevices + "iio:device0/in_temp_offset", attr(offset));
  tree.write(kDevices + "iio:device0/in_temp_scale", attr(scale));
  tree.write(kDevices + "iio:device0/in_voltage_scale", attr(99.0));  // other type: ignored
  const auto outcome =
      setup_and_read(tree, SensorBuilder("iio")
                               .channel("t")
                               .channel_option("attribute", std::string("in_temp_raw"))
                               .config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("t"), (raw + offset) * scale / 1000, 1e-9);
}

TEST(IioDriver, ScaleChangedAtRunTimeIsPickedUp) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "adc");
  tree.write(kDevices + "iio:device0/in_voltage0_raw", "100\n");
  tree.write(kDevices + "iio:device0/in_voltage0_scale", attr(1.0));
  auto created = test::create_sensor(
      iio::make_driver(), SensorBuilder("iio").channel("in_voltage0").config(), tree.context());
  ASSERT_TRUE(created.sensor);
  ASSERT_TRUE(created.sensor->setup());
  EXPECT_NEAR(test::read_once(*created.sensor).value("in_voltage0"), 100 * 1.0 / 1000, 1e-12);
  tree.write(kDevices + "iio:device0/in_voltage0_scale", attr(0.5));
  EXPECT_NEAR(test::read_once(*created.sensor).value("in_voltage0"), 100 * 0.5 / 1000, 1e-12);
}

TEST(IioDriver, DeviceIsFoundByItsNameAttribute) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "ads1015");
  add_device(tree, "iio:device1", "dht11");
  tree.write(kDevices + "iio:device0/in_temp_input", milli(99.0));
  tree.write(kDevices + "iio:device1/in_temp_input", milli(19.0));
  for (const char* device : {"dht11", "iio:device1"}) {
    const auto outcome = setup_and_read(
        tree,
        SensorBuilder("iio").option("device", std::string(device)).channel("temperature").config());
    ASSERT_TRUE(outcome.ok) << device << ": " << outcome.reason;
    EXPECT_NEAR(outcome.value("temperature"), 19.0, 1e-9) << device;
  }
  const auto by_path = setup_and_read(tree, SensorBuilder("iio")
                                                .option("path", kDevices + "iio:device1")
                                                .channel("temperature")
                                                .config());
  ASSERT_TRUE(by_path.ok) << by_path.reason;
  EXPECT_NEAR(by_path.value("temperature"), 19.0, 1e-9);
}

TEST(IioDriver, DefaultIsTheFirstDeviceInNumericOrder) {
  test::FakeTree tree;
  add_device(tree, "iio:device10", "late");
  add_device(tree, "iio:device2", "early");
  tree.write(kDevices + "iio:device10/in_temp_input", milli(10.0));
  tree.write(kDevices + "iio:device2/in_temp_input", milli(2.0));
  tree.make_dir(kDevices + "trigger0");
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("temperature").config());
  ASSERT_TRUE(outcome.ok) << outcome.reason;
  EXPECT_NEAR(outcome.value("temperature"), 2.0, 1e-9);
}

TEST(IioDriver, UnknownDeviceNameListsTheDevicesThatExist) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "ads1015");
  add_device(tree, "iio:device1", "bme280");
  const auto outcome = setup_and_read(
      tree, SensorBuilder("iio").option("device", std::string("dht11")).channel("t").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("\"dht11\""), std::string::npos) << outcome.reason;
  EXPECT_NE(outcome.reason.find("ads1015, bme280"), std::string::npos) << outcome.reason;
}

TEST(IioDriver, NoDeviceAtAllFailsSetup) {
  test::FakeTree tree;
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("temperature").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("no IIO device"), std::string::npos) << outcome.reason;
}

TEST(IioDriver, ChannelWithoutAnAttributeFailsSetupNamingTheCandidates) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "dht11");
  tree.write(kDevices + "iio:device0/in_temp_input", milli(20.0));
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("pressure").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("in_pressure_input or in_pressure_raw"), std::string::npos)
      << outcome.reason;
}

// The dht11 kernel driver fails a read with EIO or ETIMEDOUT when the sensor misses its timing;
// /proc/self/mem gives a real EIO.
TEST(IioDriver, DhtReadThatTheKernelFailsIsARetryableReadError) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "dht11");
  tree.symlink("/proc/self/mem", kDevices + "iio:device0/in_temp_input");
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("temperature").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.samples.empty());
  EXPECT_NE(outcome.reason.find("sensor did not answer (DHT timing), will retry"),
            std::string::npos)
      << outcome.reason;
}

TEST(IioDriver, IoErrorOnOtherDevicesDoesNotBlameDhtTiming) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "bme280");
  tree.symlink("/proc/self/mem", kDevices + "iio:device0/in_temp_input");
  const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("temperature").config());
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.reason.find("sensor did not answer"), std::string::npos) << outcome.reason;
  EXPECT_EQ(outcome.reason.find("DHT"), std::string::npos) << outcome.reason;
}

TEST(IioDriver, GarbageOrEmptyValueIsAReadError) {
  test::FakeTree tree;
  add_device(tree, "iio:device0", "dht11");
  for (const char* content : {"", "abc\n", "12 34\n"}) {
    tree.write(kDevices + "iio:device0/in_temp_input", content);
    const auto outcome = setup_and_read(tree, SensorBuilder("iio").channel("temperature").config());
    EXPECT_FALSE(outcome.ok) << content;
    EXPECT_NE(outcome.reason.find("in_temp_input"), std::string::npos) << outcome.reason;
  }
}

TEST(IioDriver, OptionProblemsCarryTheirKeyPaths) {
  const auto config = SensorBuilder("iio", "air")
                          .option("device", std::string("dht11"))
                          .option("path", std::string("iio:device0"))
                          .channel("t")
                          .channel_option("attribute", std::string("../../etc/passwd"))
                          .config();
  auto created = test::create_sensor(iio::make_driver(), config);
  EXPECT_FALSE(created.sensor);
  std::set<std::string> keys;
  for (const auto& problem : created.problems) {
    keys.insert(problem.key_path);
  }
  EXPECT_EQ(keys, (std::set<std::string>{"sensor.air.path", "sensor.air.channels.t.attribute"}));
  EXPECT_EQ(created.problems.size(), 3u) << "both-set and relative path are separate problems";
}

TEST(IioChannel, TypesAndUnitFactorsFollowTheIioAbi) {
  EXPECT_EQ(iio::channel_type("in_voltage0"), "voltage");
  EXPECT_EQ(iio::channel_type("in_temp_ambient"), "temp");
  EXPECT_EQ(iio::channel_type("in_humidityrelative"), "humidityrelative");
  EXPECT_EQ(iio::unit_factor("temp"), 1e-3);
  EXPECT_EQ(iio::unit_factor("humidityrelative"), 1e-3);
  EXPECT_EQ(iio::unit_factor("voltage"), 1e-3);
  EXPECT_EQ(iio::unit_factor("pressure"), 10.0);
  EXPECT_EQ(iio::unit_factor("illuminance"), 1.0);
}

TEST(IioChannel, ProcessedInputWinsOverRaw) {
  const std::set<std::string> files = {"in_temp_input", "in_temp_raw", "in_temp_scale"};
  const auto source = iio::plan_channel(
      "temperature", "", [&](const std::string& name) { return files.count(name) != 0; });
  ASSERT_TRUE(source);
  EXPECT_EQ(source->attribute, "in_temp_input");
  EXPECT_FALSE(source->raw);
}

}  // namespace
}  // namespace sa
