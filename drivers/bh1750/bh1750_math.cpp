#include "drivers/bh1750/bh1750_math.h"

namespace sa::bh1750 {

uint8_t one_time_command(Mode mode) {
  switch (mode) {
    case Mode::high:
      return 0x20;
    case Mode::high2:
      return 0x21;
    case Mode::low:
      return 0x23;
  }
  return 0x20;
}

std::chrono::milliseconds max_measurement_time(Mode mode) {
  return mode == Mode::low ? std::chrono::milliseconds(24) : std::chrono::milliseconds(180);
}

double mode_factor(Mode mode) {
  return mode == Mode::high2 ? 0.5 : 1.0;
}

double lux(uint16_t raw, Mode mode) {
  return raw / 1.2 * mode_factor(mode);
}

}  // namespace sa::bh1750
