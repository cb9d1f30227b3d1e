#include <memory>

#include "drivers/bme280/bme280_math.h"
#include "drivers/bme280/bme280_registers.h"
#include "drivers/bme280/bme280_sensor.h"
#include "drivers/builtin.h"
#include "drivers/problem.h"

namespace sa::bme280 {

namespace {

const std::vector<uint16_t> kAddresses = {bme280::kAddressPrimary, bme280::kAddressSecondary};

DriverInfo bme280_info() {
  DriverInfo info;
  info.name = "bme280";
  info.summary = "Bosch BME280 (temperature, pressure, humidity) or BMP280 on I2C, forced mode";
  info.channels = {
      {"temperature", "°C", "air temperature"},
      {"pressure", "hPa", "barometric pressure (not sea-level corrected)"},
      {"humidity", "%RH", "relative humidity (BME280 only)"},
  };
  info.sensor_options = i2c_option_specs(bme280::kAddressPrimary, kAddresses);
  for (const char* name : {"osrs_t", "osrs_p", "osrs_h"}) {
    info.sensor_options.push_back({name,
                                   OptionType::integer,
                                   "1",
                                   "oversampling: 1, 2, 4, 8 or 16 (longer, less noise)",
                                   false,
                                   {}});
  }
  info.sensor_options.push_back({"iir_filter",
                                 OptionType::integer,
                                 "0",
                                 "IIR filter coefficient: 0 (off), 2, 4, 8 or 16",
                                 false,
                                 {}});
  return info;
}

std::unique_ptr<Sensor> create_bme280(const SensorConfig& config, const DriverContext& context,
                                      std::vector<DriverProblem>& problems) {
  I2cDevice device =
      I2cDevice::from_options(config, context, bme280::kAddressPrimary, kAddresses, problems);
  bme280::Settings settings;
  int* const factors[] = {&settings.osrs_t, &settings.osrs_p, &settings.osrs_h};
  const char* const names[] = {"osrs_t", "osrs_p", "osrs_h"};
  for (size_t i = 0; i < 3; ++i) {
    const int64_t value = config.options.integer(names[i], 1);
    if (value < 1 || bme280::oversampling_code(static_cast<int>(value)) < 0) {
      problems.push_back(sensor_problem(config, names[i], "must be 1, 2, 4, 8 or 16"));
    } else {
      *factors[i] = static_cast<int>(value);
    }
  }
  const int64_t filter = config.options.integer("iir_filter", 0);
  if (filter < 0 || filter > 16 || bme280::filter_code(static_cast<int>(filter)) < 0) {
    problems.push_back(sensor_problem(config, "iir_filter", "must be 0, 2, 4, 8 or 16"));
  } else {
    settings.filter = static_cast<int>(filter);
  }
  for (const ChannelConfig& channel : config.channels) {
    if (channel.name != "temperature" && channel.name != "pressure" && channel.name != "humidity") {
      problems.push_back({"sensor." + config.name + ".channels." + channel.name, channel.where,
                          "bme280 measures temperature, pressure and humidity only"});
    }
    settings.channels.push_back(channel.name);
  }
  return std::make_unique<bme280::Bme280Sensor>(std::move(device), std::move(settings));
}

}  // namespace

Driver make_driver() {
  return Driver{bme280_info(), create_bme280};
}

}  // namespace sa::bme280
