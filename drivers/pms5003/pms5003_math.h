#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace sa::pms5003 {

// Plantower PMS5003 data sheet (appendix I and II). Serial: 9600 baud, 8N1.
constexpr uint8_t kStart1 = 0x42;
constexpr uint8_t kStart2 = 0x4D;
constexpr size_t kFrameSize = 32;      // start (2), length (2) = 28, 13 data words, check code
constexpr uint16_t kFrameLength = 28;  // 2 × 13 + 2
constexpr uint8_t kRead = 0xE2;        // passive mode: send one frame
constexpr uint8_t kChangeMode = 0xE1;  // data 0: passive, 1: active
constexpr uint8_t kSleep = 0xE4;       // data 0: sleep, 1: wake up

// A command: 0x42 0x4D CMD DATAH DATAL LRCH LRCL, LRC the sum of the bytes before it.
std::array<uint8_t, 7> command(uint8_t cmd, uint16_t data);

struct Frame {
  uint16_t pm1_0_cf1 = 0;  // µg/m³, CF = 1 (standard particle, factory environment)
  uint16_t pm2_5_cf1 = 0;
  uint16_t pm10_cf1 = 0;
  uint16_t pm1_0 = 0;  // µg/m³, under atmospheric environment
  uint16_t pm2_5 = 0;
  uint16_t pm10 = 0;
  uint16_t particles[6] = {};  // beyond 0.3, 0.5, 1.0, 2.5, 5.0, 10 µm in 0.1 L of air
};

// The sum of bytes 0..29, as the check code (bytes 30, 31) must hold.
uint16_t checksum(const uint8_t* frame);
// The frame's data words; empty unless the start bytes, the length and the check code hold.
std::optional<Frame> parse(const uint8_t* frame);

}  // namespace sa::pms5003
