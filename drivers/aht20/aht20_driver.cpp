#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/aht20/aht20_math.h"
#include "drivers/builtin.h"
#include "drivers/i2c/crc8.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/problem.h"

namespace sa::aht20 {

namespace {

constexpr auto kPowerOnTime = std::chrono::milliseconds(40);      // section 5.4, step 1
constexpr auto kMeasurementTime = std::chrono::milliseconds(80);  // section 5.4, step 3
constexpr auto kBusyPollGap = std::chrono::milliseconds(10);
constexpr int kBusyPolls = 5;

enum class Chip { aht10, aht20 };

// AHT10/AHT20/AHT21: one triggered measurement per read(). A chip still busy after the
// measurement time and a few polls, an uncalibrated chip, and (AHT20) a CRC mismatch are read
// errors.
class Aht20Sensor final : public Sensor {
 public:
  Aht20Sensor(I2cDevice device, Chip chip, std::vector<std::string> channels)
      : device_(std::move(device)), chip_(chip), channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    std::this_thread::sleep_for(kPowerOnTime);
    uint8_t status_byte = 0;
    if (Status status = device_.read_registers(kStatus, &status_byte, 1); !status) {
      return with_context("reading status", status);
    }
    if ((status_byte & kStatusCalibrated) == 0) {
      const uint8_t* init = chip_ == Chip::aht20 ? kInitialiseAht20 : kInitialiseAht10;
      if (Status status = device_.write(init, 3); !status) {
        return with_context("initialising", status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      if (Status status = device_.read_registers(kStatus, &status_byte, 1); !status) {
        return with_context("reading status", status);
      }
      if ((status_byte & kStatusCalibrated) == 0) {
        return Status::error("the chip at " + device_.where() +
                             " does not report calibration enabled after initialisation; is "
                             "this an AHT10/AHT20?");
      }
    }
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    if (Status status = device_.write(kTrigger, 3); !status) {
      return with_context("starting measurement", status);
    }
    std::this_thread::sleep_for(kMeasurementTime);
    uint8_t data[7] = {};
    const size_t length = chip_ == Chip::aht20 ? 7 : 6;
    for (int poll = 0;; ++poll) {
      if (Status status = device_.read(data, length); !status) {
        return with_context("reading measurement", status);
      }
      if ((data[0] & kStatusBusy) == 0) {
        break;
      }
      if (poll == kBusyPolls) {
        return Status::error(
            "measurement not ready: " + device_.where() + " still busy after " +
            std::to_string((kMeasurementTime + kBusyPolls * kBusyPollGap).count()) + " ms");
      }
      std::this_thread::sleep_for(kBusyPollGap);
    }
    if (chip_ == Chip::aht20) {
      const uint8_t expected = crc8(data, 6);
      if (data[6] != expected) {
        char detail[48];
        std::snprintf(detail, sizeof detail, ": got 0x%02x, computed 0x%02x",
                      static_cast<unsigned>(data[6]), static_cast<unsigned>(expected));
        return Status::error("CRC mismatch in measurement from " + device_.where() + detail +
                             " (noise on the bus or a loose wire)");
      }
    }
    const Raw raw = unpack(data);
    if (channel_listed(channels_, "temperature")) {
      out.push_back({"temperature", temperature_celsius(raw.temperature), std::nullopt});
    }
    if (channel_listed(channels_, "humidity")) {
      out.push_back({"humidity", humidity_percent(raw.humidity), std::nullopt});
    }
    return Status::ok();
  }

 private:
  I2cDevice device_;
  Chip chip_;
  std::vector<std::string> channels_;
};

DriverInfo aht20_info() {
  DriverInfo info;
  info.name = "aht20";
  info.summary = "Aosong AHT20/AHT21 (and AHT10) temperature and humidity on I2C";
  info.channels = {
      {"temperature", "°C", "air temperature"},
      {"humidity", "%RH", "relative humidity"},
  };
  info.sensor_options = i2c_option_specs(kAddress, {kAddress});
  info.sensor_options.push_back({"chip",
                                 OptionType::string,
                                 "aht20",
                                 "aht20 (AHT20/AHT21, CRC-checked) or aht10 (no CRC)",
                                 false,
                                 {"aht20", "aht10"}});
  return info;
}

std::unique_ptr<Sensor> create_aht20(const SensorConfig& config, const DriverContext& context,
                                     std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddress, {kAddress}, problems);
  const std::string text = config.options.string("chip", "aht20");
  if (text != "aht20" && text != "aht10") {
    problems.push_back(sensor_problem(config, "chip", "must be aht20 or aht10"));
  }
  std::vector<std::string> channels = listed_channels(config, aht20_info(), problems);
  return std::make_unique<Aht20Sensor>(
      std::move(device), text == "aht10" ? Chip::aht10 : Chip::aht20, std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{aht20_info(), create_aht20};
}

}  // namespace sa::aht20
