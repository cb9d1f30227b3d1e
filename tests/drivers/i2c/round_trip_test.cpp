// One test over every emulated I2C driver: set a physical value in the emulator, read it back
// through the driver's factory and sensor, expect it within the emulator's declared tolerance.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "driver_harness.h"
#include "drivers/builtin.h"
#include "emul/ads1x15_emulator.h"
#include "emul/bh1750_emulator.h"
#include "emul/bme280_emulator.h"
#include "emul/sht3x_emulator.h"

namespace sa {
namespace {

struct RoundTripCase {
  std::string name;
  std::function<Driver()> driver;
  uint16_t address;
  std::map<std::string, OptionValue> options;
  std::vector<test::ChannelSetup> channels;
  std::function<std::shared_ptr<emul::ChipEmulator>()> chip;
  std::vector<std::map<std::string, double>> points;  // physical values, per channel
};

void PrintTo(const RoundTripCase& c, std::ostream* out) {
  *out << c.name;
}

std::vector<RoundTripCase> cases() {
  using emul::Ads1x15Emulator;
  return {
      {"bme280",
       make_bme280_driver,
       0x76,
       {},
       {},
       [] { return std::make_shared<emul::Bme280Emulator>(); },
       {{{"temperature", 21.37}, {"pressure", 1013.25}, {"humidity", 45.5}},
        {{"temperature", -12.5}, {"pressure", 850.0}, {"humidity", 92.0}},
        {{"temperature", 58.0}, {"pressure", 1099.0}, {"humidity", 3.25}}}},
      {"bme280_oversampled_at_0x77",
       make_bme280_driver,
       0x77,
       {{"address", int64_t{0x77}},
        {"osrs_t", int64_t{2}},
        {"osrs_p", int64_t{16}},
        {"osrs_h", int64_t{4}},
        {"iir_filter", int64_t{4}}},
       {{"temperature", {}}, {"pressure", {}}, {"humidity", {}}},
       [] { return std::make_shared<emul::Bme280Emulator>(); },
       {{{"temperature", 30.0}, {"pressure", 990.5}, {"humidity", 60.0}}}},
      {"bmp280",
       make_bme280_driver,
       0x76,
       {},
       {},
       [] { return std::make_shared<emul::Bme280Emulator>(0x58); },
       {{{"temperature", 19.5}, {"pressure", 1020.0}}}},
      {"sht3x",
       make_sht3x_driver,
       0x44,
       {},
       {},
       [] { return std::make_shared<emul::Sht3xEmulator>(); },
       {{{"temperature", 23.4}, {"humidity", 51.2}},
        {{"temperature", -30.0}, {"humidity", 0.5}},
        {{"temperature", 99.0}, {"humidity", 99.5}}}},
      {"sht3x_low_repeatability_at_0x45",
       make_sht3x_driver,
       0x45,
       {{"address", int64_t{0x45}}, {"repeatability", std::string("low")}},
       {{"humidity", {}}},
       [] { return std::make_shared<emul::Sht3xEmulator>(); },
       {{{"humidity", 33.3}}}},
      {"bh1750",
       make_bh1750_driver,
       0x23,
       {},
       {},
       [] { return std::make_shared<emul::Bh1750Emulator>(); },
       {{{"illuminance", 321.7}}, {{"illuminance", 28067.0}}}},
      {"bh1750_high2_at_0x5c",
       make_bh1750_driver,
       0x5C,
       {{"address", int64_t{0x5C}}, {"mode", std::string("high2")}},
       {},
       [] { return std::make_shared<emul::Bh1750Emulator>(); },
       {{{"illuminance", 12.3}}}},
      {"bh1750_low",
       make_bh1750_driver,
       0x23,
       {{"mode", std::string("low")}},
       {},
       [] { return std::make_shared<emul::Bh1750Emulator>(); },
       {{{"illuminance", 800.0}}}},
      {"ads1115",
       make_ads1115_driver,
       0x48,
       {{"data_rate", int64_t{860}}},
       {{"in0", {}}, {"in1", {{"gain", 0.256}}}, {"diff_2_3", {{"gain", 4.096}}}},
       [] { return std::make_shared<Ads1x15Emulator>(ads1x15::Chip::ads1115); },
       {{{"in0", 1.2345}, {"in1", 0.1}, {"diff_2_3", -2.5}},
        {{"in0", -0.5}, {"in1", 0.2559}, {"diff_2_3", 3.3}}}},
      {"ads1015_at_0x4b",
       make_ads1015_driver,
       0x4B,
       {{"address", int64_t{0x4B}}},
       {{"in3", {{"gain", 6.144}}}, {"diff_0_1", {{"gain", 1.024}}}},
       [] { return std::make_shared<Ads1x15Emulator>(ads1x15::Chip::ads1015); },
       {{{"in3", 5.0}, {"diff_0_1", 0.7}}}},
  };
}

class I2cRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(I2cRoundTrip, ValueSetInTheEmulatorIsReadBackWithinTolerance) {
  const RoundTripCase& c = GetParam();
  test::Harness harness;
  auto chip = c.chip();
  harness.buses.bus("/dev/i2c-1").attach(c.address, chip);
  harness.create(c.driver(), test::sensor_config(c.driver().info.name, c.options, c.channels));
  ASSERT_TRUE(harness.problems.empty()) << harness.problems.front().message;
  Status setup = harness.sensor->setup();
  ASSERT_TRUE(setup) << setup.reason();

  for (const auto& point : c.points) {
    for (const auto& [channel, value] : point) {
      chip->set_physical(channel, value);
    }
    std::map<std::string, double> values;
    Status status = harness.read(values);
    ASSERT_TRUE(status) << status.reason();
    EXPECT_EQ(values.size(), point.size());
    for (const auto& [channel, value] : point) {
      ASSERT_EQ(values.count(channel), 1u) << channel;
      EXPECT_NEAR(values[channel], value, chip->tolerance(channel)) << channel;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryEmulatedDriver, I2cRoundTrip, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace sa
