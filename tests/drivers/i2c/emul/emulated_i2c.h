#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "chip_emulator.h"
#include "drivers/i2c/i2c_bus.h"
#include "drivers/i2c/shared_i2c_bus.h"

namespace sa::emul {

// An I2C adapter hosting chip emulators by address: what /dev/i2c-N is to real chips. Addresses
// without a chip NACK.
class EmulatedI2cAdapter final : public I2cAdapter {
 public:
  void attach(uint16_t address, std::shared_ptr<ChipEmulator> chip) {
    chips_[address] = std::move(chip);
  }
  void detach(uint16_t address) { chips_.erase(address); }

  // Bus-level faults for the next `transfers` attempts (-1: until cleared): `error` is EBUSY
  // (arbitration lost, bus held) or ETIMEDOUT.
  void set_fault(int error, int transfers) {
    fault_error_ = error;
    fault_left_ = transfers;
  }
  int attempts() const { return attempts_; }

  int transfer_once(uint16_t address, const uint8_t* write, size_t write_len, uint8_t* read,
                    size_t read_len) override;

 private:
  std::map<uint16_t, std::shared_ptr<ChipEmulator>> chips_;
  int fault_error_ = 0;
  int fault_left_ = 0;
  int attempts_ = 0;
};

// Hands drivers emulated buses by path; unknown paths fail like a missing /dev/i2c-N. Buses go
// through SharedI2cBus, so locking, retries and messages are the daemon's own.
class EmulatedI2cBuses final : public I2cBusProvider {
 public:
  explicit EmulatedI2cBuses(I2cRetryPolicy policy = {}) : policy_(policy) {}

  EmulatedI2cAdapter& bus(const std::string& path = "/dev/i2c-1");
  std::shared_ptr<I2cBus> open(const std::string& path, Status& status) override;

 private:
  struct Entry {
    EmulatedI2cAdapter* adapter = nullptr;
    std::shared_ptr<I2cBus> bus;
  };
  I2cRetryPolicy policy_;
  std::map<std::string, Entry> buses_;
};

}  // namespace sa::emul
