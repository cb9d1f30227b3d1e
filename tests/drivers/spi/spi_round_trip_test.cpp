// One test over every emulated SPI driver: set a physical value in the emulator, read it back
// through the driver's factory and sensor, expect it within the emulator's declared tolerance.
// Each driver registers its cases from its own test folder (spi_round_trip.h).
#include "spi/spi_round_trip.h"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "round_trip_support.h"

namespace sa::test {

std::vector<SpiRoundTripCase>& spi_round_trip_cases() {
  return registered_cases<SpiRoundTripCase>();
}

bool register_spi_round_trip(std::vector<SpiRoundTripCase> cases) {
  return register_cases(std::move(cases));
}

void PrintTo(const SpiRoundTripCase& c, std::ostream* out) {
  *out << c.name;
}

namespace {

class SpiRoundTrip : public ::testing::TestWithParam<SpiRoundTripCase> {};

TEST_P(SpiRoundTrip, ValueSetInTheEmulatorIsReadBackWithinTolerance) {
  const SpiRoundTripCase& c = GetParam();
  Harness harness;
  auto chip = c.chip();
  const auto device = c.options.find("device");
  harness.spi.attach(device == c.options.end() ? std::string("/dev/spidev0.0")
                                               : std::get<std::string>(device->second),
                     chip);
  harness.create(c.driver(), sensor_config(c.driver().info.name, c.options, c.channels));
  ASSERT_TRUE(harness.problems.empty()) << harness.problems.front().message;
  Status setup = harness.sensor->setup();
  ASSERT_TRUE(setup) << setup.reason();

  expect_points_read_back(harness, *chip, c.points);
}

INSTANTIATE_TEST_SUITE_P(EveryEmulatedDriver, SpiRoundTrip,
                         ::testing::ValuesIn(spi_round_trip_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(EmulatedSpi, MissingDeviceSaysHowToEnableSpi) {
  emul::EmulatedSpiBuses buses;
  Status status = Status::ok();
  EXPECT_EQ(buses.open("/dev/spidev0.1", status), nullptr);
  EXPECT_NE(status.reason().find("no such SPI device: /dev/spidev0.1: enable SPI with "
                                 "raspi-config or dtparam=spi=on"),
            std::string::npos)
      << status.reason();
}

}  // namespace
}  // namespace sa::test
