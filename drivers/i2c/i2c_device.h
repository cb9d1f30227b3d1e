#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/driver.h"
#include "drivers/i2c/i2c_bus.h"

namespace sa {

inline constexpr const char* kDefaultI2cBus = "/dev/i2c-1";

// The `bus` and `address` options every I2C sensor takes.
std::vector<OptionSpec> i2c_option_specs(uint16_t default_address,
                                         const std::vector<uint16_t>& addresses);

// One chip on one bus, as a driver addresses it. The factory fills it from the options without
// I/O; setup() opens the bus through the provider of the DriverContext.
class I2cDevice {
 public:
  I2cDevice() = default;
  I2cDevice(const DriverContext& context, std::string bus_path, uint16_t address)
      : provider_(context.i2c), bus_path_(std::move(bus_path)), address_(address) {}

  // Reads `bus` and `address` and checks the address against the chip's choices.
  static I2cDevice from_options(const SensorConfig& config, const DriverContext& context,
                                uint16_t default_address, const std::vector<uint16_t>& addresses,
                                std::vector<DriverProblem>& problems);

  // Opens the bus on first use; later calls are free.
  Status open();
  bool is_open() const { return bus_ != nullptr; }

  uint16_t address() const { return address_; }
  const std::string& bus_path() const { return bus_path_; }
  // "0x76 on /dev/i2c-1", for messages.
  std::string where() const;

  Status write(const uint8_t* data, size_t len) { return bus_->write(address_, data, len); }
  Status write_command16(uint16_t command);
  Status read(uint8_t* data, size_t len) { return bus_->read(address_, data, len); }
  Status read_registers(uint8_t reg, uint8_t* out, size_t len) {
    return bus_->read_registers(address_, reg, out, len);
  }
  Status write_register(uint8_t reg, uint8_t value) {
    return bus_->write_register(address_, reg, value);
  }
  Status read_register16(uint8_t reg, uint16_t& value) {
    return bus_->read_register16(address_, reg, value);
  }
  Status write_register16(uint8_t reg, uint16_t value) {
    return bus_->write_register16(address_, reg, value);
  }

 private:
  I2cBusProvider* provider_ = nullptr;
  std::string bus_path_ = kDefaultI2cBus;
  uint16_t address_ = 0;
  std::shared_ptr<I2cBus> bus_;
};

// "what: reason", so a failed step says which step it was.
Status with_context(const std::string& what, const Status& status);

}  // namespace sa
