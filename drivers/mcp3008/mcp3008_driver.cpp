#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/mcp3008/mcp3008_math.h"
#include "drivers/problem.h"
#include "drivers/spi/spi_bus.h"

namespace sa::mcp3008 {

namespace {

// 3.6 MHz at 5 V, 1.35 MHz at 2.7 V (electrical characteristics): 1 MHz is safe at 3.3 V.
constexpr uint32_t kDefaultSpeed = 1'000'000;
constexpr uint32_t kMaxSpeed = 3'600'000;

// MCP3004/MCP3008: one conversion per listed input per read, in SPI mode 0. An answer whose null
// bit is not 0 (MISO not connected, or no chip) is a read error, not a reading.
class Mcp3008Sensor final : public Sensor {
 public:
  Mcp3008Sensor(SpiDevice device, double vref, std::vector<std::pair<std::string, Input>> inputs)
      : device_(std::move(device)), vref_(vref), inputs_(std::move(inputs)) {}

  Status setup() override { return device_.open(); }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    std::vector<ChannelSample> samples;
    for (const auto& [name, input] : inputs_) {
      uint8_t tx[3] = {};
      uint8_t rx[3] = {};
      request(input, tx);
      if (Status status = device_.transfer(tx, rx, sizeof tx); !status) {
        return status;
      }
      std::optional<uint16_t> code = result(rx);
      if (!code) {
        return Status::error("no valid answer from the ADC on " + device_.path() + " for " + name +
                             " (null bit not 0: check MISO/DOUT and chip select wiring)");
      }
      samples.push_back({name, volts(*code, vref_), std::nullopt});
    }
    out.insert(out.end(), samples.begin(), samples.end());
    return Status::ok();
  }

 private:
  SpiDevice device_;
  double vref_;
  std::vector<std::pair<std::string, Input>> inputs_;
};

DriverInfo info_for(const std::string& name, int channels) {
  DriverInfo info;
  info.name = name;
  info.summary = "Microchip " + std::string(channels == 8 ? "MCP3008" : "MCP3004") + " " +
                 std::to_string(channels) + "-channel 10-bit ADC on SPI";
  for (int i = 0; i < channels; ++i) {
    info.channels.push_back(
        {"in" + std::to_string(i), "V", "input " + std::to_string(i) + " against AGND"});
  }
  for (int i = 0; i < channels; i += 2) {
    const std::string a = std::to_string(i);
    const std::string b = std::to_string(i + 1);
    info.channels.push_back({"diff_" + a + "_" + b, "V", "CH" + a + " minus CH" + b + " (>= 0)"});
    info.channels.push_back({"diff_" + b + "_" + a, "V", "CH" + b + " minus CH" + a + " (>= 0)"});
  }
  info.sensor_options = spi_option_specs(kDefaultSpeed, kMaxSpeed);
  info.sensor_options.push_back(
      {"vref", OptionType::number, "3.3", "voltage on VREF in V: the full-scale input", false, {}});
  return info;
}

SensorFactory factory_for(const std::string& name, int channels) {
  return [name, channels](const SensorConfig& config, const DriverContext& context,
                          std::vector<DriverProblem>& problems) -> std::unique_ptr<Sensor> {
    SpiSettings settings;
    settings.mode = 0;
    settings.speed_hz = kDefaultSpeed;
    SpiDevice device = SpiDevice::from_options(config, context, settings, kMaxSpeed, problems);
    const double vref = config.options.number("vref", 3.3);
    if (!(vref > 0.0) || vref > 5.5) {
      problems.push_back(sensor_problem(config, "vref", "must be above 0 and at most 5.5 V"));
    }
    std::vector<std::pair<std::string, Input>> inputs;
    for (const ChannelConfig& channel : config.channels) {
      std::optional<Input> input = parse_input(channel.name, channels);
      if (!input) {
        problems.push_back({"sensor." + config.name + ".channels." + channel.name, channel.where,
                            name + " inputs are in0 to in" + std::to_string(channels - 1) +
                                " and diff_A_B for the pairs 0/1, 2/3" +
                                (channels == 8 ? ", 4/5, 6/7" : "")});
        continue;
      }
      inputs.emplace_back(channel.name, *input);
    }
    if (config.channels.empty()) {
      problems.push_back(
          {"sensor." + config.name + ".channels", config.where,
           "list the inputs to sample, e.g. [sensor." + config.name + ".channels.in0]"});
    }
    return std::make_unique<Mcp3008Sensor>(std::move(device), vref, std::move(inputs));
  };
}

}  // namespace

Driver make_mcp3008_driver() {
  return Driver{info_for("mcp3008", 8), factory_for("mcp3008", 8)};
}

Driver make_mcp3004_driver() {
  return Driver{info_for("mcp3004", 4), factory_for("mcp3004", 4)};
}

}  // namespace sa::mcp3008
