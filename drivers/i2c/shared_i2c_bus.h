#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/i2c/i2c_bus.h"

namespace sa {

// One attempt at a combined transaction, without locking or retries: /dev/i2c-N or an emulator.
class I2cAdapter {
 public:
  I2cAdapter() = default;
  virtual ~I2cAdapter() = default;
  I2cAdapter(const I2cAdapter&) = delete;
  I2cAdapter& operator=(const I2cAdapter&) = delete;
  I2cAdapter(I2cAdapter&&) = delete;
  I2cAdapter& operator=(I2cAdapter&&) = delete;
  // 0 on success, else an errno value (ENXIO: no acknowledge, EBUSY/EAGAIN: bus busy,
  // ETIMEDOUT: bus timeout).
  virtual int transfer_once(uint16_t address, const uint8_t* write, size_t write_len, uint8_t* read,
                            size_t read_len) = 0;
};

struct I2cRetryPolicy {
  int attempts = 4;                            // in all, the first one included
  std::chrono::milliseconds first_backoff{2};  // doubled after each retry
};

// The I2cBus drivers get: serialises transactions of every sensor on the bus, retries a busy or
// timed-out bus with a short backoff, and turns errno values into reasons a person can act on.
class SharedI2cBus final : public I2cBus {
 public:
  SharedI2cBus(std::string name, std::unique_ptr<I2cAdapter> adapter, I2cRetryPolicy policy = {});

  Status transfer(uint16_t address, const uint8_t* write, size_t write_len, uint8_t* read,
                  size_t read_len) override;
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::unique_ptr<I2cAdapter> adapter_;
  I2cRetryPolicy policy_;
  std::mutex mutex_;
};

}  // namespace sa
