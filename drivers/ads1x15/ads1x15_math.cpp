#include "drivers/ads1x15/ads1x15_math.h"

#include <cmath>

namespace sa::ads1x15 {

namespace {

constexpr double kFullScales[] = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256};

}  // namespace

const std::vector<std::string>& channel_names() {
  // In MUX code order: 000 AIN0-AIN1, 001 AIN0-AIN3, 010 AIN1-AIN3, 011 AIN2-AIN3, 1xx AINx-GND.
  static const std::vector<std::string> names = {"diff_0_1", "diff_0_3", "diff_1_3", "diff_2_3",
                                                 "in0",      "in1",      "in2",      "in3"};
  return names;
}

int mux_code(const std::string& channel) {
  const auto& names = channel_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == channel) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int pga_code(double full_scale) {
  for (int code = 0; code < 6; ++code) {
    if (std::fabs(kFullScales[code] - full_scale) < 1e-9) {
      return code;
    }
  }
  return -1;
}

double full_scale_volts(int pga_code) {
  return kFullScales[pga_code];
}

const std::vector<int>& data_rates(Chip chip) {
  static const std::vector<int> ads1015 = {128, 250, 490, 920, 1600, 2400, 3300};
  static const std::vector<int> ads1115 = {8, 16, 32, 64, 128, 250, 475, 860};
  return chip == Chip::ads1015 ? ads1015 : ads1115;
}

int default_data_rate(Chip chip) {
  return chip == Chip::ads1015 ? 1600 : 128;
}

int data_rate_code(Chip chip, int samples_per_second) {
  const auto& rates = data_rates(chip);
  for (size_t i = 0; i < rates.size(); ++i) {
    if (rates[i] == samples_per_second) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::chrono::microseconds conversion_time(int samples_per_second) {
  return std::chrono::microseconds((1'000'000 + samples_per_second - 1) / samples_per_second);
}

double lsb_volts(Chip chip, int pga_code) {
  return full_scale_volts(pga_code) / (chip == Chip::ads1015 ? 2048.0 : 32768.0);
}

double volts(Chip chip, uint16_t conversion_register, int pga_code) {
  // Two's complement; the ADS1015 leaves the low nibble zero.
  const int32_t code = static_cast<int16_t>(conversion_register);
  const int32_t counts = chip == Chip::ads1015 ? code / 16 : code;
  return counts * lsb_volts(chip, pga_code);
}

uint16_t single_shot_config(int mux, int pga, int data_rate_code) {
  return static_cast<uint16_t>(kConfigOs | (mux << 12) | (pga << 9) | kConfigSingleShot |
                               (data_rate_code << 5) | kConfigComparatorOff);
}

}  // namespace sa::ads1x15
