#include "scd4x_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

#include "drivers/i2c/crc8.h"
#include "drivers/scd4x/scd4x_math.h"

namespace sa::emul {

namespace {

uint16_t to_word(double value) {
  return static_cast<uint16_t>(std::lround(std::clamp(value, 0.0, 65535.0)));
}

}  // namespace

void Scd4xEmulator::set_physical(const std::string& channel, double value) {
  if (channel == "co2") {
    co2_ = value;
  } else if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  }
}

double Scd4xEmulator::tolerance(const std::string& channel) const {
  if (channel == "co2") {
    return 0.5;
  }
  // Half a raw step, and the rounding of the doubles on either side of it.
  return (channel == "temperature" ? 175.0 / 65535.0 / 2 : 100.0 / 65535.0 / 2) + 1e-9;
}

void Scd4xEmulator::answer(std::vector<uint16_t> words) {
  answer_.clear();
  for (uint16_t word : words) {
    const uint8_t bytes[2] = {static_cast<uint8_t>(word >> 8), static_cast<uint8_t>(word)};
    answer_.push_back(bytes[0]);
    answer_.push_back(bytes[1]);
    answer_.push_back(static_cast<uint8_t>(crc8(bytes, 2) ^ (corrupt_crc_ ? 0x44 : 0x00)));
  }
}

int Scd4xEmulator::on_write(const uint8_t* data, size_t len) {
  if (len < 2) {
    return EREMOTEIO;
  }
  answer_.clear();
  const auto command = static_cast<uint16_t>(data[0] << 8 | data[1]);
  using std::chrono::seconds;
  switch (command) {
    case scd4x::kStartPeriodic:
    case scd4x::kStartLowPowerPeriodic:
      if (measuring_) {
        return EREMOTEIO;
      }
      measuring_ = true;
      ready_ = false;
      start_conversion(command == scd4x::kStartPeriodic ? seconds(5) : seconds(30));
      return 0;
    case scd4x::kStopPeriodic:
      measuring_ = false;
      abort_conversion();
      return 0;
    case scd4x::kGetDataReady:
      answer({static_cast<uint16_t>(ready_ ? 0x8006 : 0x8000)});
      return 0;
    case scd4x::kReadMeasurement:
      if (ready_) {
        answer({result_[0], result_[1], result_[2]});
        ready_ = false;
      }
      return 0;
    default:
      break;
  }
  if (measuring_) {
    return EREMOTEIO;  // only the commands above are accepted while measuring
  }
  if (command == scd4x::kGetSerialNumber) {
    answer({0xF896, 0x9F07, 0x3BB3});
    return 0;
  }
  if (command == scd4x::kSetAutomaticSelfCalibration && len == 5 && crc8(data + 2, 2) == data[4]) {
    auto_calibration_ = data[3] != 0;
    return 0;
  }
  return EREMOTEIO;
}

int Scd4xEmulator::on_read(uint8_t* data, size_t len) {
  if (answer_.empty()) {
    return ENXIO;  // nothing to send: the read header is not acknowledged
  }
  std::fill(data, data + len, 0xFF);
  std::copy(answer_.begin(), answer_.begin() + static_cast<long>(std::min(len, answer_.size())),
            data);
  answer_.clear();
  return 0;
}

void Scd4xEmulator::on_conversion_done() {
  if (!measuring_) {
    return;
  }
  if (!stalled_) {
    // The inverse of section 3.5.2.
    result_[0] = to_word(co2_);
    result_[1] = to_word((celsius_ + 45.0) / 175.0 * 65535.0);
    result_[2] = to_word(humidity_ / 100.0 * 65535.0);
    ready_ = true;
  }
  start_conversion(std::chrono::seconds(5));  // periodic: the next one is on its way
}

}  // namespace sa::emul
