#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver_harness.h"
#include "uart/pty_emulator.h"

namespace sa::test {

// The serial counterpart of round_trip.h: the driver's `port` is the emulator's pty slave.
struct UartRoundTripCase {
  std::string name;
  std::function<Driver()> driver;
  std::map<std::string, OptionValue> options;
  std::vector<ChannelSetup> channels;
  std::function<std::shared_ptr<emul::PtyEmulator>()> device;
  std::vector<std::map<std::string, double>> points;  // physical values, per channel
};

std::vector<UartRoundTripCase>& uart_round_trip_cases();
bool register_uart_round_trip(std::vector<UartRoundTripCase> cases);

}  // namespace sa::test
