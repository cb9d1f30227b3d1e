#include "lm75_emulator.h"

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace sa::emul {

void Lm75Emulator::set_physical(const std::string& /*channel*/, double value) {
  // Counts of the resolution, rounded down as the chip's converter truncates, left-justified.
  const double step = std::ldexp(1.0, 8 - bits_);
  const double counts = std::clamp(std::floor(value / step), -std::ldexp(1.0, bits_ - 1),
                                   std::ldexp(1.0, bits_ - 1) - 1);
  const auto value16 = static_cast<int16_t>(static_cast<int>(counts) * (1 << (16 - bits_)));
  temperature_ = static_cast<uint16_t>(value16);
}

double Lm75Emulator::tolerance(const std::string& /*channel*/) const {
  return std::ldexp(1.0, 8 - bits_);  // one step: the chip truncates
}

int Lm75Emulator::on_write(const uint8_t* data, size_t len) {
  pointer_ = data[0] & 0x03;
  if (len == 2 && pointer_ == 0x01) {
    configuration_ = data[1];
  } else if (len == 3 && pointer_ >= 0x02) {
    (pointer_ == 0x02 ? hysteresis_ : overtemperature_) =
        static_cast<uint16_t>((data[1] << 8) | data[2]);
  } else if (len > 1) {
    return EREMOTEIO;
  }
  return 0;
}

int Lm75Emulator::on_read(uint8_t* data, size_t len) {
  uint16_t value = 0;
  switch (pointer_) {
    case 0x00:
      value = temperature_;
      break;
    case 0x01:
      value = static_cast<uint16_t>(configuration_ << 8 | configuration_);
      break;
    case 0x02:
      value = hysteresis_;
      break;
    default:
      value = overtemperature_;
      break;
  }
  for (size_t i = 0; i < len; ++i) {
    data[i] = i % 2 == 0 ? static_cast<uint8_t>(value >> 8) : static_cast<uint8_t>(value);
  }
  return 0;
}

}  // namespace sa::emul
