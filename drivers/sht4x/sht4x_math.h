#pragma once

#include <chrono>
#include <cstdint>

namespace sa::sht4x {

// Commands, SHT4x datasheet section 4.5 (one byte each).
constexpr uint8_t kMeasureHigh = 0xFD;    // high precision (repeatability)
constexpr uint8_t kMeasureMedium = 0xF6;  // medium precision
constexpr uint8_t kMeasureLow = 0xE0;     // lowest precision
constexpr uint8_t kReadSerial = 0x89;
constexpr uint8_t kSoftReset = 0x94;
// I2C addresses by part number: SHT40-AD1B 0x44, SHT40-BD1B 0x45, SHT40-CD1B 0x46.
constexpr uint16_t kAddressA = 0x44;
constexpr uint16_t kAddressB = 0x45;
constexpr uint16_t kAddressC = 0x46;

enum class Precision { high, medium, low };

uint8_t measure_command(Precision precision);
// Maximum measurement duration, table 3 (8.3, 4.5 and 1.6 ms).
std::chrono::microseconds max_measurement_time(Precision precision);

// Section 4.6: T = -45 + 175 * S_T / (2^16 - 1); RH = -6 + 125 * S_RH / (2^16 - 1), cropped to
// 0..100 %RH as the datasheet recommends (values outside are not physical).
double temperature_celsius(uint16_t raw);
double humidity_percent(uint16_t raw);

}  // namespace sa::sht4x
