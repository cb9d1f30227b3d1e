#include "drivers/ads1x15/ads1x15_math.h"

#include <gtest/gtest.h>

namespace sa::ads1x15 {
namespace {

TEST(Ads1115Conversion, LsbSizePerGainMatchesTheDatasheetTable) {
  // ADS1115 datasheet table 3: 187.5, 125, 62.5, 31.25, 15.625, 7.8125 µV.
  const double microvolts[] = {187.5, 125, 62.5, 31.25, 15.625, 7.8125};
  const double ranges[] = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256};
  for (int i = 0; i < 6; ++i) {
    const int pga = pga_code(ranges[i]);
    ASSERT_EQ(pga, i);
    EXPECT_DOUBLE_EQ(lsb_volts(Chip::ads1115, pga) * 1e6, microvolts[i]) << ranges[i];
  }
}

TEST(Ads1015Conversion, LsbSizePerGainMatchesTheDatasheetTable) {
  // ADS1015 datasheet table 3: 3, 2, 1, 0.5, 0.25, 0.125 mV.
  const double millivolts[] = {3, 2, 1, 0.5, 0.25, 0.125};
  for (int pga = 0; pga < 6; ++pga) {
    EXPECT_DOUBLE_EQ(lsb_volts(Chip::ads1015, pga) * 1e3, millivolts[pga]);
  }
}

TEST(Ads1x15Conversion, TwosComplementCodesToVolts) {
  const int pga = pga_code(2.048);
  EXPECT_DOUBLE_EQ(volts(Chip::ads1115, 0x7FFF, pga), 32767 * 62.5e-6);
  EXPECT_DOUBLE_EQ(volts(Chip::ads1115, 0x8000, pga), -2.048);
  EXPECT_DOUBLE_EQ(volts(Chip::ads1115, 0xFFFF, pga), -62.5e-6);
  // ADS1015: the 12-bit result sits in bits 15:4.
  EXPECT_DOUBLE_EQ(volts(Chip::ads1015, 0x7FF0, pga), 2047 * 1e-3);
  EXPECT_DOUBLE_EQ(volts(Chip::ads1015, 0xFFF0, pga), -1e-3);
}

TEST(Ads1x15Config, SingleShotWordForInput0AtDefaults) {
  // OS=1, MUX=100 (AIN0-GND), PGA=010, MODE=1, DR=100 (128 SPS), comparator disabled.
  EXPECT_EQ(
      single_shot_config(mux_code("in0"), pga_code(2.048), data_rate_code(Chip::ads1115, 128)),
      0xC583);
  EXPECT_EQ(mux_code("diff_0_1"), 0);
  EXPECT_EQ(mux_code("diff_2_3"), 3);
  EXPECT_EQ(mux_code("in3"), 7);
  EXPECT_EQ(mux_code("in4"), -1);
}

TEST(Ads1x15Config, DataRatesPerChip) {
  EXPECT_EQ(data_rate_code(Chip::ads1115, 860), 7);
  EXPECT_EQ(data_rate_code(Chip::ads1115, 1600), -1);
  EXPECT_EQ(data_rate_code(Chip::ads1015, 1600), 4);
  EXPECT_EQ(data_rate_code(Chip::ads1015, 8), -1);
  EXPECT_EQ(conversion_time(128).count(), 7813);
  EXPECT_EQ(conversion_time(860).count(), 1163);
}

}  // namespace
}  // namespace sa::ads1x15
