#include "sht3x_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

#include "drivers/sht3x/sht3x_math.h"

namespace sa::emul {

namespace {

uint16_t to_raw(double fraction) {
  return static_cast<uint16_t>(std::lround(std::clamp(fraction, 0.0, 1.0) * 65535.0));
}

}  // namespace

void Sht3xEmulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  }
}

double Sht3xEmulator::tolerance(const std::string& channel) const {
  // Half a raw step: 175 / 65535 / 2 °C and 100 / 65535 / 2 %RH.
  return channel == "temperature" ? 175.0 / 65535.0 / 2 : 100.0 / 65535.0 / 2;
}

int Sht3xEmulator::on_write(const uint8_t* data, size_t len) {
  if (poll_busy()) {
    return ENXIO;  // a measuring SHT3x does not acknowledge its address
  }
  if (len != 2) {
    return EREMOTEIO;
  }
  const uint16_t command = static_cast<uint16_t>((data[0] << 8) | data[1]);
  using std::chrono::microseconds;
  switch (command) {
    // Single shot, typical durations of table 4.
    case 0x2400:
    case 0x2C06:
      pending_ = Pending::none;
      start_conversion(microseconds(12500));
      return 0;
    case 0x240B:
    case 0x2C0D:
      pending_ = Pending::none;
      start_conversion(microseconds(4500));
      return 0;
    case 0x2416:
    case 0x2C10:
      pending_ = Pending::none;
      start_conversion(microseconds(2500));
      return 0;
    case sht3x::kSoftReset:
      ++soft_resets_;
      pending_ = Pending::none;
      status_ = 0x8010;
      return 0;
    case sht3x::kReadStatus:
      pending_ = Pending::status;
      return 0;
    default:
      return EREMOTEIO;  // invalid commands are not acknowledged
  }
}

void Sht3xEmulator::put_word(uint8_t* out, uint16_t word) const {
  out[0] = static_cast<uint8_t>(word >> 8);
  out[1] = static_cast<uint8_t>(word);
  out[2] = sht3x::crc8(out, 2);
  if (corrupt_crc_) {
    out[2] ^= 0x5A;
  }
}

int Sht3xEmulator::on_read(uint8_t* data, size_t len) {
  if (poll_busy()) {
    return ENXIO;
  }
  uint8_t bytes[6] = {};
  size_t available = 0;
  if (pending_ == Pending::measurement) {
    put_word(bytes, raw_t_);
    put_word(bytes + 3, raw_rh_);
    available = 6;
  } else if (pending_ == Pending::status) {
    put_word(bytes, status_);
    available = 3;
  } else {
    return ENXIO;  // no data: the read header is not acknowledged
  }
  pending_ = Pending::none;  // data is read once
  std::fill(data, data + len, 0xFF);
  std::copy(bytes, bytes + std::min(len, available), data);
  return 0;
}

void Sht3xEmulator::on_conversion_done() {
  raw_t_ = to_raw((celsius_ + 45.0) / 175.0);
  raw_rh_ = to_raw(humidity_ / 100.0);
  pending_ = Pending::measurement;
}

}  // namespace sa::emul
