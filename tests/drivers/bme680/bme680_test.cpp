// bme680: the datasheet's two temperature formulas agree, the gas-wait encoding, the generic
// round trip, and heater, gas and timing faults as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "bme680/bme680_emulator.h"
#include "drivers/bme680/bme680_math.h"
#include "drivers/builtin.h"
#include "round_trip.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

// Section 3.3.1 gives temperature twice, in integer and in floating-point arithmetic: the
// integer result (°C × 100) and the floating-point one agree to its rounding.
int32_t integer_temperature(uint32_t adc, const bme680::Calibration& c) {
  const int32_t var1 = (static_cast<int32_t>(adc) >> 3) - (static_cast<int32_t>(c.t1) << 1);
  const int32_t var2 = (var1 * static_cast<int32_t>(c.t2)) >> 11;
  const int32_t var3 =
      ((((var1 >> 1) * (var1 >> 1)) >> 12) * (static_cast<int32_t>(c.t3) << 4)) >> 14;
  const int32_t t_fine = var2 + var3;
  return (t_fine * 5 + 128) >> 8;
}

TEST(Bme680Compensation, IntegerAndFloatTemperatureFormulasAgree) {
  bme680::Calibration c;
  c.t1 = 26151;
  c.t2 = 26276;
  c.t3 = 3;
  for (uint32_t adc : {400000u, 480000u, 520000u, 560000u, 650000u}) {
    double t_fine = 0.0;
    const double celsius = bme680::temperature_celsius(adc, c, t_fine);
    EXPECT_NEAR(celsius, integer_temperature(adc, c) / 100.0, 0.011) << adc;
  }
}

TEST(Bme680Compensation, CalibrationIsReadFromTheDatasheetAddresses) {
  uint8_t block1[23] = {};
  uint8_t block2[14] = {};
  block1[0x8A - 0x8A] = 0x34;  // par_t2 LSB
  block1[0x8B - 0x8A] = 0x12;  // par_t2 MSB
  block2[0xE9 - 0xE1] = 0x78;  // par_t1 LSB
  block2[0xEA - 0xE1] = 0x56;
  block2[0xE1 - 0xE1] = 0x3F;  // par_h2 <11:4>
  block2[0xE2 - 0xE1] = 0x27;  // par_h2 <3:0> = 2, par_h1 <3:0> = 7
  block2[0xE3 - 0xE1] = 0x30;  // par_h1 <11:4>
  const bme680::Calibration c = bme680::parse_calibration(block1, block2, 0, 0x10, 0xF0);
  EXPECT_EQ(c.t2, 0x1234);
  EXPECT_EQ(c.t1, 0x5678);
  EXPECT_EQ(c.h1, 0x307);
  EXPECT_EQ(c.h2, 0x3F2);
  EXPECT_EQ(c.heater_range, 1);
  EXPECT_EQ(c.range_switching_error, -1);
}

TEST(Bme680Compensation, GasWaitCodeCountsMillisecondsWithAFactor) {
  EXPECT_EQ(bme680::gas_wait_code(100), 0x59);  // datasheet: 0x59 is 25 × 4 = 100 ms
  EXPECT_EQ(bme680::gas_wait_code(63), 63);
  EXPECT_EQ(bme680::gas_wait_code(4032), 0xFF);  // 63 × 64
}

TEST(Bme680Compensation, GasResistanceFallsAsTheAdcRisesWithinARange) {
  bme680::Calibration c;
  EXPECT_GT(bme680::gas_resistance_ohms(100, 5, c), bme680::gas_resistance_ohms(900, 5, c));
  // At adc = 512 the ratio is the range's own constant: var1 × k2 / var1.
  EXPECT_DOUBLE_EQ(bme680::gas_resistance_ohms(512, 6, c), 125000.0);
}

std::shared_ptr<emul::ChipEmulator> bme680_chip() {
  return std::make_shared<emul::Bme680Emulator>();
}

const bool registered = register_round_trip({
    {"bme680",
     bme680::make_driver,
     0x76,
     {{"heater_duration", std::chrono::milliseconds(20)}},
     {},
     bme680_chip,
     {{{"temperature", 22.4},
       {"pressure", 1012.6},
       {"humidity", 48.0},
       {"gas_resistance", 52000.0}},
      {{"temperature", -5.0},
       {"pressure", 900.0},
       {"humidity", 85.0},
       {"gas_resistance", 3500.0}}}},
    {"bme680_without_gas_at_0x77",
     bme680::make_driver,
     0x77,
     {{"address", int64_t{0x77}}, {"heater_temperature", int64_t{0}}, {"osrs_h", int64_t{4}}},
     {{"temperature", {}}, {"humidity", {}}},
     bme680_chip,
     {{{"temperature", 30.5}, {"humidity", 20.0}}}},
});

struct Bme680Rig {
  Harness harness;
  std::shared_ptr<emul::Bme680Emulator> chip = std::make_shared<emul::Bme680Emulator>();
  Bme680Rig() {
    harness.buses.bus("/dev/i2c-1").attach(0x76, chip);
    harness.create(bme680::make_driver(),
                   sensor_config("bme680", {{"heater_duration", std::chrono::milliseconds(20)}}));
  }
  Status read(std::vector<ChannelSample>& samples) { return harness.sensor->read(samples); }
};

TEST(Bme680, SetupProgramsTheHeater) {
  Bme680Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  EXPECT_EQ(rig.chip->reg(0x71), 0x10);  // run_gas, heater set-point 0
  EXPECT_EQ(rig.chip->reg(0x64), 20);    // 20 ms
  EXPECT_GT(rig.chip->reg(0x5A), 0);     // res_heat_0
}

TEST(Bme680, HeaterThatDidNotStabiliseIsAReadErrorNotAReading) {
  Bme680Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_heater_unstable(true);
  std::vector<ChannelSample> samples;
  Status status = rig.read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("heater"));
  EXPECT_TRUE(samples.empty());
}

TEST(Bme680, InvalidGasReadingIsAReadError) {
  Bme680Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_gas_invalid(true);
  std::vector<ChannelSample> samples;
  EXPECT_FALSE(rig.read(samples));
  EXPECT_TRUE(samples.empty());
}

TEST(Bme680, MeasurementThatNeverEndsIsAReadError) {
  Bme680Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_busy_polls(100000);
  std::vector<ChannelSample> samples;
  Status status = rig.read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("not ready"));
  EXPECT_TRUE(samples.empty());
}

TEST(Bme680, WrongChipIdFailsSetup) {
  Bme680Rig rig;
  rig.chip->set_stuck(0x60);  // a BME280 answers 0x60
  Status status = rig.harness.sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("not a BME680"));
}

}  // namespace
}  // namespace sa::test
