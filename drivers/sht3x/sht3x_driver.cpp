#include <memory>

#include "drivers/builtin.h"
#include "drivers/problem.h"
#include "drivers/sht3x/sht3x_math.h"
#include "drivers/sht3x/sht3x_sensor.h"

namespace sa::sht3x {

namespace {

const std::vector<uint16_t> kAddresses = {sht3x::kAddressDefault, sht3x::kAddressAlternate};

DriverInfo sht3x_info() {
  DriverInfo info;
  info.name = "sht3x";
  info.summary = "Sensirion SHT30/SHT31/SHT35 temperature and humidity on I2C, single shot";
  info.channels = {
      {"temperature", "°C", "air temperature"},
      {"humidity", "%RH", "relative humidity"},
  };
  info.sensor_options = i2c_option_specs(sht3x::kAddressDefault, kAddresses);
  info.sensor_options.push_back({"repeatability",
                                 OptionType::string,
                                 "high",
                                 "measurement repeatability (higher: less noise, 15 ms)",
                                 false,
                                 {"high", "medium", "low"}});
  return info;
}

std::unique_ptr<Sensor> create_sht3x(const SensorConfig& config, const DriverContext& context,
                                     std::vector<DriverProblem>& problems) {
  I2cDevice device =
      I2cDevice::from_options(config, context, sht3x::kAddressDefault, kAddresses, problems);
  const std::string text = config.options.string("repeatability", "high");
  sht3x::Repeatability repeatability = sht3x::Repeatability::high;
  if (text == "medium") {
    repeatability = sht3x::Repeatability::medium;
  } else if (text == "low") {
    repeatability = sht3x::Repeatability::low;
  } else if (text != "high") {
    problems.push_back(sensor_problem(config, "repeatability", "must be high, medium or low"));
  }
  std::vector<std::string> channels;
  for (const ChannelConfig& channel : config.channels) {
    if (channel.name != "temperature" && channel.name != "humidity") {
      problems.push_back({"sensor." + config.name + ".channels." + channel.name, channel.where,
                          "sht3x measures temperature and humidity only"});
    }
    channels.push_back(channel.name);
  }
  return std::make_unique<sht3x::Sht3xSensor>(std::move(device), repeatability,
                                              std::move(channels));
}

}  // namespace

Driver make_driver() {
  return Driver{sht3x_info(), create_sht3x};
}

}  // namespace sa::sht3x
