#include "max31855_emulator.h"

#include <algorithm>
#include <cmath>

namespace sa::emul {

void Max31855Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    hot_ = value;
  } else if (channel == "cold_junction") {
    cold_ = value;
  }
}

double Max31855Emulator::tolerance(const std::string& channel) const {
  return channel == "temperature" ? 0.25 / 2 : 0.0625 / 2;
}

void Max31855Emulator::on_transfer(const uint8_t* /*tx*/, uint8_t* rx, size_t len) {
  const auto hot = static_cast<int32_t>(std::clamp(std::round(hot_ / 0.25), -8192.0, 8191.0));
  const auto cold = static_cast<int32_t>(std::clamp(std::round(cold_ / 0.0625), -2048.0, 2047.0));
  uint32_t word = (static_cast<uint32_t>(hot) & 0x3FFF) << 18 |
                  (static_cast<uint32_t>(cold) & 0xFFF) << 4 | fault_bits_;
  if (fault_bits_ != 0) {
    word |= 1u << 16;
  }
  for (size_t i = 0; i < len; ++i) {
    rx[i] = i < 4 ? static_cast<uint8_t>(word >> (24 - 8 * i)) : 0;
  }
}

}  // namespace sa::emul
