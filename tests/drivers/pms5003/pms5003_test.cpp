// pms5003: the data sheet's commands and frame, the generic round trip through a pseudo-terminal
// in active and passive mode, checksum, garbage and silence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/pms5003/pms5003_math.h"
#include "pms5003/pms5003_emulator.h"
#include "uart/uart_round_trip.h"

namespace sa::test {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

// Appendix II: the host protocol's commands with their check codes.
TEST(Pms5003Protocol, CommandsOfTheDatasheet) {
  EXPECT_EQ(pms5003::command(0xE2, 0),
            (std::array<uint8_t, 7>{0x42, 0x4D, 0xE2, 0, 0, 0x01, 0x71}));
  EXPECT_EQ(pms5003::command(0xE1, 0),
            (std::array<uint8_t, 7>{0x42, 0x4D, 0xE1, 0, 0, 0x01, 0x70}));
  EXPECT_EQ(pms5003::command(0xE1, 1),
            (std::array<uint8_t, 7>{0x42, 0x4D, 0xE1, 0, 1, 0x01, 0x71}));
  EXPECT_EQ(pms5003::command(0xE4, 0),
            (std::array<uint8_t, 7>{0x42, 0x4D, 0xE4, 0, 0, 0x01, 0x73}));
}

// Appendix I: start 0x42 0x4D, length 2 × 13 + 2, data 1..13, check code = sum of the bytes
// before it. The words are placed here by position, the check code computed by hand.
TEST(Pms5003Protocol, FrameLayoutAndCheckCode) {
  std::vector<uint8_t> frame = {0x42, 0x4D, 0x00, 0x1C};
  const uint16_t words[13] = {5, 8, 9, 4, 7, 9, 1200, 350, 60, 6, 1, 0, 0};
  uint16_t sum = 0x42 + 0x4D + 0x1C;
  for (uint16_t word : words) {
    frame.push_back(static_cast<uint8_t>(word >> 8));
    frame.push_back(static_cast<uint8_t>(word));
    sum = static_cast<uint16_t>(sum + (word >> 8) + (word & 0xFF));
  }
  frame.push_back(static_cast<uint8_t>(sum >> 8));
  frame.push_back(static_cast<uint8_t>(sum));
  auto parsed = pms5003::parse(frame.data());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->pm1_0_cf1, 5);
  EXPECT_EQ(parsed->pm2_5, 7);
  EXPECT_EQ(parsed->pm10, 9);
  EXPECT_EQ(parsed->particles[0], 1200);
  EXPECT_EQ(parsed->particles[4], 1);
  frame[31] ^= 0x01;
  EXPECT_FALSE(pms5003::parse(frame.data()));
}

const bool registered = register_uart_round_trip({
    {"pms5003_active",
     pms5003::make_driver,
     {{"timeout", milliseconds(1000)}},
     {},
     [] { return std::make_shared<emul::Pms5003Emulator>(); },
     {{{"pm1_0", 3.0}, {"pm2_5", 12.0}, {"pm10", 20.0}},
      {{"pm1_0", 80.0}, {"pm2_5", 150.0}, {"pm10", 999.0}}}},
    {"pms5003_passive_with_counts",
     pms5003::make_driver,
     {{"mode", std::string("passive")}, {"timeout", milliseconds(1000)}},
     {{"pm2_5", {}}, {"pm10_cf1", {}}, {"particles_0_3", {}}, {"particles_10", {}}},
     [] { return std::make_shared<emul::Pms5003Emulator>(); },
     {{{"pm2_5", 35.0}, {"pm10_cf1", 41.0}, {"particles_0_3", 6000.0}, {"particles_10", 2.0}}}},
});

struct Pms5003Rig {
  std::shared_ptr<emul::Pms5003Emulator> device = std::make_shared<emul::Pms5003Emulator>();
  Harness harness;
  explicit Pms5003Rig(const std::string& mode) {
    harness.create(pms5003::make_driver(),
                   sensor_config("pms5003", {{"port", device->slave_path()},
                                             {"mode", mode},
                                             {"timeout", milliseconds(300)}}));
  }
};

TEST(Pms5003, PassiveModeIsSetAtSetupAndEachReadAsksForAFrame) {
  Pms5003Rig rig("passive");
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_physical("pm2_5", 17.0);
  std::map<std::string, double> values;
  ASSERT_TRUE(rig.harness.read(values));
  EXPECT_TRUE(rig.device->passive());
  EXPECT_EQ(values["pm2_5"], 17.0);
}

TEST(Pms5003, ChecksumMismatchIsAReadErrorNotAReading) {
  Pms5003Rig rig("passive");
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_corrupt_checksum(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("checksum mismatch"));
  EXPECT_TRUE(samples.empty());
}

TEST(Pms5003, SilentSensorIsATimeoutReadError) {
  Pms5003Rig rig("active");
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_silent(true);
  std::vector<ChannelSample> samples;
  Status status = rig.harness.sensor->read(samples);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.reason(), HasSubstr("timeout"));
  EXPECT_TRUE(samples.empty());
}

TEST(Pms5003, GarbageAndATornFrameBeforeAGoodOneAreSkipped) {
  Pms5003Rig rig("passive");
  ASSERT_TRUE(rig.harness.sensor->setup());
  rig.device->set_physical("pm10", 55.0);
  // The answer to the read comes after garbage and the start of a frame cut short.
  std::vector<uint8_t> noise = {0x42, 0x4D, 0xFF, 0xFF, 0x13, 0x42};
  const std::vector<uint8_t> good = rig.device->frame();
  noise.insert(noise.end(), good.begin(), good.begin() + 10);  // a torn frame
  rig.device->prefix_next_reply(noise);
  std::map<std::string, double> values;
  Status status = rig.harness.read(values);
  ASSERT_TRUE(status) << status.reason();
  EXPECT_EQ(values["pm10"], 55.0);
}

}  // namespace
}  // namespace sa::test
