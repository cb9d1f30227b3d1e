// One test over every emulated I2C driver: set a physical value in the emulator, read it back
// through the driver's factory and sensor, expect it within the emulator's declared tolerance.
// Each driver registers its cases from its own test folder (round_trip.h).
#include "round_trip.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sa::test {

std::vector<RoundTripCase>& round_trip_cases() {
  static std::vector<RoundTripCase> cases;
  return cases;
}

bool register_round_trip(std::vector<RoundTripCase> cases) {
  for (RoundTripCase& c : cases) {
    round_trip_cases().push_back(std::move(c));
  }
  return true;
}

void PrintTo(const RoundTripCase& c, std::ostream* out) {
  *out << c.name;
}

namespace {

class I2cRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(I2cRoundTrip, ValueSetInTheEmulatorIsReadBackWithinTolerance) {
  const RoundTripCase& c = GetParam();
  Harness harness;
  auto chip = c.chip();
  harness.buses.bus("/dev/i2c-1").attach(c.address, chip);
  harness.create(c.driver(), sensor_config(c.driver().info.name, c.options, c.channels));
  ASSERT_TRUE(harness.problems.empty()) << harness.problems.front().message;
  Status setup = harness.sensor->setup();
  ASSERT_TRUE(setup) << setup.reason();

  for (const auto& point : c.points) {
    for (const auto& [channel, value] : point) {
      chip->set_physical(channel, value);
    }
    std::map<std::string, double> values;
    Status status = harness.read(values);
    ASSERT_TRUE(status) << status.reason();
    EXPECT_EQ(values.size(), point.size());
    for (const auto& [channel, value] : point) {
      ASSERT_EQ(values.count(channel), 1u) << channel;
      EXPECT_NEAR(values[channel], value, chip->tolerance(channel)) << channel;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryEmulatedDriver, I2cRoundTrip, ::testing::ValuesIn(round_trip_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace sa::test
