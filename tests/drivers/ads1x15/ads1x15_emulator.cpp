#include "ads1x15_emulator.h"

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace sa::emul {

using namespace ads1x15;

void Ads1x15Emulator::set_physical(const std::string& channel, double value) {
  if (channel.size() == 3 && channel.rfind("in", 0) == 0) {
    inputs_[static_cast<size_t>(channel[2] - '0')] = value;
  } else if (channel.size() == 8 && channel.rfind("diff_", 0) == 0) {
    const auto a = static_cast<size_t>(channel[5] - '0');
    const auto b = static_cast<size_t>(channel[7] - '0');
    inputs_[a] = inputs_[b] + value;
  }
}

double Ads1x15Emulator::tolerance(const std::string& channel) const {
  const int mux = mux_code(channel);
  return lsb_volts(chip_, last_pga_[static_cast<size_t>(std::max(mux, 0))]);
}

int Ads1x15Emulator::on_write(const uint8_t* data, size_t len) {
  pointer_ = data[0] & 0x03;
  if (len == 1) {
    return 0;
  }
  if (len != 3) {
    return EREMOTEIO;
  }
  const uint16_t value = static_cast<uint16_t>((data[1] << 8) | data[2]);
  switch (pointer_) {
    case kRegConfig: {
      const bool start = (value & kConfigOs) != 0 && !converting();
      config_ = static_cast<uint16_t>(value & ~kConfigOs);
      if (start && (value & kConfigSingleShot) != 0) {
        const int rate =
            data_rates(chip_)[std::min<size_t>((value >> 5) & 0x07, data_rates(chip_).size() - 1)];
        start_conversion(conversion_time(rate));
      }
      return 0;
    }
    case 2:
      lo_thresh_ = value;
      return 0;
    case 3:
      hi_thresh_ = value;
      return 0;
    default:
      return 0;  // the conversion register is read-only
  }
}

int Ads1x15Emulator::on_read(uint8_t* data, size_t len) {
  uint16_t value = 0;
  switch (pointer_) {
    case kRegConversion:
      value = conversion_;
      break;
    case kRegConfig:
      value = static_cast<uint16_t>(config_ | (poll_busy() ? 0 : kConfigOs));
      break;
    case 2:
      value = lo_thresh_;
      break;
    default:
      value = hi_thresh_;
      break;
  }
  for (size_t i = 0; i < len; ++i) {
    data[i] = i == 0 ? static_cast<uint8_t>(value >> 8) : i == 1 ? static_cast<uint8_t>(value) : 0;
  }
  return 0;
}

void Ads1x15Emulator::on_conversion_done() {
  const int mux = (config_ >> 12) & 0x07;
  const int pga = std::min((config_ >> 9) & 0x07, 5);
  last_pga_[static_cast<size_t>(mux)] = pga;
  static constexpr int kPositive[] = {0, 0, 1, 2, 0, 1, 2, 3};
  static constexpr int kNegative[] = {1, 3, 3, 3, -1, -1, -1, -1};
  const double negative = kNegative[mux] < 0 ? 0.0 : inputs_[kNegative[mux]];
  const double volts = inputs_[kPositive[mux]] - negative;
  const bool twelve_bit = chip_ == Chip::ads1015;
  const double max_code = twelve_bit ? 2047 : 32767;
  const double code =
      std::clamp(std::round(volts / lsb_volts(chip_, pga)), -max_code - 1, max_code);
  const int counts = static_cast<int>(code) * (twelve_bit ? 16 : 1);
  conversion_ = static_cast<uint16_t>(static_cast<int16_t>(counts));
}

}  // namespace sa::emul
