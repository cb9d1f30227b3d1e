#include "drivers/spi/linux_spi.h"

#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sa {

namespace {

class LinuxSpiBus final : public SpiBus {
 public:
  LinuxSpiBus(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~LinuxSpiBus() override { ::close(fd_); }

  Status transfer(const SpiSettings& settings, const uint8_t* tx, uint8_t* rx,
                  size_t len) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (settings.mode != mode_) {
      uint8_t mode = settings.mode;
      if (::ioctl(fd_, SPI_IOC_WR_MODE, &mode) < 0) {
        return Status::error("setting SPI mode " + std::to_string(mode) + " on " + path_ + ": " +
                             std::strerror(errno));
      }
      mode_ = settings.mode;
    }
    spi_ioc_transfer message;
    std::memset(&message, 0, sizeof message);
    message.tx_buf = reinterpret_cast<uintptr_t>(tx);
    message.rx_buf = reinterpret_cast<uintptr_t>(rx);
    message.len = static_cast<uint32_t>(len);
    message.speed_hz = settings.speed_hz;
    message.bits_per_word = settings.bits_per_word;
    if (::ioctl(fd_, SPI_IOC_MESSAGE(1), &message) < 0) {
      return Status::error("SPI transfer on " + path_ + " failed: " + std::strerror(errno));
    }
    return Status::ok();
  }

  const std::string& name() const override { return path_; }

 private:
  std::mutex mutex_;
  int fd_;
  std::string path_;
  int mode_ = -1;
};

}  // namespace

std::shared_ptr<SpiBus> LinuxSpiBusProvider::open(const std::string& path, Status& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto existing = open_[path].lock()) {
    return existing;
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    status = Status::error(spi_open_reason(errno, path));
    return nullptr;
  }
  uint8_t mode = 0;
  // A spidev answers its mode; anything else opened by mistake (a tty, /dev/null) does not.
  if (::ioctl(fd, SPI_IOC_RD_MODE, &mode) < 0) {
    ::close(fd);
    status = Status::error(spi_open_reason(ENOTTY, path));
    return nullptr;
  }
  auto bus = std::make_shared<LinuxSpiBus>(fd, path);
  open_[path] = bus;
  return bus;
}

}  // namespace sa
