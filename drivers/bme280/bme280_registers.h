#pragma once

#include <cstdint>

namespace sa::bme280 {

// Register map, BME280 datasheet section 5.3 (the BMP280 shares it, without humidity).
constexpr uint8_t kRegCalibTp = 0x88;  // calib00..calib25: dig_T1..dig_P9, dig_H1 at 0xA1
constexpr size_t kCalibTpLength = 26;
constexpr uint8_t kRegChipId = 0xD0;
constexpr uint8_t kRegReset = 0xE0;
constexpr uint8_t kRegCalibH = 0xE1;  // calib26..calib32: dig_H2..dig_H6
constexpr size_t kCalibHLength = 7;
constexpr uint8_t kRegCtrlHum = 0xF2;
constexpr uint8_t kRegStatus = 0xF3;
constexpr uint8_t kRegCtrlMeas = 0xF4;
constexpr uint8_t kRegConfig = 0xF5;
constexpr uint8_t kRegData = 0xF7;  // press_msb .. hum_lsb
constexpr size_t kDataLengthBme = 8;
constexpr size_t kDataLengthBmp = 6;

constexpr uint8_t kChipIdBme280 = 0x60;
constexpr uint8_t kChipIdBmp280 = 0x58;
constexpr uint8_t kResetCommand = 0xB6;

constexpr uint8_t kStatusMeasuring = 0x08;  // status[3]
constexpr uint8_t kStatusImUpdate = 0x01;   // status[0]: NVM being copied
constexpr uint8_t kModeSleep = 0x00;
constexpr uint8_t kModeForced = 0x01;

// A skipped measurement reads as this value (section 5.4.7-5.4.9).
constexpr int32_t kSkipped20Bit = 0x80000;
constexpr int32_t kSkipped16Bit = 0x8000;

constexpr uint16_t kAddressPrimary = 0x76;
constexpr uint16_t kAddressSecondary = 0x77;

}  // namespace sa::bme280
