#include "aht20_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

#include "drivers/aht20/aht20_math.h"
#include "drivers/i2c/crc8.h"

namespace sa::emul {

namespace {

uint32_t to_raw20(double fraction) {
  return static_cast<uint32_t>(std::lround(std::clamp(fraction * 1048576.0, 0.0, 1048575.0)));
}

}  // namespace

void Aht20Emulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  }
}

double Aht20Emulator::tolerance(const std::string& channel) const {
  // Half a raw step of 20 bits.
  return channel == "temperature" ? 200.0 / 1048576.0 / 2 : 100.0 / 1048576.0 / 2;
}

int Aht20Emulator::on_write(const uint8_t* data, size_t len) {
  status_only_ = false;
  if (len == 1 && data[0] == aht20::kStatus) {
    status_only_ = true;
    return 0;
  }
  if (len == 1 && data[0] == aht20::kSoftReset) {
    calibrated_ = false;
    abort_conversion();
    return 0;
  }
  if (len == 3 && data[0] == (aht10_ ? 0xE1 : 0xBE) && data[1] == 0x08 && data[2] == 0x00) {
    calibrated_ = !calibration_lost_;
    return 0;
  }
  if (len == 3 && data[0] == 0xAC && data[1] == 0x33 && data[2] == 0x00) {
    start_conversion(std::chrono::milliseconds(75));
    return 0;
  }
  return EREMOTEIO;
}

uint8_t Aht20Emulator::status_byte() {
  const bool busy = poll_busy();
  return static_cast<uint8_t>((busy ? aht20::kStatusBusy : 0) |
                              (calibrated_ ? aht20::kStatusCalibrated : 0) | 0x10);
}

int Aht20Emulator::on_read(uint8_t* data, size_t len) {
  uint8_t bytes[7] = {status_byte()};
  if (!status_only_) {
    bytes[1] = static_cast<uint8_t>(raw_rh_ >> 12);
    bytes[2] = static_cast<uint8_t>(raw_rh_ >> 4);
    bytes[3] = static_cast<uint8_t>(((raw_rh_ & 0x0F) << 4) | ((raw_t_ >> 16) & 0x0F));
    bytes[4] = static_cast<uint8_t>(raw_t_ >> 8);
    bytes[5] = static_cast<uint8_t>(raw_t_);
    bytes[6] = static_cast<uint8_t>(crc8(bytes, 6) ^ (corrupt_crc_ ? 0x21 : 0x00));
  }
  std::fill(data, data + len, 0xFF);
  std::copy(bytes, bytes + std::min(len, aht10_ ? size_t{6} : size_t{7}), data);
  return 0;
}

void Aht20Emulator::on_conversion_done() {
  // The inverse of section 6.
  raw_t_ = to_raw20((celsius_ + 50.0) / 200.0);
  raw_rh_ = to_raw20(humidity_ / 100.0);
}

}  // namespace sa::emul
