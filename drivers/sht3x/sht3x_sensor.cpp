#include "drivers/sht3x/sht3x_sensor.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace sa::sht3x {

namespace {

constexpr auto kSoftResetTime = std::chrono::microseconds(1500);  // table 4, t_SR max
constexpr auto kReadRetryGap = std::chrono::milliseconds(1);
constexpr int kReadAttempts = 3;

std::string hex_byte(uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned>(value));
  return text;
}

}  // namespace

bool Sht3xSensor::wants(const std::string& channel) const {
  return channels_.empty() ||
         std::find(channels_.begin(), channels_.end(), channel) != channels_.end();
}

Status Sht3xSensor::soft_reset() {
  Status status = device_.write_command16(kSoftReset);
  if (status) {
    std::this_thread::sleep_for(kSoftResetTime);
  }
  return with_context("soft reset", status);
}

Status Sht3xSensor::check_words(const uint8_t* data, size_t words, const char* what) const {
  for (size_t i = 0; i < words; ++i) {
    const uint8_t* word = data + 3 * i;
    const uint8_t expected = crc8(word, 2);
    if (word[2] != expected) {
      return Status::error(std::string("CRC mismatch in ") + what + " from " + device_.where() +
                           ": got " + hex_byte(word[2]) + ", computed " + hex_byte(expected) +
                           " (noise on the bus or a loose wire)");
    }
  }
  return Status::ok();
}

Status Sht3xSensor::setup() {
  if (Status status = device_.open(); !status) {
    return status;
  }
  if (Status status = soft_reset(); !status) {
    return status;
  }
  // The status register answers with a CRC, which tells an SHT3x from another chip at 0x44.
  if (Status status = device_.write_command16(kReadStatus); !status) {
    return with_context("reading status", status);
  }
  uint8_t word[3] = {};
  if (Status status = device_.read(word, sizeof word); !status) {
    return with_context("reading status", status);
  }
  if (Status status = check_words(word, 1, "status register"); !status) {
    return Status::error(status.reason() + "; is this an SHT3x?");
  }
  reset_before_next_read_ = false;
  return Status::ok();
}

Status Sht3xSensor::read(std::vector<ChannelSample>& out) {
  if (Status status = device_.open(); !status) {
    return status;
  }
  if (reset_before_next_read_) {
    if (Status status = soft_reset(); !status) {
      return status;
    }
  }
  Status status = measure(out);
  reset_before_next_read_ = !status;
  return status;
}

Status Sht3xSensor::measure(std::vector<ChannelSample>& out) {
  if (Status status = device_.write_command16(single_shot_command(repeatability_)); !status) {
    return with_context("starting measurement", status);
  }
  std::this_thread::sleep_for(max_measurement_time(repeatability_));
  // Without clock stretching the chip NACKs until its data is ready; by now it should be.
  uint8_t data[6] = {};
  Status status = Status::ok();
  for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(kReadRetryGap);
    }
    status = device_.read(data, sizeof data);
    if (status) {
      break;
    }
  }
  if (!status) {
    return with_context("reading measurement", status);
  }
  if (Status crc = check_words(data, 2, "measurement"); !crc) {
    return crc;
  }
  if (wants("temperature")) {
    const auto raw = static_cast<uint16_t>((data[0] << 8) | data[1]);
    out.push_back({"temperature", temperature_celsius(raw), std::nullopt});
  }
  if (wants("humidity")) {
    const auto raw = static_cast<uint16_t>((data[3] << 8) | data[4]);
    out.push_back({"humidity", humidity_percent(raw), std::nullopt});
  }
  return Status::ok();
}

}  // namespace sa::sht3x
