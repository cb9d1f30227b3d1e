#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver_harness.h"
#include "spi/emul/emulated_spi.h"

namespace sa::test {

// The SPI counterpart of round_trip.h: the chip sits on /dev/spidev0.0 unless `device` is set.
struct SpiRoundTripCase {
  std::string name;
  std::function<Driver()> driver;
  std::map<std::string, OptionValue> options;
  std::vector<ChannelSetup> channels;
  std::function<std::shared_ptr<emul::SpiChipEmulator>()> chip;
  std::vector<std::map<std::string, double>> points;  // physical values, per channel
};

std::vector<SpiRoundTripCase>& spi_round_trip_cases();
bool register_spi_round_trip(std::vector<SpiRoundTripCase> cases);

}  // namespace sa::test
