// mhz19: the data sheet's commands and checksum, the generic round trip through a
// pseudo-terminal, the calibration switch, checksum, garbage and silence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/mhz19/mhz19_math.h"
#include "mhz19/mhz19_emulator.h"
#include "uart/uart_round_trip.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Frame = std::array<uint8_t, 9>;

// The data sheet's command table, checksums included.
TEST(Mhz19Protocol, CommandsOfTheDatasheet) {
  EXPECT_EQ(mhz19::command(0x86), (Frame{0xFF, 0x01, 0x86, 0, 0, 0, 0, 0, 0x79}));
  EXPECT_EQ(mhz19::command(0x79, 0xA0), (Frame{0xFF, 0x01, 0x79, 0xA0, 0, 0, 0, 0, 0xE6}));
  EXPECT_EQ(mhz19::command(0x79, 0x00), (Frame{0xFF, 0x01, 0x79, 0, 0, 0, 0, 0, 0x86}));
}

TEST(Mhz19Protocol, ReadAnswerIsHighTimes256PlusLow) {
  uint8_t answer[9] = {0xFF, 0x86, 0x02, 0x60, 0x47, 0x00, 0x00, 0x00, 0x00};
  answer[8] = mhz19::checksum(answer);
  EXPECT_EQ(mhz19::co2_ppm(answer), 0x02 * 256 + 0x60);
  answer[8] ^= 0x10;
  EXPECT_FALSE(mhz19::co2_ppm(answer));
}

const bool registered = register_uart_round_trip({
    {"mhz19",
     mhz19::make_driver,
     {},
     {},
     [] { return std::make_shared<emul::Mhz19Emulator>(); },
     {{{"co2", 412.0}}, {{"co2", 4999.0}}, {{"co2", 0.0}}}},
});

struct Mhz19Rig {
  std::shared_ptr<emul::Mhz19Emulator> device = std::make_shared<emul::Mhz19Emulator>();
  Harness harness;
  explicit Mhz19Rig(std::map<std::string, OptionValue> options = {}) {
    options["port"] = device->slave_path();
    options["timeout"] = milliseconds(300);
    harness.create(mhz19::make_driver(), sensor_config("mhz19", options));
  }
};

TEST(Mhz19, AutomaticBaselineCalibrationIsSwitchedAtSetup) {
  for (bool on : {false, true}) {
    Mhz19Rig rig({{"auto_calibration", on}});
    ASSERT_TRUE(rig.harness.sensor->setup());
    for (int i = 0; i < 100 && rig.device->auto_calibration() < 0; ++i) {
      std::this_thread::sleep_for(milliseconds(2));
    }
    EXPECT_EQ(rig.device->auto_calibration(), on ? 1 : 0);
  }
}

TEST(Mhz19, UnsetCalibrationSendsNoCalibrationCommand) {
  Mhz19Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  std::map<std::string, double> values;
  ASSERT_TRUE(rig.harness.read(values));
  EXPECT_EQ(rig.device->auto_calibration(), -1);
}

TEST(Mhz19, ChecksumMismatchIsAReadErrorNotAReading) {
  Mhz19Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_corrupt_checksum(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("checksum mismatch"));
  EXPECT_TRUE(samples.empty());
}

TEST(Mhz19, SilentSensorIsATimeoutReadError) {
  Mhz19Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_silent(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("timeout"));
  EXPECT_TRUE(samples.empty());
}

TEST(Mhz19, GarbageBeforeTheAnswerIsSkipped) {
  Mhz19Rig rig;
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_physical("co2", 777.0);
  rig.device->prefix_next_reply({0x00, 0xFF, 0x13, 0xFF, 0xFF});
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_EQ(values["co2"], 777.0);
}

}  // namespace
}  // namespace sa::test
