// ina219: the datasheet's calibration equations, the generic round trip, overflow and
// conversion-ready faults as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/ina219/ina219_math.h"
#include "ina219/ina219_emulator.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

TEST(Ina219Calibration, FollowsEquationsOneToThree) {
  // 0.1 Ω and 3.2768 A: Current_LSB = 3.2768 / 2^15 = 100 µA; Cal = 0.04096 / (100 µA × 0.1 Ω)
  // = 4096; Power_LSB = 20 × 100 µA = 2 mW.
  auto calibration = ina219::calibrate(0.1, 3.2768);
  ASSERT_TRUE(calibration);
  EXPECT_DOUBLE_EQ(calibration->current_lsb, 100e-6);
  EXPECT_EQ(calibration->register_value, 4096);
  EXPECT_DOUBLE_EQ(calibration->power_lsb, 2e-3);
  // 0.1 Ω and 2 A: Cal = trunc(0.04096 / (2 / 32768 × 0.1)) = trunc(6710.88) = 6710.
  EXPECT_EQ(ina219::calibrate(0.1, 2.0)->register_value, 6710);
  EXPECT_FALSE(ina219::calibrate(0.0, 2.0));
  EXPECT_FALSE(ina219::calibrate(0.0001, 0.001));  // beyond the 16-bit register
}

TEST(Ina219Calibration, SmallestShuntRangeThatHoldsTheMaximumShuntVoltage) {
  EXPECT_EQ(ina219::shunt_range(0.1, 0.4), 0);  // 40 mV, PGA /1
  EXPECT_EQ(ina219::shunt_range(0.1, 0.5), 1);  // 50 mV: 80 mV range
  EXPECT_EQ(ina219::shunt_range(0.1, 3.2), 3);  // 320 mV
  EXPECT_FALSE(ina219::shunt_range(0.1, 3.3));  // 330 mV: beyond the chip
  // The power-on configuration 0x399F: 32 V, PGA /8, 12-bit ADCs, continuous.
  EXPECT_EQ(ina219::configuration(true, 3), 0x399F);
}

TEST(Ina219Conversion, RegisterLsbsOfTheDatasheet) {
  EXPECT_DOUBLE_EQ(ina219::bus_voltage(3000 << 3 | 0x2), 12.0);  // 4 mV steps from bit 3
  EXPECT_DOUBLE_EQ(ina219::shunt_voltage(0x7D00), 0.32);         // 32000 × 10 µV
  EXPECT_DOUBLE_EQ(ina219::shunt_voltage(0x8300), -0.32);        // two's complement
}

const bool registered = register_round_trip({
    {"ina219",
     ina219::make_driver,
     0x40,
     {},
     {{"bus_voltage", {}}, {"shunt_voltage", {}}, {"current", {}}},
     [] { return std::make_shared<emul::Ina219Emulator>(0.1); },
     {{{"bus_voltage", 12.0}, {"current", 1.25}, {"shunt_voltage", 0.125}},
      {{"bus_voltage", 5.02}, {"current", -0.3}, {"shunt_voltage", -0.03}}}},
    {"ina219_small_shunt_at_0x45",
     ina219::make_driver,
     0x45,
     {{"address", int64_t{0x45}},
      {"shunt_ohms", 0.01},
      {"max_current", 10.0},
      {"bus_range", int64_t{16}}},
     {{"bus_voltage", {}}, {"current", {}}},
     [] { return std::make_shared<emul::Ina219Emulator>(0.01); },
     {{{"bus_voltage", 3.3}, {"current", 7.5}}}},
});

struct Ina219Rig {
  Harness harness;
  std::shared_ptr<emul::Ina219Emulator> chip = std::make_shared<emul::Ina219Emulator>(0.1);
  explicit Ina219Rig(std::map<std::string, OptionValue> options = {{"max_current", 2.0}}) {
    harness.buses.bus("/dev/i2c-1").attach(0x40, chip);
    harness.create(ina219::make_driver(), sensor_config("ina219", options));
  }
};

TEST(Ina219, SetupProgramsTheCalibrationAndShuntRange) {
  Ina219Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  EXPECT_EQ(rig.chip->calibration(), ina219::calibrate(0.1, 2.0)->register_value & 0xFFFE);
  // 2 A × 0.1 Ω = 200 mV: beyond the 160 mV range, so the 320 mV one (PG = 11).
  EXPECT_EQ((rig.chip->configuration() >> 11) & 0x3, 3);
}

TEST(Ina219, PowerIsBusVoltageTimesCurrent) {
  Ina219Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_physical("bus_voltage", 12.0);
  rig.chip->set_physical("current", 1.5);
  std::map<std::string, double> values;
  ASSERT_TRUE(rig.harness.read(values));
  EXPECT_NEAR(values["power"], 12.0 * 1.5, rig.chip->tolerance("power"));
}

TEST(Ina219, MathOverflowIsAReadErrorNotAReading) {
  Ina219Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_overflow(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("math overflow"));
  EXPECT_TRUE(samples.empty());
}

TEST(Ina219, ConversionNeverReadyIsAReadError) {
  Ina219Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_never_ready(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("not ready"));
  EXPECT_TRUE(samples.empty());
}

TEST(Ina219, ShuntVoltageBeyondThe320mVRangeIsAConfigProblem) {
  Ina219Rig rig({{"shunt_ohms", 0.1}, {"max_current", 5.0}});
  ASSERT_EQ(rig.harness.problems.size(), 1u);
  EXPECT_EQ(rig.harness.problems[0].key_path, "sensor.s1.max_current");
  EXPECT_THAT(rig.harness.problems[0].message, HasSubstr("500 mV"));
}

}  // namespace
}  // namespace sa::test
