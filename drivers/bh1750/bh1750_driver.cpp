#include <memory>

#include "drivers/bh1750/bh1750_math.h"
#include "drivers/bh1750/bh1750_sensor.h"
#include "drivers/builtin.h"
#include "drivers/problem.h"

namespace sa::bh1750 {

namespace {

const std::vector<uint16_t> kAddresses = {bh1750::kAddressLow, bh1750::kAddressHigh};

DriverInfo bh1750_info() {
  DriverInfo info;
  info.name = "bh1750";
  info.summary = "ROHM BH1750 ambient light sensor on I2C, one-time measurements";
  info.channels = {{"illuminance", "lx", "ambient light"}};
  info.sensor_options = i2c_option_specs(bh1750::kAddressLow, kAddresses);
  info.sensor_options.push_back(
      {"mode",
       OptionType::string,
       "high",
       "resolution: high (1 lx, 180 ms), high2 (0.5 lx, 180 ms), low (4 lx, 24 ms)",
       false,
       {"high", "high2", "low"}});
  return info;
}

std::unique_ptr<Sensor> create_bh1750(const SensorConfig& config, const DriverContext& context,
                                      std::vector<DriverProblem>& problems) {
  I2cDevice device =
      I2cDevice::from_options(config, context, bh1750::kAddressLow, kAddresses, problems);
  const std::string text = config.options.string("mode", "high");
  bh1750::Mode mode = bh1750::Mode::high;
  if (text == "high2") {
    mode = bh1750::Mode::high2;
  } else if (text == "low") {
    mode = bh1750::Mode::low;
  } else if (text != "high") {
    problems.push_back(sensor_problem(config, "mode", "must be high, high2 or low"));
  }
  for (const ChannelConfig& channel : config.channels) {
    if (channel.name != "illuminance") {
      problems.push_back({"sensor." + config.name + ".channels." + channel.name, channel.where,
                          "bh1750 measures illuminance only"});
    }
  }
  return std::make_unique<bh1750::Bh1750Sensor>(std::move(device), mode);
}

}  // namespace

Driver make_driver() {
  return Driver{bh1750_info(), create_bh1750};
}

}  // namespace sa::bh1750
