#pragma once

// What the round trips of every bus (I2C, SPI, UART) share: the list of cases each driver's test
// folder adds at static initialisation, and the read-back of physical values set in an emulator.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "driver_harness.h"

namespace sa::test {

// One list per case type, filled before the parameterised tests are instantiated.
template <typename Case>
std::vector<Case>& registered_cases() {
  static std::vector<Case> cases;
  return cases;
}

template <typename Case>
bool register_cases(std::vector<Case> cases) {
  for (Case& c : cases)
    registered_cases<Case>().push_back(std::move(c));
  return true;
}

// Sets each point in `emulator` and reads it back through the sensor the harness made: every
// channel of the point, and only those, within the emulator's tolerance.
template <typename Emulator>
void expect_points_read_back(Harness& harness, Emulator& emulator,
                             const std::vector<std::map<std::string, double>>& points) {
  for (const auto& point : points) {
    for (const auto& [channel, value] : point)
      emulator.set_physical(channel, value);
    std::map<std::string, double> values;
    Status status = harness.read(values);
    ASSERT_TRUE(status) << status.reason();
    EXPECT_EQ(values.size(), point.size());
    for (const auto& [channel, value] : point) {
      ASSERT_EQ(values.count(channel), 1u) << channel;
      EXPECT_NEAR(values[channel], value, emulator.tolerance(channel)) << channel;
    }
  }
}

}  // namespace sa::test
