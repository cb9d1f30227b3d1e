#pragma once

#include <cstdint>
#include <string>

namespace sa::collector {

// One reading as stored: a row of the readings table. (device, sensor, channel, boot, seq) is
// its identity; a second copy of it is a repeat.
struct StoredReading {
  std::string device;
  std::string sensor;
  std::string channel;
  std::string ts;  // as sent: 2026-11-25T20:45:08.123Z
  double value = 0.0;
  std::string unit;
  std::string boot;
  int64_t seq = 0;
  bool replay = false;
};

}  // namespace sa::collector
