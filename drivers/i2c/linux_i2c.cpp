#include "drivers/i2c/linux_i2c.h"

#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <utility>

#include "drivers/i2c/i2c_errors.h"

namespace sa {

LinuxI2cAdapter::LinuxI2cAdapter(const std::string& path, int& error) {
  error = 0;
  fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    error = errno;
    return;
  }
  // SMBus-only adapters cannot do combined transactions.
  unsigned long functions = 0;
  if (::ioctl(fd_, I2C_FUNCS, &functions) != 0) {
    error = errno;  // ENOTTY: not an i2c-dev node at all
  } else if ((functions & I2C_FUNC_I2C) == 0) {
    error = EOPNOTSUPP;
  }
  if (error != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

LinuxI2cAdapter::~LinuxI2cAdapter() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

LinuxI2cAdapter::LinuxI2cAdapter(LinuxI2cAdapter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

LinuxI2cAdapter& LinuxI2cAdapter::operator=(LinuxI2cAdapter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

int LinuxI2cAdapter::transfer_once(uint16_t address, const uint8_t* write, size_t write_len,
                                   uint8_t* read, size_t read_len) {
  constexpr size_t kMaxMessage = std::numeric_limits<__u16>::max();
  if (write_len > kMaxMessage || read_len > kMaxMessage) {
    return EINVAL;
  }
  i2c_msg messages[2] = {};
  __u32 count = 0;
  if (write_len > 0 || read_len == 0) {
    // The kernel only reads from the buffer of a message without I2C_M_RD.
    messages[count++] =
        i2c_msg{address, 0, static_cast<__u16>(write_len), const_cast<__u8*>(write)};
  }
  if (read_len > 0) {
    messages[count++] = i2c_msg{address, I2C_M_RD, static_cast<__u16>(read_len), read};
  }
  i2c_rdwr_ioctl_data data{messages, count};
  if (::ioctl(fd_, I2C_RDWR, &data) < 0) {
    return errno;
  }
  return 0;
}

std::shared_ptr<I2cBus> LinuxI2cBusProvider::open(const std::string& path, Status& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto bus = open_[path].lock()) {
    status = Status::ok();
    return bus;
  }
  int error = 0;
  auto adapter = std::make_unique<LinuxI2cAdapter>(path, error);
  if (!adapter->is_open()) {
    status =
        Status::error(error == EOPNOTSUPP ? path + " supports only SMBus transfers, not plain I2C"
                                          : i2c_open_reason(error, path));
    return nullptr;
  }
  auto bus = std::make_shared<SharedI2cBus>(path, std::move(adapter), policy_);
  open_[path] = bus;
  status = Status::ok();
  return bus;
}

}  // namespace sa
