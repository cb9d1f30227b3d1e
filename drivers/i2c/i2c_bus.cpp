#include "drivers/i2c/i2c_bus.h"

namespace sa {

Status I2cBus::write(uint16_t address, const uint8_t* data, size_t len) {
  return transfer(address, data, len, nullptr, 0);
}

Status I2cBus::read(uint16_t address, uint8_t* data, size_t len) {
  return transfer(address, nullptr, 0, data, len);
}

Status I2cBus::read_registers(uint16_t address, uint8_t reg, uint8_t* out, size_t len) {
  return transfer(address, &reg, 1, out, len);
}

Status I2cBus::write_register(uint16_t address, uint8_t reg, uint8_t value) {
  const uint8_t bytes[2] = {reg, value};
  return transfer(address, bytes, sizeof bytes, nullptr, 0);
}

Status I2cBus::read_register16(uint16_t address, uint8_t reg, uint16_t& value) {
  uint8_t bytes[2] = {};
  Status status = read_registers(address, reg, bytes, sizeof bytes);
  if (status) {
    value = static_cast<uint16_t>((bytes[0] << 8) | bytes[1]);
  }
  return status;
}

Status I2cBus::write_register16(uint16_t address, uint8_t reg, uint16_t value) {
  const uint8_t bytes[3] = {reg, static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
  return transfer(address, bytes, sizeof bytes, nullptr, 0);
}

}  // namespace sa
