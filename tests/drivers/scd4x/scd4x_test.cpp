// scd4x: the datasheet's example measurement, the generic round trip, CRC and data-ready faults
// as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/i2c/crc8.h"
#include "drivers/scd4x/scd4x_math.h"
#include "round_trip.h"
#include "scd4x/scd4x_emulator.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

// Section 3.5.2, read_measurement example: CO2 0x01F4, temperature 0x6667 (CRC 0xA2), humidity
// 0x5EB9 (CRC 0x3C) are 500 ppm, 25 °C and 37 %RH.
TEST(Scd4xConversion, DatasheetExampleMeasurement) {
  EXPECT_DOUBLE_EQ(scd4x::co2_ppm(0x01F4), 500.0);
  EXPECT_NEAR(scd4x::temperature_celsius(0x6667), 25.0, 0.01);
  EXPECT_NEAR(scd4x::humidity_percent(0x5EB9), 37.0, 0.01);
  const uint8_t temperature[2] = {0x66, 0x67};
  const uint8_t humidity[2] = {0x5E, 0xB9};
  EXPECT_EQ(crc8(temperature, 2), 0xA2);
  EXPECT_EQ(crc8(humidity, 2), 0x3C);
}

TEST(Scd4xConversion, DataReadyWhenAnyOfTheLow11BitsIsSet) {
  EXPECT_FALSE(scd4x::data_ready(0x8000));
  EXPECT_FALSE(scd4x::data_ready(0xF800));
  EXPECT_TRUE(scd4x::data_ready(0x8006));
  EXPECT_TRUE(scd4x::data_ready(0x0001));
}

std::shared_ptr<emul::Scd4xEmulator> fast_scd4x() {
  auto chip = std::make_shared<emul::Scd4xEmulator>();
  chip->set_conversion_time(milliseconds(30));  // a period of 30 ms instead of 5 s
  return chip;
}

const bool registered = register_round_trip({
    {"scd4x",
     scd4x::make_driver,
     0x62,
     {},
     {},
     fast_scd4x,
     {{{"co2", 415.0}, {"temperature", 21.3}, {"humidity", 44.0}},
      {{"co2", 2500.0}, {"temperature", 5.0}, {"humidity", 90.0}}}},
    {"scd4x_co2_only",
     scd4x::make_driver,
     0x62,
     {{"auto_calibration", false}},
     {{"co2", {}}},
     fast_scd4x,
     {{{"co2", 1234.0}}}},
});

struct Scd4xRig {
  Harness harness;
  std::shared_ptr<emul::Scd4xEmulator> chip = fast_scd4x();
  explicit Scd4xRig(std::map<std::string, OptionValue> options = {}) {
    harness.buses.bus("/dev/i2c-1").attach(0x62, chip);
    harness.create(scd4x::make_driver(), sensor_config("scd4x", options));
  }
};

TEST(Scd4x, SetupStopsChecksTheSerialSetsCalibrationAndStartsMeasuring) {
  Scd4xRig rig({{"auto_calibration", false}});
  ASSERT_TRUE(rig.harness.sensor->setup());
  EXPECT_TRUE(rig.chip->measuring());
  ASSERT_TRUE(rig.chip->auto_calibration().has_value());
  EXPECT_FALSE(*rig.chip->auto_calibration());
}

TEST(Scd4x, SetupRecoversAChipLeftMeasuring) {
  Scd4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  auto again = rig.harness.sensor->setup();  // as after an agent restart
  EXPECT_TRUE(again) << again.reason();
}

TEST(Scd4x, CrcMismatchIsAReadErrorNotAReading) {
  Scd4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_corrupt_crc(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("CRC mismatch"));
  EXPECT_TRUE(samples.empty());
}

TEST(Scd4x, NoMeasurementWithinAPeriodIsAReadError) {
  Scd4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_stalled(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);  // waits the 5 s period and a second
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("data-ready flag never set"));
  EXPECT_TRUE(samples.empty());
}

}  // namespace
}  // namespace sa::test
