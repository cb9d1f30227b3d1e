#include "bh1750_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

namespace sa::emul {

void Bh1750Emulator::set_physical(const std::string& /*channel*/, double value) {
  lux_ = value;
}

double Bh1750Emulator::tolerance(const std::string& /*channel*/) const {
  return factor_ / 1.2 / 2;  // half a count
}

int Bh1750Emulator::on_write(const uint8_t* data, size_t len) {
  if (len != 1) {
    return EREMOTEIO;
  }
  using std::chrono::milliseconds;
  const uint8_t opcode = data[0];
  switch (opcode) {
    case 0x00:
      powered_ = false;
      abort_conversion();
      return 0;
    case 0x01:
      powered_ = true;
      return 0;
    case 0x07:
      if (powered_) {
        data_ = 0;  // reset clears only the data register
      }
      return 0;
    default:
      break;
  }
  const uint8_t low = opcode & 0x0F;
  const uint8_t high = opcode & 0xF0;
  if ((high != 0x10 && high != 0x20) || (low != 0x0 && low != 0x1 && low != 0x3)) {
    return 0;  // measurement-time register writes and the like: accepted, not emulated
  }
  if (!powered_) {
    return 0;  // measurement commands need the power-on state
  }
  one_time_ = high == 0x20;
  factor_ = low == 0x1 ? 0.5 : 1.0;
  // Typical measurement times: 120 ms in H and H2 resolution, 16 ms in L resolution.
  start_conversion(low == 0x3 ? milliseconds(16) : milliseconds(120));
  return 0;
}

int Bh1750Emulator::on_read(uint8_t* data, size_t len) {
  poll_busy();
  for (size_t i = 0; i < len; ++i) {
    data[i] = i == 0   ? static_cast<uint8_t>(data_ >> 8)
              : i == 1 ? static_cast<uint8_t>(data_)
                       : 0xFF;
  }
  return 0;
}

void Bh1750Emulator::on_conversion_done() {
  const double counts = std::round(lux_ * 1.2 / factor_);
  data_ = static_cast<uint16_t>(std::clamp(counts, 0.0, 65535.0));
  if (one_time_) {
    powered_ = false;
  }
}

}  // namespace sa::emul
