#include "drivers/pms5003/pms5003_math.h"

namespace sa::pms5003 {

namespace {

uint16_t word_at(const uint8_t* frame, size_t index) {
  return static_cast<uint16_t>(frame[index] << 8 | frame[index + 1]);
}

}  // namespace

std::array<uint8_t, 7> command(uint8_t cmd, uint16_t data) {
  std::array<uint8_t, 7> bytes = {
      kStart1, kStart2, cmd, static_cast<uint8_t>(data >> 8), static_cast<uint8_t>(data), 0, 0};
  uint16_t sum = 0;
  for (size_t i = 0; i < 5; ++i) {
    sum = static_cast<uint16_t>(sum + bytes[i]);
  }
  bytes[5] = static_cast<uint8_t>(sum >> 8);
  bytes[6] = static_cast<uint8_t>(sum);
  return bytes;
}

uint16_t checksum(const uint8_t* frame) {
  uint16_t sum = 0;
  for (size_t i = 0; i < kFrameSize - 2; ++i) {
    sum = static_cast<uint16_t>(sum + frame[i]);
  }
  return sum;
}

std::optional<Frame> parse(const uint8_t* frame) {
  if (frame[0] != kStart1 || frame[1] != kStart2 || word_at(frame, 2) != kFrameLength ||
      checksum(frame) != word_at(frame, 30)) {
    return std::nullopt;
  }
  Frame parsed;
  parsed.pm1_0_cf1 = word_at(frame, 4);
  parsed.pm2_5_cf1 = word_at(frame, 6);
  parsed.pm10_cf1 = word_at(frame, 8);
  parsed.pm1_0 = word_at(frame, 10);
  parsed.pm2_5 = word_at(frame, 12);
  parsed.pm10 = word_at(frame, 14);
  for (size_t i = 0; i < 6; ++i) {
    parsed.particles[i] = word_at(frame, 16 + 2 * i);
  }
  return parsed;
}

}  // namespace sa::pms5003
