#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sa::ads1x15 {

// ADS1115 / ADS1015 datasheets, "Register Map".
constexpr uint8_t kRegConversion = 0x00;
constexpr uint8_t kRegConfig = 0x01;
constexpr uint16_t kConfigOs = 0x8000;          // write: start; read: 1 = idle
constexpr uint16_t kConfigSingleShot = 0x0100;  // MODE
constexpr uint16_t kConfigComparatorOff = 0x0003;
constexpr uint16_t kAddressFirst = 0x48;  // ADDR to GND; 0x49 VDD, 0x4A SDA, 0x4B SCL
constexpr uint16_t kAddressLast = 0x4B;

enum class Chip { ads1015, ads1115 };

// Channel name to MUX[14:12]: in0..in3 against GND, diff_0_1, diff_0_3, diff_1_3, diff_2_3;
// -1 for any other name.
int mux_code(const std::string& channel);
// Every channel name mux_code() accepts.
const std::vector<std::string>& channel_names();

// PGA full-scale range in volts (6.144, 4.096, 2.048, 1.024, 0.512, 0.256) to PGA[11:9]; -1 if
// not one of them.
int pga_code(double full_scale_volts);
double full_scale_volts(int pga_code);

// Samples per second to DR[7:5] for the chip (config register description); -1 if not offered.
int data_rate_code(Chip chip, int samples_per_second);
const std::vector<int>& data_rates(Chip chip);
int default_data_rate(Chip chip);
// One conversion takes 1 / DR.
std::chrono::microseconds conversion_time(int samples_per_second);

// Voltage of one code: FSR / 2^15 (ADS1115, 16 bit) or FSR / 2^11 (ADS1015, 12 bit),
// table 3 of each datasheet.
double lsb_volts(Chip chip, int pga_code);
// The conversion register (ADS1015: 12-bit result left-justified) to volts.
double volts(Chip chip, uint16_t conversion_register, int pga_code);

// Config word starting one single-shot conversion, comparator disabled.
uint16_t single_shot_config(int mux, int pga, int data_rate_code);

}  // namespace sa::ads1x15
