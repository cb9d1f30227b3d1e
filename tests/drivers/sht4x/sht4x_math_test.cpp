#include "drivers/sht4x/sht4x_math.h"

#include <gtest/gtest.h>

#include "drivers/i2c/crc8.h"

namespace sa::sht4x {
namespace {

TEST(Sht4xCrc, MatchesTheDatasheetExample) {
  const uint8_t word[2] = {0xBE, 0xEF};
  EXPECT_EQ(crc8(word, 2), 0x92);  // section 4.4: CRC(0xBEEF) = 0x92
}

TEST(Sht4xConversion, TemperatureSpansMinus45To130Celsius) {
  EXPECT_DOUBLE_EQ(temperature_celsius(0), -45.0);
  EXPECT_DOUBLE_EQ(temperature_celsius(65535), 130.0);
  EXPECT_DOUBLE_EQ(temperature_celsius(26214), -45.0 + 175.0 * 26214 / 65535);
}

TEST(Sht4xConversion, HumidityIsMinus6To119PercentCroppedToZeroTo100) {
  EXPECT_DOUBLE_EQ(humidity_percent(0), 0.0);        // -6 %RH, cropped
  EXPECT_DOUBLE_EQ(humidity_percent(65535), 100.0);  // 119 %RH, cropped
  EXPECT_DOUBLE_EQ(humidity_percent(32768), -6.0 + 125.0 * 32768 / 65535);
}

TEST(Sht4xCommands, PrecisionPicksTheCommandAndItsMaximumTime) {
  EXPECT_EQ(measure_command(Precision::high), 0xFD);
  EXPECT_EQ(measure_command(Precision::medium), 0xF6);
  EXPECT_EQ(measure_command(Precision::low), 0xE0);
  EXPECT_EQ(max_measurement_time(Precision::high).count(), 8300);
  EXPECT_EQ(max_measurement_time(Precision::low).count(), 1600);
}

}  // namespace
}  // namespace sa::sht4x
