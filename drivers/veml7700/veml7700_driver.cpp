#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/problem.h"
#include "drivers/veml7700/veml7700_math.h"

namespace sa::veml7700 {

namespace {

constexpr auto kPowerOnTime = std::chrono::microseconds(2500);

// VEML7700 ambient light, continuously integrating once set up. A count at full scale is a read
// error (saturated: lower the gain or the integration time), never a reading.
class Veml7700Sensor final : public Sensor {
 public:
  Veml7700Sensor(I2cDevice device, uint16_t configuration, double lux_per_count,
                 std::chrono::milliseconds integration, std::vector<std::string> channels)
      : device_(std::move(device)),
        configuration_(configuration),
        lux_per_count_(lux_per_count),
        integration_(integration),
        channels_(std::move(channels)) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint8_t id[2] = {};
    if (Status status = device_.read_registers(kId, id, 2); !status) {
      return with_context("reading id", status);
    }
    if (id[0] != kDeviceId) {
      char text[80];
      std::snprintf(text, sizeof text, "device id 0x%02x, expected 0x%02x",
                    static_cast<unsigned>(id[0]), static_cast<unsigned>(kDeviceId));
      return Status::error(std::string(text) + " at " + device_.where() + "; is this a VEML7700?");
    }
    const uint8_t config[3] = {kConfiguration, static_cast<uint8_t>(configuration_),
                               static_cast<uint8_t>(configuration_ >> 8)};
    if (Status status = device_.write(config, sizeof config); !status) {
      return with_context("writing configuration", status);
    }
    // The first result is ready one integration time after power-on.
    std::this_thread::sleep_for(kPowerOnTime + integration_ + integration_ / 10);
    return Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint16_t als = 0;
    uint16_t white = 0;
    if (Status status = read_word(kAls, als); !status) {
      return with_context("reading ALS", status);
    }
    if (Status status = read_word(kWhite, white); !status) {
      return with_context("reading white", status);
    }
    if (als == 0xFFFF) {
      return Status::error("light sensor saturated at " + device_.where() +
                           ": lower gain or integration_time");
    }
    if (channel_listed(channels_, "illuminance")) {
      out.push_back({"illuminance", als * lux_per_count_, std::nullopt});
    }
    if (channel_listed(channels_, "white")) {
      out.push_back({"white", static_cast<double>(white), std::nullopt});
    }
    return Status::ok();
  }

 private:
  Status read_word(uint8_t reg, uint16_t& value) {
    uint8_t data[2] = {};
    Status status = device_.read_registers(reg, data, 2);
    value = static_cast<uint16_t>(data[0] | data[1] << 8);
    return status;
  }

  I2cDevice device_;
  uint16_t configuration_;
  double lux_per_count_;
  std::chrono::milliseconds integration_;
  std::vector<std::string> channels_;
};

DriverInfo veml7700_info() {
  DriverInfo info;
  info.name = "veml7700";
  info.summary = "Vishay VEML7700 ambient light sensor on I2C";
  info.channels = {
      {"illuminance", "lx", "ambient light"},
      {"white", "", "counts of the white channel (broad spectrum)"},
  };
  info.sensor_options = i2c_option_specs(kAddress, {kAddress});
  info.sensor_options.push_back({"gain",
                                 OptionType::number,
                                 "0.125",
                                 "0.125, 0.25, 1 or 2: higher for dim light",
                                 false,
                                 {}});
  info.sensor_options.push_back({"integration_time",
                                 OptionType::duration,
                                 "100ms",
                                 "25, 50, 100, 200, 400 or 800 ms: longer for dim light",
                                 false,
                                 {}});
  return info;
}

std::unique_ptr<Sensor> create_veml7700(const SensorConfig& config, const DriverContext& context,
                                        std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddress, {kAddress}, problems);
  double gain = config.options.number("gain", 0.125);
  auto integration = config.options.duration("integration_time", std::chrono::milliseconds(100));
  std::optional<uint16_t> gain_field = gain_bits(gain);
  std::optional<uint16_t> time_field = integration_bits(integration);
  if (!gain_field) {
    problems.push_back(sensor_problem(config, "gain", "must be 0.125, 0.25, 1 or 2"));
    gain = 0.125;
  }
  if (!time_field) {
    problems.push_back(
        sensor_problem(config, "integration_time", "must be 25, 50, 100, 200, 400 or 800 ms"));
    integration = std::chrono::milliseconds(100);
  }
  std::vector<std::string> channels = listed_channels(config, veml7700_info(), problems);
  return std::make_unique<Veml7700Sensor>(
      std::move(device), configuration(gain_field.value_or(0x2), time_field.value_or(0x0)),
      resolution(gain, integration), integration, std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{veml7700_info(), create_veml7700};
}

}  // namespace sa::veml7700
