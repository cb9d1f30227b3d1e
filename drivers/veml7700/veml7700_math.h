#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace sa::veml7700 {

// Registers (16 bits, least significant byte first), VEML7700 datasheet.
constexpr uint8_t kConfiguration = 0x00;  // ALS_CONF_0
constexpr uint8_t kAls = 0x04;
constexpr uint8_t kWhite = 0x05;
constexpr uint8_t kId = 0x07;  // low byte 0x81
constexpr uint8_t kDeviceId = 0x81;
constexpr uint16_t kAddress = 0x10;
constexpr uint16_t kShutdown = 0x0001;  // ALS_SD

// Gain: 0.125, 0.25, 1 or 2; integration time: 25, 50, 100, 200, 400 or 800 ms.
std::optional<uint16_t> gain_bits(double gain);                            // ALS_GAIN, bits 12:11
std::optional<uint16_t> integration_bits(std::chrono::milliseconds time);  // ALS_IT, bits 9:6
uint16_t configuration(uint16_t gain_field, uint16_t integration_field);

// Lux per count. Vishay's application note "Designing the VEML7700 into an application", table of
// resolutions: 0.0036 lx/count at gain 2 and 800 ms, inversely proportional to gain and time.
double resolution(double gain, std::chrono::milliseconds time);

}  // namespace sa::veml7700
