#pragma once

#include <cstdint>

namespace sa::bme680 {

// Registers, BME680 datasheet section 5.2 (I2C).
constexpr uint8_t kChipIdRegister = 0xD0;
constexpr uint8_t kChipId = 0x61;
constexpr uint8_t kReset = 0xE0;
constexpr uint8_t kResetValue = 0xB6;
constexpr uint8_t kCtrlGas0 = 0x70;
constexpr uint8_t kCtrlGas1 = 0x71;
constexpr uint8_t kCtrlHum = 0x72;
constexpr uint8_t kCtrlMeas = 0x74;
constexpr uint8_t kConfig = 0x75;
constexpr uint8_t kResHeat0 = 0x5A;
constexpr uint8_t kGasWait0 = 0x64;
constexpr uint8_t kMeasStatus = 0x1D;  // then press, temp, hum, gas registers up to 0x2B
constexpr uint8_t kNewData = 0x80;
constexpr uint8_t kMeasuring = 0x20;
constexpr uint8_t kGasMeasuring = 0x40;
constexpr uint8_t kGasValid = 0x20;             // gas_r_lsb bit 5
constexpr uint8_t kHeatStable = 0x10;           // gas_r_lsb bit 4
constexpr uint8_t kCoefficients1 = 0x8A;        // 23 bytes, 0x8A..0xA0
constexpr uint8_t kCoefficients2 = 0xE1;        // 14 bytes, 0xE1..0xEE
constexpr uint8_t kHeaterRange = 0x02;          // res_heat_range <5:4>
constexpr uint8_t kHeaterValue = 0x00;          // res_heat_val
constexpr uint8_t kRangeSwitchingError = 0x04;  // <7:4>, signed
constexpr uint16_t kAddressLow = 0x76;
constexpr uint16_t kAddressHigh = 0x77;

// Calibration parameters (table 11 to 14), as the chip stores them.
struct Calibration {
  uint16_t t1 = 0;
  int16_t t2 = 0;
  int8_t t3 = 0;
  uint16_t p1 = 0;
  int16_t p2 = 0;
  int8_t p3 = 0;
  int16_t p4 = 0;
  int16_t p5 = 0;
  int8_t p6 = 0;
  int8_t p7 = 0;
  int16_t p8 = 0;
  int16_t p9 = 0;
  uint8_t p10 = 0;
  uint16_t h1 = 0;
  uint16_t h2 = 0;
  int8_t h3 = 0;
  int8_t h4 = 0;
  int8_t h5 = 0;
  uint8_t h6 = 0;
  int8_t h7 = 0;
  int8_t g1 = 0;
  int16_t g2 = 0;
  int8_t g3 = 0;
  uint8_t heater_range = 0;  // res_heat_range
  int8_t heater_value = 0;   // res_heat_val
  int8_t range_switching_error = 0;
};

// From the two coefficient blocks (0x8A..0xA0: 23 bytes, 0xE1..0xEE: 14 bytes) and the three
// heater bytes at 0x00, 0x02 and 0x04.
Calibration parse_calibration(const uint8_t* block1, const uint8_t* block2, uint8_t heater_value,
                              uint8_t heater_range, uint8_t range_switching_error);

// Floating-point compensation, datasheet section 3.3.1 to 3.4.1. Temperature also yields t_fine
// for pressure and humidity.
double temperature_celsius(uint32_t adc, const Calibration& c, double& t_fine);
double pressure_pa(uint32_t adc, double t_fine, const Calibration& c);
double humidity_percent(uint16_t adc, double temperature, const Calibration& c);
double gas_resistance_ohms(uint16_t adc, uint8_t range, const Calibration& c);

// Section 3.3.5: the res_heat_x code for a heater target temperature at an ambient one.
uint8_t heater_code(double target_celsius, double ambient_celsius, const Calibration& c);
// gas_wait_x: 6 bits of duration times a factor of 1, 4, 16 or 64 (bits 7:6), in ms.
uint8_t gas_wait_code(uint16_t milliseconds);

}  // namespace sa::bme680
