// sht4x through its factory on an emulated bus: the generic round trip, and faults as read errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "drivers/builtin.h"
#include "round_trip.h"
#include "sht4x/sht4x_emulator.h"

namespace sa::test {
namespace {

using ::testing::HasSubstr;

const bool registered = register_round_trip({
    {"sht4x",
     sht4x::make_driver,
     0x44,
     {},
     {},
     [] { return std::make_shared<emul::Sht4xEmulator>(); },
     {{{"temperature", 22.5}, {"humidity", 48.0}},
      {{"temperature", -40.0}, {"humidity", 1.0}},
      {{"temperature", 125.0}, {"humidity", 99.0}}}},
    {"sht4x_low_precision_at_0x46",
     sht4x::make_driver,
     0x46,
     {{"address", int64_t{0x46}}, {"precision", std::string("low")}},
     {{"humidity", {}}},
     [] { return std::make_shared<emul::Sht4xEmulator>(); },
     {{{"humidity", 63.3}}}},
});

struct Sht4xRig {
  Harness harness;
  std::shared_ptr<emul::Sht4xEmulator> chip = std::make_shared<emul::Sht4xEmulator>();
  Sht4xRig() {
    harness.buses.bus("/dev/i2c-1").attach(0x44, chip);
    harness.create(sht4x::make_driver(), sensor_config("sht4x", {}));
  }
  Status read() {
    std::map<std::string, double> values;
    return harness.read(values);
  }
};

TEST(Sht4x, CrcMismatchIsAReadErrorNotAReading) {
  Sht4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_corrupt_crc(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("CRC mismatch in measurement from 0x44 on /dev/i2c-1"));
  EXPECT_TRUE(samples.empty());
}

TEST(Sht4x, SetupRejectsAChipWhoseSerialNumberFailsTheCrc) {
  Sht4xRig rig;
  rig.chip->set_corrupt_crc(true);
  Status status = rig.harness.sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("is this an SHT4x?"));
}

TEST(Sht4x, ChipStillMeasuringAfterTheMaximumTimeIsAReadError) {
  Sht4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_busy_polls(1000);  // never ready
  Status status = rig.read();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("measuring"));
}

TEST(Sht4x, NackIsAReadErrorAndTheNextGoodReadRecovers) {
  Sht4xRig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.chip->set_nack(true);
  Status status = rig.read();
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("no device answered at address 0x44"));
  rig.chip->clear_faults();
  EXPECT_TRUE(rig.read());
}

TEST(Sht4x, UnknownChannelAndPrecisionAreConfigProblems) {
  Harness harness;
  harness.create(sht4x::make_driver(),
                 sensor_config("sht4x", {{"precision", std::string("ultra")}}, {{"pressure", {}}}));
  ASSERT_EQ(harness.problems.size(), 2u);
  EXPECT_EQ(harness.problems[0].key_path, "sensor.s1.precision");
  EXPECT_EQ(harness.problems[1].key_path, "sensor.s1.channels.pressure");
}

}  // namespace
}  // namespace sa::test
