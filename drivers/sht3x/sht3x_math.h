#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sa::sht3x {

// Commands, SHT3x-DIS datasheet section 4.
constexpr uint16_t kSoftReset = 0x30A2;       // 4.9
constexpr uint16_t kReadStatus = 0xF32D;      // 4.11
constexpr uint16_t kAddressDefault = 0x44;    // ADDR pin low
constexpr uint16_t kAddressAlternate = 0x45;  // ADDR pin high

enum class Repeatability { high, medium, low };

// Single shot without clock stretching (table 9): the chip NACKs reads until the data is ready,
// which the Pi's I2C controller handles better than stretching.
uint16_t single_shot_command(Repeatability repeatability);
// Maximum measurement duration, table 4.
std::chrono::microseconds max_measurement_time(Repeatability repeatability);

// CRC-8 of section 4.12: polynomial 0x31, init 0xFF, no reflection, no final XOR.
uint8_t crc8(const uint8_t* data, size_t len);

// Section 4.13: T = -45 + 175 * S_T / (2^16 - 1); RH = 100 * S_RH / (2^16 - 1).
double temperature_celsius(uint16_t raw);
double humidity_percent(uint16_t raw);

}  // namespace sa::sht3x
