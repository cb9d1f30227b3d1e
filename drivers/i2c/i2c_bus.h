#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace sa {

// One I2C bus as drivers see it. Several sensors share a bus; implementations serialise
// transactions, so a combined write-then-read is never split by another sensor's traffic.
class I2cBus {
 public:
  I2cBus() = default;
  virtual ~I2cBus() = default;
  I2cBus(const I2cBus&) = delete;
  I2cBus& operator=(const I2cBus&) = delete;
  I2cBus(I2cBus&&) = delete;
  I2cBus& operator=(I2cBus&&) = delete;

  // One combined transaction: write `write_len` bytes, then a repeated start and read `read_len`
  // bytes from the 7-bit `address`. Either part may be empty.
  virtual Status transfer(uint16_t address, const uint8_t* write, size_t write_len, uint8_t* read,
                          size_t read_len) = 0;
  // The bus as a person knows it ("/dev/i2c-1"), for messages.
  virtual const std::string& name() const = 0;

  Status write(uint16_t address, const uint8_t* data, size_t len);
  Status read(uint16_t address, uint8_t* data, size_t len);
  // Register-addressed chips (BME280, ADS1x15): write the register pointer, read `len` bytes.
  Status read_registers(uint16_t address, uint8_t reg, uint8_t* out, size_t len);
  Status write_register(uint16_t address, uint8_t reg, uint8_t value);
  // 16-bit big-endian registers (ADS1x15).
  Status read_register16(uint16_t address, uint8_t reg, uint16_t& value);
  Status write_register16(uint16_t address, uint8_t reg, uint16_t value);
};

// Opens buses by path. The daemon uses /dev/i2c-N; tests hand drivers emulated buses.
class I2cBusProvider {
 public:
  I2cBusProvider() = default;
  virtual ~I2cBusProvider() = default;
  I2cBusProvider(const I2cBusProvider&) = delete;
  I2cBusProvider& operator=(const I2cBusProvider&) = delete;
  I2cBusProvider(I2cBusProvider&&) = delete;
  I2cBusProvider& operator=(I2cBusProvider&&) = delete;
  // nullptr with `status` set when the bus cannot be opened.
  virtual std::shared_ptr<I2cBus> open(const std::string& path, Status& status) = 0;
};

}  // namespace sa
