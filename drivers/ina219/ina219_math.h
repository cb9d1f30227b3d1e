#pragma once

#include <cstdint>
#include <optional>

namespace sa::ina219 {

// Registers, INA219 datasheet section 8.6.
constexpr uint8_t kConfiguration = 0x00;
constexpr uint8_t kShuntVoltage = 0x01;
constexpr uint8_t kBusVoltage = 0x02;
constexpr uint8_t kPower = 0x03;
constexpr uint8_t kCurrent = 0x04;
constexpr uint8_t kCalibration = 0x05;
constexpr uint16_t kAddressFirst = 0x40;  // A1, A0 to GND
constexpr uint16_t kAddressLast = 0x4F;
constexpr uint16_t kReset = 0x8000;  // configuration bit 15

constexpr double kShuntVoltageLsb = 10e-6;  // V
constexpr double kBusVoltageLsb = 4e-3;     // V
// Bus voltage register: bits 15..3 the value, bit 1 conversion ready, bit 0 math overflow.
constexpr uint16_t kConversionReady = 0x0002;
constexpr uint16_t kOverflow = 0x0001;

// Section 8.5.1, equations 1 to 3: Current_LSB = max expected current / 2^15,
// Cal = trunc(0.04096 / (Current_LSB * R_shunt)), Power_LSB = 20 * Current_LSB.
struct Calibration {
  double current_lsb = 0.0;  // A per count of the current register
  double power_lsb = 0.0;    // W per count of the power register
  uint16_t register_value = 0;
};
// current_lsb is then recomputed from the truncated register value, so readings carry no scale
// error. Empty when the calibration register cannot hold the result (bit 0 is not used).
std::optional<Calibration> calibrate(double shunt_ohms, double max_current);

// The smallest shunt range (PGA, section 8.6.2.1: 40, 80, 160 or 320 mV) that holds
// max_current * shunt_ohms: the PG field value 0..3, empty when over 320 mV.
std::optional<uint16_t> shunt_range(double shunt_ohms, double max_current);

// The configuration: bus range 16 or 32 V, PGA, 12-bit bus and shunt ADC, shunt and bus
// continuous.
uint16_t configuration(bool bus_32v, uint16_t pga);

double bus_voltage(uint16_t reg);
double shunt_voltage(uint16_t reg);  // signed register
double current(uint16_t reg, const Calibration& calibration);
double power(uint16_t reg, const Calibration& calibration);

}  // namespace sa::ina219
