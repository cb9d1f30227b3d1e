#include "drivers/mhz19/mhz19_math.h"

namespace sa::mhz19 {

uint8_t checksum(const uint8_t* frame) {
  uint8_t sum = 0;
  for (size_t i = 1; i < kFrameSize - 1; ++i) {
    sum = static_cast<uint8_t>(sum + frame[i]);
  }
  return static_cast<uint8_t>(0xFF - sum + 1);
}

std::array<uint8_t, kFrameSize> command(uint8_t cmd, uint8_t argument) {
  std::array<uint8_t, kFrameSize> frame = {kStart, 0x01, cmd, argument, 0, 0, 0, 0, 0};
  frame[8] = checksum(frame.data());
  return frame;
}

std::optional<uint16_t> co2_ppm(const uint8_t* frame) {
  if (frame[0] != kStart || frame[1] != kReadCo2 || checksum(frame) != frame[8]) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(frame[2] << 8 | frame[3]);
}

}  // namespace sa::mhz19
