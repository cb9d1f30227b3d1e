// aht20: the datasheet's conversion, the generic round trip, status and CRC faults as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "aht20/aht20_emulator.h"
#include "drivers/aht20/aht20_math.h"
#include "drivers/builtin.h"
#include "drivers/i2c/crc8.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

TEST(Aht20Conversion, TwentyBitsSpanTheDatasheetRanges) {
  EXPECT_DOUBLE_EQ(aht20::humidity_percent(0), 0.0);
  EXPECT_DOUBLE_EQ(aht20::humidity_percent(1u << 19), 50.0);
  EXPECT_DOUBLE_EQ(aht20::temperature_celsius(0), -50.0);
  EXPECT_DOUBLE_EQ(aht20::temperature_celsius(1u << 19), 50.0);
  EXPECT_DOUBLE_EQ(aht20::temperature_celsius(1u << 18), 0.0);
}

TEST(Aht20Conversion, UnpacksHumidityThenTemperatureSharingTheMiddleByte) {
  const uint8_t data[6] = {0x1C, 0x80, 0x00, 0x05, 0x00, 0x00};
  const aht20::Raw raw = aht20::unpack(data);
  EXPECT_EQ(raw.humidity, 0x80000u);     // 50 %RH
  EXPECT_EQ(raw.temperature, 0x50000u);  // 0x50000 / 2^20 * 200 - 50 = 12.5 °C
  EXPECT_DOUBLE_EQ(aht20::temperature_celsius(raw.temperature), 0x50000 / 1048576.0 * 200 - 50);
}

TEST(Aht20Crc, IsCrc8WithPolynomial0x31AndInit0xFF) {
  // The CRC of a message followed by its CRC is zero, whatever the message.
  uint8_t message[7] = {0x1C, 0x6B, 0x4F, 0x15, 0xE5, 0x2A};
  message[6] = crc8(message, 6);
  EXPECT_EQ(crc8(message, 7), 0);
  const uint8_t beef[2] = {0xBE, 0xEF};
  EXPECT_EQ(crc8(beef, 2), 0x92);  // the same CRC-8 as Sensirion's, whose datasheet gives this
}

const bool registered = register_round_trip({
    {"aht20",
     aht20::make_driver,
     0x38,
     {},
     {},
     [] { return std::make_shared<emul::Aht20Emulator>(); },
     {{{"temperature", 24.6}, {"humidity", 41.0}}, {{"temperature", -35.0}, {"humidity", 95.5}}}},
    {"aht10",
     aht20::make_driver,
     0x38,
     {{"chip", std::string("aht10")}},
     {{"temperature", {}}},
     [] { return std::make_shared<emul::Aht20Emulator>(true); },
     {{{"temperature", 31.0}}}},
});

struct Aht20Rig {
  Harness harness;
  std::shared_ptr<emul::Aht20Emulator> chip = std::make_shared<emul::Aht20Emulator>();
  Aht20Rig() {
    harness.buses.bus("/dev/i2c-1").attach(0x38, chip);
    harness.create(aht20::make_driver(), sensor_config("aht20", {}));
  }
  Status read(std::vector<ChannelSample>& samples) { return harness.sensor->read(samples); }
};

TEST(Aht20, SetupInitialisesAnUncalibratedChip) {
  Aht20Rig rig;
  ASSERT_FALSE(rig.chip->calibrated());
  ASSERT_TRUE(rig.harness.sensor->setup());
  EXPECT_TRUE(rig.chip->calibrated());
}

TEST(Aht20, ChipThatStaysUncalibratedFailsSetup) {
  Aht20Rig rig;
  rig.chip->set_calibration_lost(true);
  Status status = rig.harness.sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("calibration"));
}

TEST(Aht20, CrcMismatchIsAReadErrorNotAReading) {
  Aht20Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_corrupt_crc(true);
  std::vector<ChannelSample> samples;
  Status status = rig.read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("CRC mismatch"));
  EXPECT_TRUE(samples.empty());
}

TEST(Aht20, ChipStillBusyIsAReadErrorNotAReading) {
  Aht20Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_busy_polls(1000);
  std::vector<ChannelSample> samples;
  Status status = rig.read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("still busy"));
  EXPECT_TRUE(samples.empty());
}

TEST(Aht20, NackIsAReadError) {
  Aht20Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_nack(true);
  std::vector<ChannelSample> samples;
  EXPECT_FALSE(rig.read(samples));
  EXPECT_TRUE(samples.empty());
}

}  // namespace
}  // namespace sa::test
