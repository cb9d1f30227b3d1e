#include "drivers/bh1750/bh1750_sensor.h"

#include <thread>

namespace sa::bh1750 {

Status Bh1750Sensor::setup() {
  if (Status status = device_.open(); !status) {
    return status;
  }
  // The chip has no id register; an acknowledged power-on is the probe.
  return with_context("power on", device_.write(&kPowerOn, 1));
}

Status Bh1750Sensor::read(std::vector<ChannelSample>& out) {
  if (Status status = device_.open(); !status) {
    return status;
  }
  const uint8_t commands[2] = {kPowerOn, one_time_command(mode_)};
  for (uint8_t command : commands) {
    if (Status status = device_.write(&command, 1); !status) {
      return with_context("starting measurement", status);
    }
  }
  std::this_thread::sleep_for(max_measurement_time(mode_));
  uint8_t data[2] = {};
  if (Status status = device_.read(data, sizeof data); !status) {
    return with_context("reading measurement", status);
  }
  out.push_back(
      {"illuminance", lux(static_cast<uint16_t>((data[0] << 8) | data[1]), mode_), std::nullopt});
  return Status::ok();
}

}  // namespace sa::bh1750
