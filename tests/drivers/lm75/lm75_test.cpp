// lm75: the datasheets' temperature tables, the generic round trip, and bus faults as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/lm75/lm75_math.h"
#include "lm75/lm75_emulator.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

// LM75 (9 bits): the data sheet's table of temperature and register bits, left-justified.
TEST(Lm75Conversion, NineBitTableOfTheLm75Datasheet) {
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x0FA << 7, 9), 125.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x032 << 7, 9), 25.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x001 << 7, 9), 0.5);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x000, 9), 0.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x1FF << 7, 9), -0.5);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x1CE << 7, 9), -25.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x192 << 7, 9), -55.0);
}

// TMP102 (12 bits): table 8-1 of its data sheet.
TEST(Lm75Conversion, TwelveBitTableOfTheTmp102Datasheet) {
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x7FF << 4, 12), 127.9375);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x640 << 4, 12), 100.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x190 << 4, 12), 25.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x004 << 4, 12), 0.25);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0xFFC << 4, 12), -0.25);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0xE70 << 4, 12), -25.0);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0xC90 << 4, 12), -55.0);
}

TEST(Lm75Conversion, BitsBelowTheResolutionAreIgnored) {
  // 0x0C80 is 12.5 °C at 12 bits; a 9-bit LM75 reads it as 12.5 too, 0x0C90 (12.5625) as 12.5.
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x0C90, 9), 12.5);
  EXPECT_DOUBLE_EQ(lm75::temperature_celsius(0x0C90, 12), 12.5625);
}

const bool registered = register_round_trip({
    {"lm75",
     lm75::make_driver,
     0x48,
     {},
     {},
     [] { return std::make_shared<emul::Lm75Emulator>(9); },
     {{{"temperature", 21.5}}, {{"temperature", -10.0}}, {{"temperature", 124.5}}}},
    {"tmp102_at_0x4b",
     lm75::make_driver,
     0x4B,
     {{"address", int64_t{0x4B}}, {"resolution", int64_t{12}}},
     {},
     [] { return std::make_shared<emul::Lm75Emulator>(12); },
     {{{"temperature", 23.8125}}, {{"temperature", -40.25}}}},
});

TEST(Lm75, BusTimeoutAndNackAreReadErrorsNotReadings) {
  Harness harness;
  auto chip = std::make_shared<emul::Lm75Emulator>(9);
  harness.buses.bus("/dev/i2c-1").attach(0x48, chip);
  harness.create(lm75::make_driver(), sensor_config("lm75", {}));
  ASSERT_TRUE(harness.sensor->setup());
  harness.buses.bus("/dev/i2c-1").set_fault(ETIMEDOUT, -1);
  std::vector<ChannelSample> samples;
  Status status = harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_TRUE(samples.empty());
  harness.buses.bus("/dev/i2c-1").set_fault(0, 0);
  chip->set_nack(true);
  status = harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("no device answered at address 0x48"));
  EXPECT_TRUE(samples.empty());
}

TEST(Lm75, ResolutionOutsideNineToTwelveBitsIsAProblem) {
  Harness harness;
  harness.create(lm75::make_driver(), sensor_config("lm75", {{"resolution", int64_t{13}}}));
  ASSERT_EQ(harness.problems.size(), 1u);
  EXPECT_EQ(harness.problems[0].key_path, "sensor.s1.resolution");
}

}  // namespace
}  // namespace sa::test
