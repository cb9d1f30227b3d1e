// What the I2C drivers' factories accept and reject, without touching a bus.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "driver_harness.h"
#include "drivers/builtin.h"

namespace sa {
namespace {

using ::testing::HasSubstr;

std::vector<DriverProblem> problems_of(const Driver& driver,
                                       const std::map<std::string, OptionValue>& options,
                                       const std::vector<test::ChannelSetup>& channels = {}) {
  test::Harness harness;
  harness.create(driver, test::sensor_config(driver.info.name, options, channels));
  EXPECT_NE(harness.sensor, nullptr);
  return harness.problems;
}

TEST(I2cDriverOptions, DefaultsNeedNoOptions) {
  EXPECT_TRUE(problems_of(bme280::make_driver(), {}).empty());
  EXPECT_TRUE(problems_of(sht3x::make_driver(), {}).empty());
  EXPECT_TRUE(problems_of(bh1750::make_driver(), {}).empty());
  EXPECT_TRUE(problems_of(ads1x15::make_ads1115_driver(), {}, {{"in0", {}}}).empty());
}

TEST(I2cDriverOptions, AddressOutsideTheChipsChoicesIsAProblemOnTheAddressKey) {
  auto problems = problems_of(bme280::make_driver(), {{"address", int64_t{0x50}}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "sensor.s1.address");
  EXPECT_THAT(problems[0].message, HasSubstr("0x50 is not one this chip answers at: 0x76, 0x77"));
  EXPECT_EQ(problems_of(sht3x::make_driver(), {{"address", int64_t{0x46}}}).size(), 1u);
  EXPECT_EQ(problems_of(bh1750::make_driver(), {{"address", int64_t{0x5C}}}).size(), 0u);
  EXPECT_EQ(problems_of(ads1x15::make_ads1015_driver(), {{"address", int64_t{0x4C}}}, {{"in0", {}}})
                .size(),
            1u);
}

TEST(I2cDriverOptions, Bme280OversamplingAndFilterMustBeDatasheetSteps) {
  auto problems = problems_of(bme280::make_driver(), {{"osrs_t", int64_t{3}},
                                                      {"osrs_h", int64_t{0}},
                                                      {"iir_filter", int64_t{5}},
                                                      {"osrs_p", int64_t{16}}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].key_path, "sensor.s1.osrs_t");
  EXPECT_EQ(problems[1].key_path, "sensor.s1.osrs_h");
  EXPECT_EQ(problems[2].key_path, "sensor.s1.iir_filter");
}

TEST(I2cDriverOptions, UnknownChannelNamesAreProblems) {
  EXPECT_EQ(problems_of(bme280::make_driver(), {}, {{"dew_point", {}}}).size(), 1u);
  EXPECT_EQ(problems_of(sht3x::make_driver(), {}, {{"pressure", {}}}).size(), 1u);
  auto problems = problems_of(ads1x15::make_ads1115_driver(), {}, {{"in4", {}}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "sensor.s1.channels.in4");
}

TEST(I2cDriverOptions, Ads1x15GainAndDataRateAreChecked) {
  auto problems = problems_of(ads1x15::make_ads1115_driver(), {{"data_rate", int64_t{1600}}},
                              {{"in0", {{"gain", 3.0}}}, {"diff_0_1", {{"gain", 0.256}}}});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].key_path, "sensor.s1.data_rate");
  EXPECT_EQ(problems[1].key_path, "sensor.s1.channels.in0.gain");
  EXPECT_TRUE(
      problems_of(ads1x15::make_ads1015_driver(), {{"data_rate", int64_t{1600}}}, {{"in1", {}}})
          .empty());
}

TEST(I2cDriverOptions, Ads1x15WithoutChannelsAsksForThem) {
  auto problems = problems_of(ads1x15::make_ads1115_driver(), {});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("list the inputs to sample"));
}

TEST(I2cDriverOptions, ChoicesAreDescribedForTheConfigChecker) {
  const Driver bme = bme280::make_driver();
  EXPECT_EQ(bme.info.name, "bme280");
  ASSERT_EQ(bme.info.channels.size(), 3u);
  EXPECT_EQ(bme.info.channels[1].unit, "hPa");
  const Driver ads = ads1x15::make_ads1015_driver();
  EXPECT_EQ(ads.info.channels.size(), 8u);
  ASSERT_EQ(ads.info.channel_options.size(), 1u);
  EXPECT_EQ(ads.info.channel_options[0].name, "gain");
  EXPECT_EQ(sht3x::make_driver().info.sensor_options.back().choices.size(), 3u);
}

// A provider that fails the test if anyone opens a bus.
class NoIoProvider final : public I2cBusProvider {
 public:
  std::shared_ptr<I2cBus> open(const std::string&, Status& status) override {
    ADD_FAILURE() << "the factory opened a bus";
    status = Status::error("unexpected");
    return nullptr;
  }
};

TEST(I2cDriverOptions, FactoriesDoNoIo) {
  NoIoProvider provider;
  DriverContext context;
  context.i2c = &provider;
  std::vector<DriverProblem> problems;
  for (const Driver& driver : {bme280::make_driver(), sht3x::make_driver(), bh1750::make_driver(),
                               ads1x15::make_ads1115_driver(), ads1x15::make_ads1015_driver()}) {
    EXPECT_NE(
        driver.create(test::sensor_config(driver.info.name, {}, {{"in0", {}}}), context, problems),
        nullptr);
  }
}

TEST(I2cDriverOptions, SetupWithoutBusAccessExplainsItself) {
  DriverContext context;  // no I2C provider
  std::vector<DriverProblem> problems;
  auto sensor = sht3x::make_driver().create(test::sensor_config("sht3x", {}), context, problems);
  EXPECT_THAT(sensor->setup().reason(), HasSubstr("no I2C bus access"));
}

}  // namespace
}  // namespace sa
