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

#include "round_trip_support.h"

namespace sa::test {

std::vector<RoundTripCase>& round_trip_cases() {
  return registered_cases<RoundTripCase>();
}

bool register_round_trip(std::vector<RoundTripCase> cases) {
  return register_cases(std::move(cases));
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

  expect_points_read_back(harness, *chip, c.points);
}

INSTANTIATE_TEST_SUITE_P(EveryEmulatedDriver, I2cRoundTrip, ::testing::ValuesIn(round_trip_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace sa::test
