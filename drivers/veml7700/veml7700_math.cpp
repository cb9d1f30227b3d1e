#include "drivers/veml7700/veml7700_math.h"

namespace sa::veml7700 {

std::optional<uint16_t> gain_bits(double gain) {
  if (gain == 1.0) {
    return 0x0;
  }
  if (gain == 2.0) {
    return 0x1;
  }
  if (gain == 0.125) {
    return 0x2;
  }
  if (gain == 0.25) {
    return 0x3;
  }
  return std::nullopt;
}

std::optional<uint16_t> integration_bits(std::chrono::milliseconds time) {
  switch (time.count()) {
    case 25:
      return 0xC;
    case 50:
      return 0x8;
    case 100:
      return 0x0;
    case 200:
      return 0x1;
    case 400:
      return 0x2;
    case 800:
      return 0x3;
    default:
      return std::nullopt;
  }
}

uint16_t configuration(uint16_t gain_field, uint16_t integration_field) {
  return static_cast<uint16_t>((gain_field & 0x3) << 11 | (integration_field & 0xF) << 6);
}

double resolution(double gain, std::chrono::milliseconds time) {
  return 0.0036 * (2.0 / gain) * (800.0 / static_cast<double>(time.count()));
}

}  // namespace sa::veml7700
