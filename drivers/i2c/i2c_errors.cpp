#include "drivers/i2c/i2c_errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sa {

std::string hex_address(uint16_t address) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned>(address));
  return text;
}

std::string i2c_transfer_reason(int error, const std::string& bus, uint16_t address) {
  switch (error) {
    case ENXIO:
    case EREMOTEIO:
      return "no device answered at address " + hex_address(address) + " on " + bus +
             " (check wiring and address)";
    case EAGAIN:
    case EBUSY:
      return "bus busy: " + bus + " (another master or a device holding the bus)";
    case ETIMEDOUT:
      return "bus timeout on " + bus + " talking to " + hex_address(address) +
             " (a device may be holding SCL low)";
    case EOPNOTSUPP:
      return "the adapter of " + bus + " does not support this transfer";
    default:
      return "I2C transfer to " + hex_address(address) + " on " + bus +
             " failed: " + std::strerror(error);
  }
}

std::string i2c_open_reason(int error, const std::string& bus) {
  switch (error) {
    case ENOENT:
    case ENODEV:
      return "no such bus: " + bus + ": enable I2C with raspi-config or dtparam=i2c_arm=on";
    case EACCES:
    case EPERM:
      return "permission denied opening " + bus + ": add the service user to the i2c group";
    case ENOTTY:
      return bus + " is not an I2C bus device";
    default:
      return "cannot open " + bus + ": " + std::strerror(error);
  }
}

bool i2c_error_retryable(int error) {
  return error == EAGAIN || error == EBUSY || error == ETIMEDOUT;
}

}  // namespace sa
