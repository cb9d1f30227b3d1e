#pragma once

#include <chrono>
#include <cstdint>

namespace sa::scd4x {

// Commands, SCD4x datasheet section 3 (16 bits; arguments and answers are CRC'd words).
constexpr uint16_t kAddress = 0x62;
constexpr uint16_t kStartPeriodic = 0x21B1;
constexpr uint16_t kStartLowPowerPeriodic = 0x21AC;
constexpr uint16_t kReadMeasurement = 0xEC05;
constexpr uint16_t kStopPeriodic = 0x3F86;
constexpr uint16_t kGetDataReady = 0xE4B8;
constexpr uint16_t kSetAutomaticSelfCalibration = 0x2416;
constexpr uint16_t kGetSerialNumber = 0x3682;

constexpr auto kStopTime = std::chrono::milliseconds(500);   // stop_periodic_measurement
constexpr auto kCommandTime = std::chrono::milliseconds(1);  // read and get commands
constexpr auto kPeriod = std::chrono::seconds(5);            // periodic measurement
constexpr auto kLowPowerPeriod = std::chrono::seconds(30);   // low power periodic

// get_data_ready_status: data is ready unless the least significant 11 bits are 0.
bool data_ready(uint16_t status);

// Section 3.5.2: CO2 in ppm as it is; T = -45 + 175 * word / (2^16 - 1);
// RH = 100 * word / (2^16 - 1).
double co2_ppm(uint16_t word);
double temperature_celsius(uint16_t word);
double humidity_percent(uint16_t word);

}  // namespace sa::scd4x
