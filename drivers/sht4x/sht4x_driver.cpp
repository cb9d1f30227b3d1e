#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/i2c/crc8.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/problem.h"
#include "drivers/sht4x/sht4x_math.h"

namespace sa::sht4x {

namespace {

const std::vector<uint16_t> kAddresses = {kAddressA, kAddressB, kAddressC};
constexpr auto kSoftResetTime = std::chrono::milliseconds(1);  // table 3, t_SR max
constexpr auto kReadRetryGap = std::chrono::milliseconds(1);
constexpr int kReadAttempts = 3;

// SHT40/41/43/45: one measurement per read(), both words CRC-checked. The chip NACKs its read
// header until the data is ready; a chip still busy after the maximum time is a read error.
class Sht4xSensor final : public Sensor {
 public:
  Sht4xSensor(I2cDevice device, Precision precision, std::vector<std::string> channels)
      : device_(std::move(device)), precision_(precision), channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    if (Status status = device_.write(&kSoftReset, 1); !status) {
      return with_context("soft reset", status);
    }
    std::this_thread::sleep_for(kSoftResetTime);
    // The serial number comes with CRCs, which tells an SHT4x from another chip at the address.
    uint8_t serial[6] = {};
    if (Status status = command_then_read(kReadSerial, serial, sizeof serial, kReadRetryGap);
        !status) {
      return with_context("reading serial number", status);
    }
    if (Status status = check_word_crcs(serial, 2, "serial number", device_.where()); !status) {
      return Status::error(status.reason() + "; is this an SHT4x?");
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint8_t data[6] = {};
    if (Status status = command_then_read(measure_command(precision_), data, sizeof data,
                                          max_measurement_time(precision_));
        !status) {
      return with_context("measuring", status);
    }
    if (Status status = check_word_crcs(data, 2, "measurement", device_.where()); !status) {
      return status;
    }
    if (channel_listed(channels_, "temperature")) {
      out.push_back({"temperature", temperature_celsius(be16(data)), std::nullopt});
    }
    if (channel_listed(channels_, "humidity")) {
      out.push_back({"humidity", humidity_percent(be16(data + 3)), std::nullopt});
    }
    return Status::ok();
  }

 private:
  Status command_then_read(uint8_t command, uint8_t* data, size_t len,
                           std::chrono::microseconds wait) {
    if (Status status = device_.write(&command, 1); !status) {
      return status;
    }
    std::this_thread::sleep_for(wait);
    Status status = Status::ok();
    for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
      if (attempt > 0) {
        std::this_thread::sleep_for(kReadRetryGap);
      }
      status = device_.read(data, len);
      if (status) {
        break;
      }
    }
    return status;
  }

  I2cDevice device_;
  Precision precision_;
  std::vector<std::string> channels_;
};

DriverInfo sht4x_info() {
  DriverInfo info;
  info.name = "sht4x";
  info.summary = "Sensirion SHT40/SHT41/SHT43/SHT45 temperature and humidity on I2C";
  info.channels = {
      {"temperature", "°C", "air temperature"},
      {"humidity", "%RH", "relative humidity"},
  };
  info.sensor_options = i2c_option_specs(kAddressA, kAddresses);
  info.sensor_options.push_back({"precision",
                                 OptionType::string,
                                 "high",
                                 "measurement precision (high: least noise, 8.3 ms)",
                                 false,
                                 {"high", "medium", "low"}});
  return info;
}

std::unique_ptr<Sensor> create_sht4x(const SensorConfig& config, const DriverContext& context,
                                     std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddressA, kAddresses, problems);
  const std::string text = config.options.string("precision", "high");
  Precision precision = Precision::high;
  if (text == "medium") {
    precision = Precision::medium;
  } else if (text == "low") {
    precision = Precision::low;
  } else if (text != "high") {
    problems.push_back(sensor_problem(config, "precision", "must be high, medium or low"));
  }
  std::vector<std::string> channels = listed_channels(config, sht4x_info(), problems);
  return std::make_unique<Sht4xSensor>(std::move(device), precision, std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{sht4x_info(), create_sht4x};
}

}  // namespace sa::sht4x
