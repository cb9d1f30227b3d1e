#include "drivers/i2c/i2c_device.h"

#include <algorithm>

#include "drivers/i2c/i2c_errors.h"
#include "drivers/problem.h"

namespace sa {

namespace {

std::string address_list(const std::vector<uint16_t>& addresses) {
  std::string text;
  for (uint16_t address : addresses) {
    text += (text.empty() ? "" : ", ") + hex_address(address);
  }
  return text;
}

}  // namespace

std::vector<OptionSpec> i2c_option_specs(uint16_t default_address,
                                         const std::vector<uint16_t>& addresses) {
  return {
      {"bus", OptionType::string, kDefaultI2cBus, "I2C bus device", false, {}},
      {"address",
       OptionType::integer,
       hex_address(default_address),
       "7-bit I2C address: " + address_list(addresses),
       false,
       {}},
  };
}

I2cDevice I2cDevice::from_options(const SensorConfig& config, const DriverContext& context,
                                  uint16_t default_address, const std::vector<uint16_t>& addresses,
                                  std::vector<DriverProblem>& problems) {
  const std::string bus = config.options.string("bus", kDefaultI2cBus);
  if (bus.empty()) {
    problems.push_back(sensor_problem(config, "bus", "must name an I2C bus such as /dev/i2c-1"));
  }
  const int64_t address = config.options.integer("address", default_address);
  if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) {
    problems.push_back(sensor_problem(
        config, "address",
        "address " +
            (address >= 0 && address <= 0x7f ? hex_address(static_cast<uint16_t>(address))
                                             : std::to_string(address)) +
            " is not one this chip answers at: " + address_list(addresses)));
  }
  return I2cDevice(context, bus, static_cast<uint16_t>(address & 0x7f));
}

Status I2cDevice::open() {
  if (bus_ != nullptr) {
    return Status::ok();
  }
  if (provider_ == nullptr) {
    return Status::error("no I2C bus access configured for " + bus_path_);
  }
  Status status = Status::ok();
  bus_ = provider_->open(bus_path_, status);
  if (bus_ == nullptr && status) {
    status = Status::error("cannot open " + bus_path_);
  }
  return status;
}

std::string I2cDevice::where() const {
  return hex_address(address_) + " on " + bus_path_;
}

Status I2cDevice::write_command16(uint16_t command) {
  const uint8_t bytes[2] = {static_cast<uint8_t>(command >> 8), static_cast<uint8_t>(command)};
  return write(bytes, sizeof bytes);
}

Status with_context(const std::string& what, const Status& status) {
  if (status) {
    return status;
  }
  return Status::error(what + ": " + status.reason());
}

}  // namespace sa
