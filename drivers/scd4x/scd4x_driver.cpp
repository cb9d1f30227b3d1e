#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/i2c/crc8.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/problem.h"
#include "drivers/scd4x/scd4x_math.h"

namespace sa::scd4x {

namespace {

constexpr auto kReadyPoll = std::chrono::milliseconds(100);

// SCD40/SCD41 in periodic measurement: the chip measures every 5 s (30 s in low power mode) on
// its own; read() waits for the data-ready flag (at most one period and a second) and reads the
// latest measurement. Every word is CRC-checked; a mismatch or no data within the wait is a read
// error.
class Scd4xSensor final : public Sensor {
 public:
  Scd4xSensor(I2cDevice device, bool low_power, std::optional<bool> auto_calibration,
              std::vector<std::string> channels)
      : device_(std::move(device)),
        low_power_(low_power),
        auto_calibration_(auto_calibration),
        channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    // A chip left measuring by an earlier run accepts only a few commands: stop it first.
    if (Status status = device_.write_command16(kStopPeriodic); !status) {
      return with_context("stopping periodic measurement", status);
    }
    std::this_thread::sleep_for(kStopTime);
    uint8_t serial[9] = {};
    if (Status status = command_then_read(kGetSerialNumber, serial, sizeof serial); !status) {
      return with_context("reading serial number", status);
    }
    if (Status status = check_word_crcs(serial, 3, "serial number", device_.where()); !status) {
      return Status::error(status.reason() + "; is this an SCD4x?");
    }
    if (auto_calibration_) {
      uint8_t command[5] = {static_cast<uint8_t>(kSetAutomaticSelfCalibration >> 8),
                            static_cast<uint8_t>(kSetAutomaticSelfCalibration & 0xFF), 0x00,
                            static_cast<uint8_t>(*auto_calibration_ ? 1 : 0), 0};
      command[4] = crc8(command + 2, 2);
      if (Status status = device_.write(command, sizeof command); !status) {
        return with_context("setting automatic self-calibration", status);
      }
      std::this_thread::sleep_for(kCommandTime);
    }
    if (Status status =
            device_.write_command16(low_power_ ? kStartLowPowerPeriodic : kStartPeriodic);
        !status) {
      return with_context("starting periodic measurement", status);
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    const auto period = low_power_ ? std::chrono::milliseconds(kLowPowerPeriod)
                                   : std::chrono::milliseconds(kPeriod);
    const auto deadline = std::chrono::steady_clock::now() + period + std::chrono::seconds(1);
    for (;;) {
      uint8_t word[3] = {};
      if (Status status = command_then_read(kGetDataReady, word, sizeof word); !status) {
        return with_context("reading data-ready status", status);
      }
      if (Status status = check_word_crcs(word, 1, "data-ready status", device_.where()); !status) {
        return status;
      }
      if (data_ready(be16(word))) {
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status::error("no measurement from " + device_.where() + " within " +
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                period + std::chrono::seconds(1))
                                                .count()) +
                             " s (data-ready flag never set)");
      }
      std::this_thread::sleep_for(kReadyPoll);
    }
    uint8_t data[9] = {};
    if (Status status = command_then_read(kReadMeasurement, data, sizeof data); !status) {
      return with_context("reading measurement", status);
    }
    if (Status status = check_word_crcs(data, 3, "measurement", device_.where()); !status) {
      return status;
    }
    if (channel_listed(channels_, "co2")) {
      out.push_back({"co2", co2_ppm(be16(data)), std::nullopt});
    }
    if (channel_listed(channels_, "temperature")) {
      out.push_back({"temperature", temperature_celsius(be16(data + 3)), std::nullopt});
    }
    if (channel_listed(channels_, "humidity")) {
      out.push_back({"humidity", humidity_percent(be16(data + 6)), std::nullopt});
    }
    return Status::ok();
  }

 private:
  Status command_then_read(uint16_t command, uint8_t* data, size_t len) {
    if (Status status = device_.write_command16(command); !status) {
      return status;
    }
    std::this_thread::sleep_for(kCommandTime);
    return device_.read(data, len);
  }

  I2cDevice device_;
  bool low_power_;
  std::optional<bool> auto_calibration_;
  std::vector<std::string> channels_;
};

DriverInfo scd4x_info() {
  DriverInfo info;
  info.name = "scd4x";
  info.summary = "Sensirion SCD40/SCD41 CO2 (photoacoustic), temperature and humidity on I2C";
  info.channels = {
      {"co2", "ppm", "CO2 concentration"},
      {"temperature", "°C", "air temperature"},
      {"humidity", "%RH", "relative humidity"},
  };
  info.sensor_options = i2c_option_specs(kAddress, {kAddress});
  info.sensor_options.push_back({"low_power",
                                 OptionType::boolean,
                                 "false",
                                 "low power periodic measurement: one every 30 s instead of 5 s",
                                 false,
                                 {}});
  info.sensor_options.push_back(
      {"auto_calibration",
       OptionType::boolean,
       "",
       "automatic self-calibration on or off (unset: leave the chip's setting)",
       false,
       {}});
  return info;
}

std::unique_ptr<Sensor> create_scd4x(const SensorConfig& config, const DriverContext& context,
                                     std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddress, {kAddress}, problems);
  std::optional<bool> auto_calibration;
  if (config.options.has("auto_calibration")) {
    auto_calibration = config.options.boolean("auto_calibration", true);
  }
  std::vector<std::string> channels = listed_channels(config, scd4x_info(), problems);
  return std::make_unique<Scd4xSensor>(std::move(device),
                                       config.options.boolean("low_power", false), auto_calibration,
                                       std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{scd4x_info(), create_scd4x};
}

}  // namespace sa::scd4x
