#include "drivers/i2c/shared_i2c_bus.h"

#include <cerrno>
#include <thread>
#include <utility>

#include "drivers/i2c/i2c_errors.h"

namespace sa {

namespace {
constexpr uint16_t kMaxSevenBitAddress = 0x7f;
}

SharedI2cBus::SharedI2cBus(std::string name, std::unique_ptr<I2cAdapter> adapter,
                           I2cRetryPolicy policy)
    : name_(std::move(name)), adapter_(std::move(adapter)), policy_(policy) {}

Status SharedI2cBus::transfer(uint16_t address, const uint8_t* write, size_t write_len,
                              uint8_t* read, size_t read_len) {
  if (address > kMaxSevenBitAddress) {
    return Status::error("address " + hex_address(address) + " on " + name_ +
                         " is not a 7-bit I2C address");
  }
  auto backoff = policy_.first_backoff;
  int error = 0;
  for (int attempt = 1;; ++attempt) {
    {
      // The lock is not held while backing off, so other sensors on the bus get their turn.
      std::lock_guard<std::mutex> lock(mutex_);
      error = adapter_->transfer_once(address, write, write_len, read, read_len);
    }
    if (error == 0) {
      return Status::ok();
    }
    if (!i2c_error_retryable(error) || attempt >= policy_.attempts) {
      break;
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
  std::string reason = i2c_transfer_reason(error, name_, address);
  if (i2c_error_retryable(error) && policy_.attempts > 1) {
    reason += " after " + std::to_string(policy_.attempts) + " attempts";
  }
  return Status::error(std::move(reason));
}

}  // namespace sa
