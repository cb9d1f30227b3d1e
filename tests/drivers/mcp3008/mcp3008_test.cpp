// mcp3008/mcp3004: the datasheet's framing and transfer function, the generic SPI round trip, a
// floating MISO as a read error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/mcp3008/mcp3008_math.h"
#include "mcp3008/mcp3008_emulator.h"
#include "spi/spi_round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

TEST(Mcp3008Framing, EightBitSegmentsOfFigure6_1) {
  uint8_t tx[3] = {};
  mcp3008::request(*mcp3008::parse_input("in5", 8), tx);
  EXPECT_EQ(tx[0], 0x01);  // start bit
  EXPECT_EQ(tx[1], 0xD0);  // SGL = 1, D2..D0 = 101
  mcp3008::request(*mcp3008::parse_input("diff_3_2", 8), tx);
  EXPECT_EQ(tx[1], 0x30);                        // DIFF, 011: CH3 = IN+, CH2 = IN-
  const uint8_t answer[3] = {0xFF, 0x03, 0xFF};  // null bit 0, B9..B0 all ones
  EXPECT_EQ(mcp3008::result(answer), 1023);
  const uint8_t floating[3] = {0xFF, 0xFF, 0xFF};
  EXPECT_FALSE(mcp3008::result(floating));
}

TEST(Mcp3008Framing, InputNamesOfEachChip) {
  EXPECT_TRUE(mcp3008::parse_input("in7", 8));
  EXPECT_FALSE(mcp3008::parse_input("in4", 4));
  EXPECT_TRUE(mcp3008::parse_input("diff_6_7", 8));
  EXPECT_FALSE(mcp3008::parse_input("diff_1_2", 8));  // not a pair
  EXPECT_FALSE(mcp3008::parse_input("diff_6_7", 4));
}

TEST(Mcp3008Conversion, TransferFunctionOfSection4_9) {
  // Digital output code = 1024 × V_IN / V_REF: full scale 1023 is V_REF × 1023 / 1024.
  EXPECT_DOUBLE_EQ(mcp3008::volts(1023, 5.0), 5.0 * 1023 / 1024);
  EXPECT_DOUBLE_EQ(mcp3008::volts(512, 3.3), 1.65);
  EXPECT_DOUBLE_EQ(mcp3008::volts(0, 3.3), 0.0);
}

const bool registered = register_spi_round_trip({
    {"mcp3008",
     mcp3008::make_mcp3008_driver,
     {},
     {{"in0", {}}, {"in7", {}}, {"diff_2_3", {}}},
     [] { return std::make_shared<emul::Mcp3008Emulator>(8, 3.3); },
     {{{"in0", 1.234}, {"in7", 3.2}, {"diff_2_3", 0.75}},
      {{"in0", 0.0}, {"in7", 0.01}, {"diff_2_3", 2.0}}}},
    {"mcp3004_on_ce1_with_5v_reference",
     mcp3008::make_mcp3004_driver,
     {{"device", std::string("/dev/spidev0.1")}, {"vref", 5.0}, {"speed", int64_t{2000000}}},
     {{"in3", {}}, {"diff_1_0", {}}},
     [] { return std::make_shared<emul::Mcp3008Emulator>(4, 5.0); },
     {{{"in3", 4.5}, {"diff_1_0", 1.5}}}},
});

TEST(Mcp3008, TransfersInMode0AtTheConfiguredClock) {
  Harness harness;
  auto chip = std::make_shared<emul::Mcp3008Emulator>();
  harness.spi.attach("/dev/spidev0.0", chip);
  harness.create(mcp3008::make_mcp3008_driver(),
                 sensor_config("mcp3008", {{"speed", int64_t{1350000}}}, {{"in1", {}}}));
  ASSERT_TRUE(harness.sensor->setup());
  std::map<std::string, double> values;
  ASSERT_TRUE(harness.read(values));
  EXPECT_EQ(chip->last_settings().mode, 0);
  EXPECT_EQ(chip->last_settings().speed_hz, 1350000u);
  EXPECT_EQ(chip->last_settings().bits_per_word, 8);
}

TEST(Mcp3008, FloatingMisoIsAReadErrorNotAReading) {
  Harness harness;
  auto chip = std::make_shared<emul::Mcp3008Emulator>();
  harness.spi.attach("/dev/spidev0.0", chip);
  harness.create(mcp3008::make_mcp3008_driver(), sensor_config("mcp3008", {}, {{"in0", {}}}));
  ASSERT_TRUE(harness.sensor->setup());
  chip->set_miso_floating(true);
  std::vector<ChannelSample> samples;
  Status status = harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("null bit"));
  EXPECT_TRUE(samples.empty());
}

TEST(Mcp3008, MissingSpiDeviceFailsSetupWithHowToEnableSpi) {
  Harness harness;
  harness.create(mcp3008::make_mcp3008_driver(), sensor_config("mcp3008", {}, {{"in0", {}}}));
  Status status = harness.sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("dtparam=spi=on"));
}

TEST(Mcp3008, ConfigProblemsNameTheKey) {
  Harness harness;
  harness.create(mcp3008::make_mcp3004_driver(),
                 sensor_config("mcp3004", {{"speed", int64_t{8000000}}}, {{"in5", {}}}));
  ASSERT_EQ(harness.problems.size(), 2u);
  EXPECT_EQ(harness.problems[0].key_path, "sensor.s1.speed");
  EXPECT_EQ(harness.problems[1].key_path, "sensor.s1.channels.in5");
}

}  // namespace
}  // namespace sa::test
