#include "drivers/sht3x/sht3x_math.h"

#include <gtest/gtest.h>

namespace sa::sht3x {
namespace {

TEST(Sht3xCrc, MatchesTheDatasheetExample) {
  const uint8_t word[2] = {0xBE, 0xEF};
  EXPECT_EQ(crc8(word, 2), 0x92);  // section 4.12
}

TEST(Sht3xConversion, TemperatureSpansMinus45To130Celsius) {
  EXPECT_DOUBLE_EQ(temperature_celsius(0), -45.0);
  EXPECT_DOUBLE_EQ(temperature_celsius(65535), 130.0);
  EXPECT_DOUBLE_EQ(temperature_celsius(26214), 25.0);  // 0.4 of full scale
}

TEST(Sht3xConversion, HumiditySpansZeroToHundredPercent) {
  EXPECT_DOUBLE_EQ(humidity_percent(0), 0.0);
  EXPECT_DOUBLE_EQ(humidity_percent(65535), 100.0);
  EXPECT_DOUBLE_EQ(humidity_percent(13107), 20.0);  // 0.2 of full scale
}

TEST(Sht3xCommands, SingleShotWithoutClockStretching) {
  EXPECT_EQ(single_shot_command(Repeatability::high), 0x2400);
  EXPECT_EQ(single_shot_command(Repeatability::medium), 0x240B);
  EXPECT_EQ(single_shot_command(Repeatability::low), 0x2416);
  EXPECT_EQ(max_measurement_time(Repeatability::high).count(), 15500);
  EXPECT_EQ(max_measurement_time(Repeatability::low).count(), 4500);
}

}  // namespace
}  // namespace sa::sht3x
