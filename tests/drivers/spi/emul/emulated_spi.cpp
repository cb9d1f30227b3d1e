#include "spi/emul/emulated_spi.h"

#include <cerrno>
#include <cstring>
#include <utility>

namespace sa::emul {

namespace {

class EmulatedSpiBus final : public SpiBus {
 public:
  EmulatedSpiBus(std::string path, std::shared_ptr<SpiChipEmulator> chip)
      : path_(std::move(path)), chip_(std::move(chip)) {}

  Status transfer(const SpiSettings& settings, const uint8_t* tx, uint8_t* rx,
                  size_t len) override {
    if (int error = chip_->transfer(settings, tx, rx, len); error != 0) {
      return Status::error("SPI transfer on " + path_ + " failed: " + std::strerror(error));
    }
    return Status::ok();
  }
  const std::string& name() const override { return path_; }

 private:
  std::string path_;
  std::shared_ptr<SpiChipEmulator> chip_;
};

}  // namespace

int SpiChipEmulator::transfer(const SpiSettings& settings, const uint8_t* tx, uint8_t* rx,
                              size_t len) {
  ++transfers_;
  last_ = settings;
  std::memset(rx, 0, len);
  on_transfer(tx, rx, len);
  if (floating_ || low_) {
    std::memset(rx, floating_ ? 0xFF : 0x00, len);
  }
  return 0;
}

std::shared_ptr<SpiBus> EmulatedSpiBuses::open(const std::string& path, Status& status) {
  auto found = chips_.find(path);
  if (found == chips_.end()) {
    status = Status::error(spi_open_reason(ENOENT, path));
    return nullptr;
  }
  return std::make_shared<EmulatedSpiBus>(path, found->second);
}

}  // namespace sa::emul
