#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/i2c/i2c_bus.h"
#include "drivers/i2c/shared_i2c_bus.h"

namespace sa {

// /dev/i2c-N through the i2c-dev ioctl I2C_RDWR, so a register write and the read that follows
// are one transaction with a repeated start. Move-only owner of the file descriptor.
class LinuxI2cAdapter final : public I2cAdapter {
 public:
  // Opens `path`; on failure is_open() is false and `error` holds errno.
  LinuxI2cAdapter(const std::string& path, int& error);
  ~LinuxI2cAdapter() override;
  LinuxI2cAdapter(LinuxI2cAdapter&& other) noexcept;
  LinuxI2cAdapter& operator=(LinuxI2cAdapter&& other) noexcept;
  LinuxI2cAdapter(const LinuxI2cAdapter&) = delete;
  LinuxI2cAdapter& operator=(const LinuxI2cAdapter&) = delete;

  bool is_open() const { return fd_ >= 0; }
  int transfer_once(uint16_t address, const uint8_t* write, size_t write_len, uint8_t* read,
                    size_t read_len) override;

 private:
  int fd_ = -1;
};

// Opens each /dev/i2c-N once and hands every sensor on it the same bus, so they share one lock.
class LinuxI2cBusProvider final : public I2cBusProvider {
 public:
  explicit LinuxI2cBusProvider(I2cRetryPolicy policy = {}) : policy_(policy) {}

  std::shared_ptr<I2cBus> open(const std::string& path, Status& status) override;

 private:
  I2cRetryPolicy policy_;
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<I2cBus>> open_;
};

}  // namespace sa
