#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace sa::mhz19 {

// Winsen MH-Z19B data sheet, communication protocol: 9600 baud, 8N1, 9-byte frames
// 0xFF, sensor number or command, ..., checksum.
constexpr uint8_t kStart = 0xFF;
constexpr uint8_t kReadCo2 = 0x86;
constexpr uint8_t kAutoCalibration = 0x79;  // byte 3: 0xA0 on, 0x00 off
constexpr size_t kFrameSize = 9;

// Checksum: the two's complement of the sum of bytes 1..7 (0xFF - sum + 1).
uint8_t checksum(const uint8_t* frame);

// 0xFF 0x01 CMD B3 0 0 0 0 CHECKSUM.
std::array<uint8_t, kFrameSize> command(uint8_t cmd, uint8_t argument = 0);

// An answer to kReadCo2: 0xFF 0x86 HIGH LOW ...: ppm = HIGH × 256 + LOW. Empty unless the start
// byte, the command and the checksum hold.
std::optional<uint16_t> co2_ppm(const uint8_t* frame);

}  // namespace sa::mhz19
