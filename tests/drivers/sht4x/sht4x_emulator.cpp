#include "sht4x_emulator.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

#include "drivers/i2c/crc8.h"
#include "drivers/sht4x/sht4x_math.h"

namespace sa::emul {

namespace {

uint16_t to_raw(double fraction) {
  return static_cast<uint16_t>(std::lround(std::clamp(fraction, 0.0, 1.0) * 65535.0));
}

}  // namespace

void Sht4xEmulator::set_physical(const std::string& channel, double value) {
  if (channel == "temperature") {
    celsius_ = value;
  } else if (channel == "humidity") {
    humidity_ = value;
  }
}

double Sht4xEmulator::tolerance(const std::string& channel) const {
  // Half a raw step: 175 / 65535 / 2 °C and 125 / 65535 / 2 %RH.
  return channel == "temperature" ? 175.0 / 65535.0 / 2 : 125.0 / 65535.0 / 2;
}

int Sht4xEmulator::on_write(const uint8_t* data, size_t len) {
  if (poll_busy()) {
    return ENXIO;  // a measuring SHT4x does not acknowledge its address
  }
  if (len != 1) {
    return EREMOTEIO;
  }
  using std::chrono::microseconds;
  switch (data[0]) {
    // Typical measurement durations, table 3.
    case sht4x::kMeasureHigh:
      pending_words_ = 0;
      start_conversion(microseconds(6900));
      return 0;
    case sht4x::kMeasureMedium:
      pending_words_ = 0;
      start_conversion(microseconds(3700));
      return 0;
    case sht4x::kMeasureLow:
      pending_words_ = 0;
      start_conversion(microseconds(1300));
      return 0;
    case sht4x::kReadSerial:
      words_[0] = 0x0F1E;
      words_[1] = 0x2D3C;
      pending_words_ = 2;
      return 0;
    case sht4x::kSoftReset:
      ++soft_resets_;
      pending_words_ = 0;
      return 0;
    default:
      return EREMOTEIO;  // invalid commands are not acknowledged
  }
}

void Sht4xEmulator::put_word(uint8_t* out, uint16_t word) const {
  out[0] = static_cast<uint8_t>(word >> 8);
  out[1] = static_cast<uint8_t>(word);
  out[2] = crc8(out, 2);
  if (corrupt_crc_) {
    out[2] ^= 0x5A;
  }
}

int Sht4xEmulator::on_read(uint8_t* data, size_t len) {
  if (poll_busy() || pending_words_ == 0) {
    return ENXIO;  // measuring, or nothing to send: the read header is not acknowledged
  }
  uint8_t bytes[6] = {};
  put_word(bytes, words_[0]);
  put_word(bytes + 3, words_[1]);
  pending_words_ = 0;  // data is read once
  std::fill(data, data + len, 0xFF);
  std::copy(bytes, bytes + std::min(len, sizeof bytes), data);
  return 0;
}

void Sht4xEmulator::on_conversion_done() {
  // The inverse of section 4.6.
  words_[0] = to_raw((celsius_ + 45.0) / 175.0);
  words_[1] = to_raw((humidity_ + 6.0) / 125.0);
  pending_words_ = 2;
}

}  // namespace sa::emul
