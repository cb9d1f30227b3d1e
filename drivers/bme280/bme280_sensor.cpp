#include "drivers/bme280/bme280_sensor.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "drivers/bme280/bme280_registers.h"
#include "drivers/i2c/i2c_errors.h"

namespace sa::bme280 {

namespace {

constexpr auto kStartupTime = std::chrono::milliseconds(2);  // section 1: t_startup
constexpr auto kPollStep = std::chrono::milliseconds(1);
constexpr int kNvmCopyPolls = 10;
// Polls made before giving up, however late the thread woke: a loaded host may oversleep.
constexpr int kMinPolls = 5;

}  // namespace

bool Bme280Sensor::wants(const std::string& channel) const {
  if (settings_.channels.empty()) {
    return channel != "humidity" || has_humidity_;
  }
  return std::find(settings_.channels.begin(), settings_.channels.end(), channel) !=
         settings_.channels.end();
}

Status Bme280Sensor::setup() {
  if (Status status = device_.open(); !status) {
    return status;
  }
  uint8_t chip_id = 0;
  if (Status status = device_.read_registers(kRegChipId, &chip_id, 1); !status) {
    return with_context("reading chip id", status);
  }
  if (chip_id == kChipIdBme280) {
    has_humidity_ = true;
  } else if (chip_id == kChipIdBmp280) {
    has_humidity_ = false;
  } else {
    return Status::error("chip id " + hex_address(chip_id) + " at " + device_.where() +
                         " is neither a BME280 (0x60) nor a BMP280 (0x58)");
  }
  if (!has_humidity_ && wants("humidity")) {
    return Status::error("the chip at " + device_.where() +
                         " is a BMP280, which has no humidity channel");
  }

  if (Status status = device_.write_register(kRegReset, kResetCommand); !status) {
    return with_context("soft reset", status);
  }
  std::this_thread::sleep_for(kStartupTime);
  // The reset copies the trimming parameters from NVM; they are valid once im_update clears.
  uint8_t chip_status = kStatusImUpdate;
  for (int poll = 0; poll < kNvmCopyPolls && (chip_status & kStatusImUpdate) != 0; ++poll) {
    if (Status status = device_.read_registers(kRegStatus, &chip_status, 1); !status) {
      return with_context("reading status", status);
    }
    if ((chip_status & kStatusImUpdate) != 0) {
      std::this_thread::sleep_for(kPollStep);
    }
  }
  if ((chip_status & kStatusImUpdate) != 0) {
    return Status::error("calibration data of the chip at " + device_.where() +
                         " never became ready after reset");
  }

  uint8_t tp[kCalibTpLength] = {};
  if (Status status = device_.read_registers(kRegCalibTp, tp, sizeof tp); !status) {
    return with_context("reading calibration", status);
  }
  uint8_t h[kCalibHLength] = {};
  if (has_humidity_) {
    if (Status status = device_.read_registers(kRegCalibH, h, sizeof h); !status) {
      return with_context("reading humidity calibration", status);
    }
  }
  calibration_ = parse_calibration(tp, has_humidity_ ? h : nullptr);
  if (calibration_.t1 == 0 || calibration_.p1 == 0) {
    return Status::error("calibration data of the chip at " + device_.where() +
                         " is blank (dig_T1 or dig_P1 is 0)");
  }
  return Status::ok();
}

Status Bme280Sensor::wait_for_measurement() {
  const int osrs_p = wants("pressure") ? settings_.osrs_p : 0;
  const int osrs_h = has_humidity_ && wants("humidity") ? settings_.osrs_h : 0;
  const auto measurement =
      std::chrono::microseconds(max_measurement_time_us(settings_.osrs_t, osrs_p, osrs_h));
  std::this_thread::sleep_for(measurement);
  // The maximum time has passed; a few more polls absorb scheduling jitter only.
  const auto give_up = SteadyClock::now() + measurement / 2 + std::chrono::milliseconds(5);
  for (int poll = 1;; ++poll) {
    uint8_t chip_status = 0;
    if (Status status = device_.read_registers(kRegStatus, &chip_status, 1); !status) {
      return with_context("reading status", status);
    }
    if ((chip_status & kStatusMeasuring) == 0) {
      return Status::ok();
    }
    if (poll >= kMinPolls && SteadyClock::now() >= give_up) {
      return Status::error("measurement of the chip at " + device_.where() +
                           " did not complete in time");
    }
    std::this_thread::sleep_for(kPollStep);
  }
}

Status Bme280Sensor::read(std::vector<ChannelSample>& out) {
  if (Status status = device_.open(); !status) {
    return status;
  }
  const bool want_p = wants("pressure");
  const bool want_h = has_humidity_ && wants("humidity");
  const auto code = [](int factor) { return static_cast<uint8_t>(oversampling_code(factor)); };
  const uint8_t ctrl_meas = static_cast<uint8_t>(
      code(settings_.osrs_t) << 5 | code(want_p ? settings_.osrs_p : 0) << 2 | kModeForced);
  const uint8_t config = static_cast<uint8_t>(filter_code(settings_.filter) << 2);
  // Register/value pairs in one write (section 6.2.1); ctrl_hum only takes effect once ctrl_meas
  // is written, so it goes first.
  std::vector<uint8_t> writes;
  if (has_humidity_) {
    writes = {kRegCtrlHum, code(want_h ? settings_.osrs_h : 0)};
  }
  writes.insert(writes.end(), {kRegConfig, config, kRegCtrlMeas, ctrl_meas});
  if (Status status = device_.write(writes.data(), writes.size()); !status) {
    return with_context("starting measurement", status);
  }
  if (Status status = wait_for_measurement(); !status) {
    return status;
  }

  uint8_t data[kDataLengthBme] = {};
  const size_t length = has_humidity_ ? kDataLengthBme : kDataLengthBmp;
  if (Status status = device_.read_registers(kRegData, data, length); !status) {
    return with_context("reading measurement", status);
  }
  const RawSample raw = parse_data(data, length);
  // No check for the "skipped" marker values (0x80000, 0x8000): real measurements can produce them
  // too (0x8000 is about 70 %RH on a typical part), and every channel read was enabled above.
  int32_t t_fine = 0;
  const int32_t centi_celsius = compensate_temperature(raw.adc_t, calibration_, t_fine);
  if (wants("temperature")) {
    out.push_back({"temperature", centi_celsius / 100.0, std::nullopt});
  }
  if (want_p) {
    const uint32_t pascal_q8 = compensate_pressure(raw.adc_p, calibration_, t_fine);
    out.push_back({"pressure", pascal_q8 / 256.0 / 100.0, std::nullopt});
  }
  if (want_h) {
    const uint32_t humidity_q10 = compensate_humidity(raw.adc_h, calibration_, t_fine);
    out.push_back({"humidity", humidity_q10 / 1024.0, std::nullopt});
  }
  return Status::ok();
}

}  // namespace sa::bme280
