#include "veml7700_emulator.h"

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace sa::emul {

void Veml7700Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "illuminance") {
    lux_ = value;
  }
}

double Veml7700Emulator::tolerance(const std::string& /*channel*/) const {
  return lux_per_count() / 2;
}

double Veml7700Emulator::lux_per_count() const {
  // The datasheet's gain codes and integration-time codes, independent of the driver's tables.
  static const double kGains[4] = {1.0, 2.0, 0.125, 0.25};
  const double gain = kGains[(configuration_ >> 11) & 0x3];
  double millis = 100.0;
  switch ((configuration_ >> 6) & 0xF) {
    case 0xC:
      millis = 25.0;
      break;
    case 0x8:
      millis = 50.0;
      break;
    case 0x1:
      millis = 200.0;
      break;
    case 0x2:
      millis = 400.0;
      break;
    case 0x3:
      millis = 800.0;
      break;
    default:
      break;
  }
  return 0.0036 * (2.0 / gain) * (800.0 / millis);
}

uint16_t Veml7700Emulator::counts() const {
  if ((configuration_ & 0x1) != 0) {
    return 0;  // shut down: no integration
  }
  return static_cast<uint16_t>(std::clamp(std::round(lux_ / lux_per_count()), 0.0, 65535.0));
}

int Veml7700Emulator::on_write(const uint8_t* data, size_t len) {
  pointer_ = data[0];
  if (len == 3 && pointer_ == 0x00) {
    configuration_ = static_cast<uint16_t>(data[1] | data[2] << 8);
  } else if (len != 1 && len != 3) {
    return EREMOTEIO;
  }
  return 0;
}

int Veml7700Emulator::on_read(uint8_t* data, size_t len) {
  uint16_t value = 0;
  switch (pointer_) {
    case 0x00:
      value = configuration_;
      break;
    case 0x04:
      value = counts();
      break;
    case 0x05:
      value = static_cast<uint16_t>(counts() * 1.3 > 65535 ? 65535 : counts() * 1.3);
      break;
    case 0x07:
      value = 0xC481;  // slave address option and device id 0x81
      break;
    default:
      break;
  }
  for (size_t i = 0; i < len; ++i) {
    data[i] = i % 2 == 0 ? static_cast<uint8_t>(value) : static_cast<uint8_t>(value >> 8);
  }
  return 0;
}

}  // namespace sa::emul
