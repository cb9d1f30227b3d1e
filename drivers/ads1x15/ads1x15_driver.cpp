#include <memory>

#include "drivers/ads1x15/ads1x15_math.h"
#include "drivers/ads1x15/ads1x15_sensor.h"
#include "drivers/builtin.h"
#include "drivers/problem.h"

namespace sa::ads1x15 {

namespace {

const std::vector<uint16_t> kAddresses = {0x48, 0x49, 0x4A, 0x4B};

std::string rate_list(ads1x15::Chip chip) {
  std::string text;
  for (int rate : ads1x15::data_rates(chip)) {
    text += (text.empty() ? "" : ", ") + std::to_string(rate);
  }
  return text;
}

DriverInfo ads1x15_info(ads1x15::Chip chip) {
  const bool is_1115 = chip == ads1x15::Chip::ads1115;
  DriverInfo info;
  info.name = is_1115 ? "ads1115" : "ads1015";
  info.summary = is_1115 ? "TI ADS1115 16-bit ADC on I2C, single-shot conversions"
                         : "TI ADS1015 12-bit ADC on I2C, single-shot conversions";
  for (const std::string& name : ads1x15::channel_names()) {
    const bool single = name.rfind("in", 0) == 0;
    info.channels.push_back({name, "V",
                             single
                                 ? "AIN" + name.substr(2) + " against GND"
                                 : "AIN" + name.substr(5, 1) + " minus AIN" + name.substr(7, 1)});
  }
  info.sensor_options = i2c_option_specs(ads1x15::kAddressFirst, kAddresses);
  info.sensor_options.push_back({"data_rate",
                                 OptionType::integer,
                                 std::to_string(ads1x15::default_data_rate(chip)),
                                 "samples per second: " + rate_list(chip),
                                 false,
                                 {}});
  info.channel_options.push_back(
      {"gain",
       OptionType::number,
       "2.048",
       "full-scale range in volts: 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256 (never apply more "
       "than VDD + 0.3 V to an input)",
       false,
       {}});
  return info;
}

std::unique_ptr<Sensor> create_ads1x15(ads1x15::Chip chip, const SensorConfig& config,
                                       const DriverContext& context,
                                       std::vector<DriverProblem>& problems) {
  I2cDevice device =
      I2cDevice::from_options(config, context, ads1x15::kAddressFirst, kAddresses, problems);
  int data_rate = ads1x15::default_data_rate(chip);
  const int64_t rate = config.options.integer("data_rate", data_rate);
  if (rate <= 0 || rate > 10'000 || ads1x15::data_rate_code(chip, static_cast<int>(rate)) < 0) {
    problems.push_back(sensor_problem(config, "data_rate", "must be one of " + rate_list(chip)));
  } else {
    data_rate = static_cast<int>(rate);
  }
  std::vector<ads1x15::Input> inputs;
  for (const ChannelConfig& channel : config.channels) {
    ads1x15::Input input;
    input.channel = channel.name;
    input.mux = ads1x15::mux_code(channel.name);
    if (input.mux < 0) {
      problems.push_back({"sensor." + config.name + ".channels." + channel.name, channel.where,
                          "channel names are in0..in3, diff_0_1, diff_0_3, diff_1_3, diff_2_3"});
      continue;
    }
    input.pga = ads1x15::pga_code(channel.options.number("gain", 2.048));
    if (input.pga < 0) {
      problems.push_back(channel_problem(config, channel, "gain",
                                         "must be 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256"));
      continue;
    }
    inputs.push_back(input);
  }
  if (config.channels.empty()) {
    problems.push_back(
        {"sensor." + config.name + ".channels", config.where,
         "list the inputs to sample, e.g. [sensor." + config.name + ".channels.in0]"});
  }
  return std::make_unique<ads1x15::Ads1x15Sensor>(std::move(device), chip, data_rate,
                                                  std::move(inputs));
}

}  // namespace

Driver make_ads1115_driver() {
  return Driver{ads1x15_info(ads1x15::Chip::ads1115),
                [](const SensorConfig& config, const DriverContext& context,
                   std::vector<DriverProblem>& problems) {
                  return create_ads1x15(ads1x15::Chip::ads1115, config, context, problems);
                }};
}

Driver make_ads1015_driver() {
  return Driver{ads1x15_info(ads1x15::Chip::ads1015),
                [](const SensorConfig& config, const DriverContext& context,
                   std::vector<DriverProblem>& problems) {
                  return create_ads1x15(ads1x15::Chip::ads1015, config, context, problems);
                }};
}

}  // namespace sa::ads1x15
