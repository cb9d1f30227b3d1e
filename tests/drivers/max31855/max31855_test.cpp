// max31855: the datasheet's temperature tables, the generic SPI round trip, fault bits as read
// errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "drivers/max31855/max31855_math.h"
#include "max31855/max31855_emulator.h"
#include "spi/spi_round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

uint32_t thermocouple_bits(uint32_t fourteen) {
  return fourteen << 18;
}
uint32_t internal_bits(uint32_t twelve) {
  return twelve << 4;
}

// Table 4, thermocouple temperature data format (14 bits, 0.25 °C).
TEST(Max31855Conversion, ThermocoupleTableOfTheDatasheet) {
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b01100100000000)).thermocouple, 1600.0);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b00111110100000)).thermocouple, 1000.0);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b00000110010011)).thermocouple, 100.75);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b00000001100100)).thermocouple, 25.0);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b11111111111111)).thermocouple, -0.25);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b11111111111100)).thermocouple, -1.0);
  EXPECT_DOUBLE_EQ(max31855::decode(thermocouple_bits(0b11110000011000)).thermocouple, -250.0);
}

// Table 5, reference junction temperature data format (12 bits, 0.0625 °C).
TEST(Max31855Conversion, ColdJunctionTableOfTheDatasheet) {
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b011111110000)).internal, 127.0);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b011001001001)).internal, 100.5625);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b000110010000)).internal, 25.0);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b111111111111)).internal, -0.0625);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b111111110000)).internal, -1.0);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b111011000000)).internal, -20.0);
  EXPECT_DOUBLE_EQ(max31855::decode(internal_bits(0b110010010000)).internal, -55.0);
}

TEST(Max31855Conversion, FaultBits) {
  const auto frame = max31855::decode(1u << 16 | 0x1);
  EXPECT_TRUE(frame.fault);
  EXPECT_TRUE(frame.open_circuit);
  EXPECT_THAT(max31855::fault_reason(frame), HasSubstr("OC"));
  EXPECT_THAT(max31855::fault_reason(max31855::decode(1u << 16 | 0x2)), HasSubstr("SCG"));
  EXPECT_THAT(max31855::fault_reason(max31855::decode(1u << 16 | 0x4)), HasSubstr("SCV"));
  EXPECT_EQ(max31855::fault_reason(max31855::decode(0)), "");
}

const bool registered = register_spi_round_trip({
    {"max31855",
     max31855::make_driver,
     {},
     {},
     [] { return std::make_shared<emul::Max31855Emulator>(); },
     {{{"temperature", 231.5}, {"cold_junction", 24.3125}},
      {{"temperature", -180.25}, {"cold_junction", -10.0}},
      {{"temperature", 1250.0}, {"cold_junction", 85.5}}}},
});

class Max31855Faults : public ::testing::TestWithParam<uint8_t> {};

TEST_P(Max31855Faults, FaultBitIsAReadErrorNotAReading) {
  Harness harness;
  auto chip = std::make_shared<emul::Max31855Emulator>();
  harness.spi.attach("/dev/spidev0.0", chip);
  harness.create(max31855::make_driver(), sensor_config("max31855", {}));
  ASSERT_TRUE(harness.sensor->setup());
  chip->set_fault_bits(GetParam());
  std::vector<ChannelSample> samples;
  Status status = harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr(GetParam() == 1 ? "OC" : GetParam() == 2 ? "SCG" : "SCV"));
  EXPECT_TRUE(samples.empty());
}

INSTANTIATE_TEST_SUITE_P(OcScgScv, Max31855Faults, ::testing::Values(1, 2, 4));

TEST(Max31855, FloatingMisoIsAReadError) {
  Harness harness;
  auto chip = std::make_shared<emul::Max31855Emulator>();
  harness.spi.attach("/dev/spidev0.0", chip);
  harness.create(max31855::make_driver(), sensor_config("max31855", {}));
  ASSERT_TRUE(harness.sensor->setup());
  chip->set_miso_floating(true);
  std::vector<ChannelSample> samples;
  EXPECT_FALSE(harness.sensor->read(samples));
  EXPECT_TRUE(samples.empty());
}

}  // namespace
}  // namespace sa::test
