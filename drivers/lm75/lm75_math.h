#pragma once

#include <cstdint>

namespace sa::lm75 {

// Registers, LM75B and TMP102 datasheets: temperature, configuration, T_hyst/T_low, T_os/T_high.
constexpr uint8_t kTemperature = 0x00;
constexpr uint8_t kConfiguration = 0x01;
constexpr uint16_t kAddressFirst = 0x48;  // A2..A0 low (TMP102: ADD0 to GND)
constexpr uint16_t kAddressLast = 0x4F;

// The temperature register holds a two's complement value left-justified in 16 bits: 9 bits
// (LM75, 0.5 °C), 11 bits (LM75A/B, 0.125 °C) or 12 bits (TMP102, 0.0625 °C). Bits below the
// resolution are ignored.
double temperature_celsius(uint16_t reg, int resolution_bits);

}  // namespace sa::lm75
