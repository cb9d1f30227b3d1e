// One test over every serial driver, through a real pseudo-terminal: set a physical value in the
// emulator on the master side, read it back through the driver's factory and sensor on the slave
// side, expect it within the emulator's declared tolerance.
#include "uart/uart_round_trip.h"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "round_trip_support.h"

namespace sa::test {

std::vector<UartRoundTripCase>& uart_round_trip_cases() {
  return registered_cases<UartRoundTripCase>();
}

bool register_uart_round_trip(std::vector<UartRoundTripCase> cases) {
  return register_cases(std::move(cases));
}

void PrintTo(const UartRoundTripCase& c, std::ostream* out) {
  *out << c.name;
}

namespace {

class UartRoundTrip : public ::testing::TestWithParam<UartRoundTripCase> {};

TEST_P(UartRoundTrip, ValueSetInTheEmulatorIsReadBackWithinTolerance) {
  const UartRoundTripCase& c = GetParam();
  auto device = c.device();
  Harness harness;
  auto options = c.options;
  options["port"] = device->slave_path();
  harness.create(c.driver(), sensor_config(c.driver().info.name, options, c.channels));
  ASSERT_TRUE(harness.problems.empty()) << harness.problems.front().message;
  Status setup = harness.sensor->setup();
  ASSERT_TRUE(setup) << setup.reason();

  expect_points_read_back(harness, *device, c.points);
}

INSTANTIATE_TEST_SUITE_P(EveryEmulatedDriver, UartRoundTrip,
                         ::testing::ValuesIn(uart_round_trip_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace sa::test
