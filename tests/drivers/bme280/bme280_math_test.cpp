#include "drivers/bme280/bme280_math.h"

#include <gtest/gtest.h>

#include "bme280/bme280_emulator.h"

namespace sa::bme280 {
namespace {

// The compensation example of the BMP280 datasheet (section 3.12, table 16), whose temperature
// and pressure formulas the BME280 shares.
Calibration datasheet_example() {
  return emul::Bme280Emulator::example_calibration();
}

TEST(Bme280Compensation, TemperatureMatchesTheDatasheetExample) {
  int32_t t_fine = 0;
  EXPECT_EQ(compensate_temperature(519888, datasheet_example(), t_fine), 2508);  // 25.08 °C
  EXPECT_EQ(t_fine, 128422);
}

TEST(Bme280Compensation, PressureMatchesTheDatasheetExample) {
  int32_t t_fine = 0;
  compensate_temperature(519888, datasheet_example(), t_fine);
  const uint32_t q24_8 = compensate_pressure(415148, datasheet_example(), t_fine);
  // 100653.27 Pa in the example, computed there with the floating-point formula; the 64-bit
  // integer variant (100653.254 Pa) agrees to 0.02 Pa.
  EXPECT_NEAR(q24_8 / 256.0, 100653.27, 0.02);
}

TEST(Bme280Compensation, PressureDivisionGuardReturnsZero) {
  Calibration cal = datasheet_example();
  cal.p1 = 0;
  EXPECT_EQ(compensate_pressure(415148, cal, 128422), 0u);
}

TEST(Bme280Compensation, HumidityIsClampedToZeroAndHundredPercent) {
  const Calibration cal = datasheet_example();
  EXPECT_EQ(compensate_humidity(0, cal, 128422), 0u);
  EXPECT_EQ(compensate_humidity(0xFFFF, cal, 128422), 100u * 1024u);
}

TEST(Bme280Compensation, HumidityRisesWithTheRawValue) {
  const Calibration cal = datasheet_example();
  uint32_t previous = 0;
  for (int32_t adc = 20000; adc <= 40000; adc += 1000) {
    const uint32_t humidity = compensate_humidity(adc, cal, 128422);
    EXPECT_GE(humidity, previous) << adc;
    previous = humidity;
  }
  EXPECT_GT(previous, 0u);
}

TEST(Bme280Calibration, ParsesLittleEndianWordsAndTheSharedNibblesOfH4H5) {
  uint8_t tp[26] = {};
  tp[0] = 0x70;  // dig_T1 = 0x6B70 = 27504
  tp[1] = 0x6B;
  tp[4] = 0x18;  // dig_T3 = 0xFC18 = -1000
  tp[5] = 0xFC;
  tp[25] = 75;  // dig_H1
  // dig_H4 = -20 (0xFEC: 0xE4 = 0xFE, 0xE5[3:0] = 0xC), dig_H5 = 0x123 (0xE6 = 0x12, 0xE5[7:4] =
  // 3).
  const uint8_t h[7] = {0x6A, 0x01, 0x00, 0xFE, 0x3C, 0x12, 0x1E};
  const Calibration cal = parse_calibration(tp, h);
  EXPECT_EQ(cal.t1, 27504);
  EXPECT_EQ(cal.t3, -1000);
  EXPECT_EQ(cal.h1, 75);
  EXPECT_EQ(cal.h2, 362);
  EXPECT_EQ(cal.h4, -20);
  EXPECT_EQ(cal.h5, 0x123);
  EXPECT_EQ(cal.h6, 30);
}

TEST(Bme280Data, Assembles20BitAnd16BitRawValues) {
  // 0x65A5C0 >> 4 = 415148 (pressure), 0x7EED00 >> 4 = 519888 (temperature).
  const uint8_t data[8] = {0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x6F, 0x12};
  const RawSample raw = parse_data(data, 8);
  EXPECT_EQ(raw.adc_p, 415148);
  EXPECT_EQ(raw.adc_t, 519888);
  EXPECT_EQ(raw.adc_h, 0x6F12);
}

TEST(Bme280Timing, MaximumMeasurementTimeFollowsTheDatasheetFormula) {
  // Section 9.1: 1.25 + 2.3 + (2.3 + 0.575) + (2.3 + 0.575) = 9.3 ms at oversampling x1.
  EXPECT_EQ(max_measurement_time_us(1, 1, 1), 9300);
  // Skipped pressure and humidity add nothing.
  EXPECT_EQ(max_measurement_time_us(1, 0, 0), 3550);
  EXPECT_EQ(max_measurement_time_us(16, 16, 16), 1250 + 3 * 2300 * 16 + 2 * 575);
}

TEST(Bme280Settings, OversamplingAndFilterCodes) {
  EXPECT_EQ(oversampling_code(1), 1);
  EXPECT_EQ(oversampling_code(16), 5);
  EXPECT_EQ(oversampling_code(3), -1);
  EXPECT_EQ(filter_code(0), 0);
  EXPECT_EQ(filter_code(16), 4);
  EXPECT_EQ(filter_code(1), -1);
}

}  // namespace
}  // namespace sa::bme280
