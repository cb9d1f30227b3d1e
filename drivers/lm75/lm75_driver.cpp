#include <memory>
#include <string>
#include <vector>

#include "drivers/builtin.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/lm75/lm75_math.h"
#include "drivers/problem.h"

namespace sa::lm75 {

namespace {

std::vector<uint16_t> addresses() {
  std::vector<uint16_t> list;
  for (uint16_t address = kAddressFirst; address <= kAddressLast; ++address) {
    list.push_back(address);
  }
  return list;
}

// LM75, LM75A/B and TMP102 (and the many compatibles): the chip converts continuously; a read is
// one register read. The chip has no id register: an acknowledged register read is the probe.
class Lm75Sensor final : public Sensor {
 public:
  Lm75Sensor(I2cDevice device, int resolution_bits)
      : device_(std::move(device)), resolution_bits_(resolution_bits) {}

  Status setup() override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint8_t config = 0;
    return with_context("reading configuration",
                        device_.read_registers(kConfiguration, &config, 1));
  }

  Status read(std::vector<ChannelSample>& out) override {
    if (Status status = device_.open(); !status) {
      return status;
    }
    uint16_t reg = 0;
    if (Status status = device_.read_register16(kTemperature, reg); !status) {
      return with_context("reading temperature", status);
    }
    out.push_back({"temperature", temperature_celsius(reg, resolution_bits_), std::nullopt});
    return Status::ok();
  }

 private:
  I2cDevice device_;
  int resolution_bits_;
};

DriverInfo lm75_info() {
  DriverInfo info;
  info.name = "lm75";
  info.summary = "LM75, LM75A/B, TMP102 and compatible temperature sensors on I2C";
  info.channels = {{"temperature", "°C", "chip temperature"}};
  info.sensor_options = i2c_option_specs(kAddressFirst, addresses());
  info.sensor_options.push_back({"resolution",
                                 OptionType::integer,
                                 "9",
                                 "bits of the temperature register: 9 (LM75), 11 (LM75A/B), 12 "
                                 "(TMP102)",
                                 false,
                                 {}});
  return info;
}

std::unique_ptr<Sensor> create_lm75(const SensorConfig& config, const DriverContext& context,
                                    std::vector<DriverProblem>& problems) {
  I2cDevice device = I2cDevice::from_options(config, context, kAddressFirst, addresses(), problems);
  const int64_t bits = config.options.integer("resolution", 9);
  if (bits < 9 || bits > 12) {
    problems.push_back(sensor_problem(config, "resolution", "must be 9, 10, 11 or 12 bits"));
  }
  listed_channels(config, lm75_info(), problems);
  return std::make_unique<Lm75Sensor>(std::move(device),
                                      static_cast<int>(bits < 9 || bits > 12 ? 9 : bits));
}

}  // namespace

Driver make_driver() {
  return Driver{lm75_info(), create_lm75};
}

}  // namespace sa::lm75
