#pragma once

#include <cstdint>
#include <string>

namespace sa {

// "0x76"
std::string hex_address(uint16_t address);

// What a failed transaction means for the person wiring the sensor. `error` is an errno value as
// the i2c-dev ioctl reports it (emulated buses use the same codes).
std::string i2c_transfer_reason(int error, const std::string& bus, uint16_t address);
// Why opening a bus device failed.
std::string i2c_open_reason(int error, const std::string& bus);

// Busy and timeout are worth another attempt after a short pause (arbitration lost, a slave
// holding SCL); a missing device is not.
bool i2c_error_retryable(int error);

}  // namespace sa
