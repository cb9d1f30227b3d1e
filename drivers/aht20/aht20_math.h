#pragma once

#include <cstdint>

namespace sa::aht20 {

// Commands, AHT20 datasheet section 5.4 (AHT10: the same, with 0xE1 to initialise).
constexpr uint16_t kAddress = 0x38;
constexpr uint8_t kStatus = 0x71;
constexpr uint8_t kInitialiseAht20[3] = {0xBE, 0x08, 0x00};
constexpr uint8_t kInitialiseAht10[3] = {0xE1, 0x08, 0x00};
constexpr uint8_t kTrigger[3] = {0xAC, 0x33, 0x00};
constexpr uint8_t kSoftReset = 0xBA;
// Status byte: bit 7 busy (measuring), bit 3 calibration enabled.
constexpr uint8_t kStatusBusy = 0x80;
constexpr uint8_t kStatusCalibrated = 0x08;

// A measurement: status, 20 bits of humidity, 20 bits of temperature (5 bytes), then on the
// AHT20 a CRC-8 (0x31, init 0xFF) over those 6 bytes.
struct Raw {
  uint32_t humidity = 0;
  uint32_t temperature = 0;
};
Raw unpack(const uint8_t* data);

// Section 6: RH = S_RH / 2^20 * 100 %; T = S_T / 2^20 * 200 - 50 °C.
double humidity_percent(uint32_t raw);
double temperature_celsius(uint32_t raw);

}  // namespace sa::aht20
