#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver_harness.h"
#include "drivers/driver.h"
#include "emul/chip_emulator.h"

namespace sa::test {

// One case of the generic round trip over every emulated I2C driver: the driver's factory with
// these options on an emulated bus, the chip at `address`, and physical values per channel that
// the emulator is set to and the driver must read back within the emulator's tolerance.
struct RoundTripCase {
  std::string name;
  std::function<Driver()> driver;
  uint16_t address;
  std::map<std::string, OptionValue> options;
  std::vector<ChannelSetup> channels;
  std::function<std::shared_ptr<emul::ChipEmulator>()> chip;
  std::vector<std::map<std::string, double>> points;  // physical values, per channel
};

// Every registered case. A driver's test folder adds its own at static initialisation:
//   const bool registered = test::register_round_trip({{"bh1750", bh1750::make_driver, ...}});
std::vector<RoundTripCase>& round_trip_cases();
bool register_round_trip(std::vector<RoundTripCase> cases);

}  // namespace sa::test
