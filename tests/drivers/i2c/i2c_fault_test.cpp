// Faults injected into the emulated bus and chips, read through the drivers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "ads1x15/ads1x15_emulator.h"
#include "bh1750/bh1750_emulator.h"
#include "bme280/bme280_emulator.h"
#include "driver_harness.h"
#include "drivers/builtin.h"
#include "sht3x/sht3x_emulator.h"

namespace sa {
namespace {

using ::testing::HasSubstr;

template <typename Chip>
struct Rig {
  test::Harness harness;
  std::shared_ptr<Chip> chip;

  Rig(const Driver& driver, uint16_t address, std::shared_ptr<Chip> emulator,
      const std::map<std::string, OptionValue>& options = {},
      const std::vector<test::ChannelSetup>& channels = {})
      : chip(std::move(emulator)) {
    adapter().attach(address, chip);
    harness.create(driver, test::sensor_config(driver.info.name, options, channels));
  }
  emul::EmulatedI2cAdapter& adapter() { return harness.buses.bus("/dev/i2c-1"); }
  Status setup() { return harness.sensor->setup(); }
  Status read() {
    std::map<std::string, double> values;
    return harness.read(values);
  }
};

TEST(I2cFaults, NackDuringReadIsAReadErrorNamingAddressAndBus) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->set_nack(true);
  Status status = rig.read();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(),
              HasSubstr("no device answered at address 0x76 on /dev/i2c-1 (check wiring and "
                        "address)"));
}

TEST(I2cFaults, NothingAtTheAddressFailsSetupWithTheClearReason) {
  Rig<emul::Sht3xEmulator> rig(sht3x::make_driver(), 0x45, std::make_shared<emul::Sht3xEmulator>());
  Status status = rig.setup();  // configured for the default 0x44
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("no device answered at address 0x44 on /dev/i2c-1"));
}

TEST(I2cFaults, MissingBusFailsSetupWithHowToEnableI2c) {
  Rig<emul::Bh1750Emulator> rig(bh1750::make_driver(), 0x23,
                                std::make_shared<emul::Bh1750Emulator>(),
                                {{"bus", std::string("/dev/i2c-3")}});
  Status status = rig.setup();
  EXPECT_THAT(status.reason(), HasSubstr("no such bus: /dev/i2c-3: enable I2C with raspi-config"));
}

TEST(I2cFaults, Sht3xCrcMismatchIsAReadError) {
  Rig<emul::Sht3xEmulator> rig(sht3x::make_driver(), 0x44, std::make_shared<emul::Sht3xEmulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->set_corrupt_crc(true);
  Status status = rig.read();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("CRC mismatch"));
}

TEST(I2cFaults, Sht3xIsSoftResetAfterAFailedReadAndRecovers) {
  Rig<emul::Sht3xEmulator> rig(sht3x::make_driver(), 0x44, std::make_shared<emul::Sht3xEmulator>());
  ASSERT_TRUE(rig.setup());
  const int resets_after_setup = rig.chip->soft_resets();
  rig.chip->set_corrupt_crc(true);
  ASSERT_FALSE(rig.read());
  rig.chip->set_corrupt_crc(false);
  rig.chip->set_physical("temperature", 22.0);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_EQ(rig.chip->soft_resets(), resets_after_setup + 1);
  EXPECT_NEAR(values["temperature"], 22.0, rig.chip->tolerance("temperature"));
}

TEST(I2cFaults, Sht3xStuckBusIsCaughtByTheCrc) {
  Rig<emul::Sht3xEmulator> rig(sht3x::make_driver(), 0x44, std::make_shared<emul::Sht3xEmulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->set_stuck(0xFF);
  EXPECT_THAT(rig.read().reason(), HasSubstr("CRC mismatch"));
}

TEST(I2cFaults, Sht3xSetupRejectsAChipWithoutValidCrc) {
  auto chip = std::make_shared<emul::Sht3xEmulator>();
  chip->set_corrupt_crc(true);
  Rig<emul::Sht3xEmulator> rig(sht3x::make_driver(), 0x44, chip);
  EXPECT_THAT(rig.setup().reason(), HasSubstr("is this an SHT3x?"));
}

TEST(I2cFaults, WrongChipIdFailsSetup) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>(0x61));  // a BME680
  Status status = rig.setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("chip id 0x61 at 0x76 on /dev/i2c-1"));
}

TEST(I2cFaults, HumidityOnABmp280FailsSetup) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>(0x58), {},
                                {{"temperature", {}}, {"humidity", {}}});
  EXPECT_THAT(rig.setup().reason(), HasSubstr("is a BMP280, which has no humidity channel"));
}

TEST(I2cFaults, Bmp280ReportsOnlyTemperatureAndPressure) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>(0x58));
  ASSERT_TRUE(rig.setup());
  std::map<std::string, double> values;
  ASSERT_TRUE(rig.harness.read(values));
  EXPECT_EQ(values.count("temperature"), 1u);
  EXPECT_EQ(values.count("pressure"), 1u);
  EXPECT_EQ(values.count("humidity"), 0u);
}

TEST(I2cFaults, BusBusyIsRetriedThenReported) {
  Rig<emul::Bh1750Emulator> rig(bh1750::make_driver(), 0x23,
                                std::make_shared<emul::Bh1750Emulator>(),
                                {{"mode", std::string("low")}});
  ASSERT_TRUE(rig.setup());
  const int before = rig.adapter().attempts();
  rig.adapter().set_fault(EBUSY, -1);
  Status status = rig.read();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("bus busy"));
  EXPECT_EQ(rig.adapter().attempts() - before, test::test_retry_policy().attempts);
}

TEST(I2cFaults, BriefBusBusyIsRiddenOut) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>());
  ASSERT_TRUE(rig.setup());
  rig.adapter().set_fault(EAGAIN, 2);
  rig.chip->set_physical("temperature", 18.0);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_NEAR(values["temperature"], 18.0, 0.01);
}

TEST(I2cFaults, Bme280PollsTheMeasuringBitUntilTheChipIsDone) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->set_busy_polls(3);
  rig.chip->set_physical("pressure", 1001.0);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_NEAR(values["pressure"], 1001.0, 0.01);
}

TEST(I2cFaults, Bme280MeasurementThatNeverEndsIsAReadError) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->set_stuck(0xFF);  // status.measuring reads as set forever
  EXPECT_THAT(rig.read().reason(), HasSubstr("did not complete in time"));
}

TEST(I2cFaults, Bme280ResetBetweenReadsStillMeasuresEveryChannel) {
  Rig<emul::Bme280Emulator> rig(bme280::make_driver(), 0x76,
                                std::make_shared<emul::Bme280Emulator>());
  ASSERT_TRUE(rig.setup());
  rig.chip->reset();  // a brown-out clears ctrl_hum and ctrl_meas
  rig.chip->set_physical("humidity", 70.0);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_NEAR(values["humidity"], 70.0, rig.chip->tolerance("humidity"));
}

TEST(I2cFaults, Ads1115PollsTheOsBitUntilTheConversionEnds) {
  Rig<emul::Ads1x15Emulator> rig(ads1x15::make_ads1115_driver(), 0x48,
                                 std::make_shared<emul::Ads1x15Emulator>(ads1x15::Chip::ads1115),
                                 {{"data_rate", int64_t{860}}}, {{"in2", {}}});
  ASSERT_TRUE(rig.setup());
  rig.chip->set_busy_polls(2);
  rig.chip->set_physical("in2", 1.5);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_NEAR(values["in2"], 1.5, rig.chip->tolerance("in2"));
}

TEST(I2cFaults, Ads1115ConversionThatNeverEndsIsAReadError) {
  Rig<emul::Ads1x15Emulator> rig(ads1x15::make_ads1115_driver(), 0x48,
                                 std::make_shared<emul::Ads1x15Emulator>(ads1x15::Chip::ads1115),
                                 {{"data_rate", int64_t{860}}}, {{"in0", {}}});
  ASSERT_TRUE(rig.setup());
  rig.chip->set_conversion_time(std::chrono::hours(1));
  EXPECT_THAT(rig.read().reason(), HasSubstr("conversion of in0 at 0x48 on /dev/i2c-1"));
}

TEST(I2cFaults, Bh1750NackAtPowerOnFailsSetup) {
  auto chip = std::make_shared<emul::Bh1750Emulator>();
  chip->set_nack(true);
  Rig<emul::Bh1750Emulator> rig(bh1750::make_driver(), 0x23, chip);
  EXPECT_THAT(rig.setup().reason(), HasSubstr("power on: no device answered at address 0x23"));
}

TEST(I2cFaults, Bh1750OneTimeMeasurementPowersTheChipDown) {
  Rig<emul::Bh1750Emulator> rig(bh1750::make_driver(), 0x23,
                                std::make_shared<emul::Bh1750Emulator>(),
                                {{"mode", std::string("low")}});
  ASSERT_TRUE(rig.setup());
  ASSERT_TRUE(rig.read());
  EXPECT_FALSE(rig.chip->powered());
  EXPECT_EQ(rig.chip->conversions(), 1);
}

}  // namespace
}  // namespace sa
