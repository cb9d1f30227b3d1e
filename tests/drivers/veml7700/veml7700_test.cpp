// veml7700: the application note's resolution table, the generic round trip, saturation and a
// wrong device id as errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/veml7700/veml7700_math.h"
#include "round_trip.h"
#include "veml7700/veml7700_emulator.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(Veml7700Resolution, TableOfTheApplicationNote) {
  EXPECT_DOUBLE_EQ(veml7700::resolution(2.0, milliseconds(800)), 0.0036);
  EXPECT_DOUBLE_EQ(veml7700::resolution(1.0, milliseconds(800)), 0.0072);
  EXPECT_DOUBLE_EQ(veml7700::resolution(0.25, milliseconds(800)), 0.0288);
  EXPECT_DOUBLE_EQ(veml7700::resolution(1.0, milliseconds(100)), 0.0576);
  EXPECT_DOUBLE_EQ(veml7700::resolution(2.0, milliseconds(25)), 0.1152);
  EXPECT_DOUBLE_EQ(veml7700::resolution(0.125, milliseconds(25)), 1.8432);
}

TEST(Veml7700Configuration, GainAndIntegrationTimeCodesOfTheDatasheet) {
  EXPECT_EQ(veml7700::gain_bits(2.0), 0x1);
  EXPECT_EQ(veml7700::gain_bits(0.125), 0x2);
  EXPECT_FALSE(veml7700::gain_bits(4.0));
  EXPECT_EQ(veml7700::integration_bits(milliseconds(25)), 0xC);
  EXPECT_EQ(veml7700::integration_bits(milliseconds(800)), 0x3);
  EXPECT_FALSE(veml7700::integration_bits(milliseconds(150)));
  // Gain 1/8 (10) in bits 12:11, 100 ms (0000) in bits 9:6, powered on.
  EXPECT_EQ(veml7700::configuration(0x2, 0x0), 0x1000);
}

const bool registered = register_round_trip({
    {"veml7700",
     veml7700::make_driver,
     0x10,
     {{"integration_time", milliseconds(25)}},
     {{"illuminance", {}}},
     [] { return std::make_shared<emul::Veml7700Emulator>(); },
     {{{"illuminance", 350.0}}, {{"illuminance", 20000.0}}}},
    {"veml7700_dim_light",
     veml7700::make_driver,
     0x10,
     {{"gain", 2.0}, {"integration_time", milliseconds(50)}},
     {{"illuminance", {}}},
     [] { return std::make_shared<emul::Veml7700Emulator>(); },
     {{{"illuminance", 12.34}}}},
});

struct Veml7700Rig {
  Harness harness;
  std::shared_ptr<emul::Veml7700Emulator> chip = std::make_shared<emul::Veml7700Emulator>();
  explicit Veml7700Rig(std::map<std::string, OptionValue> options) {
    harness.buses.bus("/dev/i2c-1").attach(0x10, chip);
    harness.create(veml7700::make_driver(), sensor_config("veml7700", options));
  }
};

TEST(Veml7700, SaturatedCountIsAReadErrorNotAReading) {
  Veml7700Rig rig({{"gain", 2.0}, {"integration_time", milliseconds(25)}});
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_physical("illuminance", 50000.0);  // far beyond 65535 × 0.1152 lx
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("saturated"));
  EXPECT_TRUE(samples.empty());
}

TEST(Veml7700, StuckBusFailsTheIdCheck) {
  Veml7700Rig rig({{"integration_time", milliseconds(25)}});
  rig.chip->set_stuck(0xFF);
  Status status = rig.harness.sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("is this a VEML7700?"));
}

TEST(Veml7700, UnsupportedGainAndTimeAreConfigProblems) {
  Veml7700Rig rig({{"gain", 3.0}, {"integration_time", milliseconds(150)}});
  ASSERT_EQ(rig.harness.problems.size(), 2u);
  EXPECT_EQ(rig.harness.problems[0].key_path, "sensor.s1.gain");
  EXPECT_EQ(rig.harness.problems[1].key_path, "sensor.s1.integration_time");
}

}  // namespace
}  // namespace sa::test
