#include "emulated_i2c.h"

#include <cerrno>

#include "drivers/i2c/i2c_errors.h"

namespace sa::emul {

int EmulatedI2cAdapter::transfer_once(uint16_t address, const uint8_t* write, size_t write_len,
                                      uint8_t* read, size_t read_len) {
  ++attempts_;
  if (fault_left_ != 0) {
    if (fault_left_ > 0) {
      --fault_left_;
    }
    return fault_error_;
  }
  auto found = chips_.find(address);
  if (found == chips_.end()) {
    return ENXIO;
  }
  return found->second->transfer(write, write_len, read, read_len);
}

EmulatedI2cAdapter& EmulatedI2cBuses::bus(const std::string& path) {
  Entry& entry = buses_[path];
  if (entry.adapter == nullptr) {
    auto adapter = std::make_unique<EmulatedI2cAdapter>();
    entry.adapter = adapter.get();
    entry.bus = std::make_shared<SharedI2cBus>(path, std::move(adapter), policy_);
  }
  return *entry.adapter;
}

std::shared_ptr<I2cBus> EmulatedI2cBuses::open(const std::string& path, Status& status) {
  auto found = buses_.find(path);
  if (found == buses_.end()) {
    status = Status::error(i2c_open_reason(ENOENT, path));
    return nullptr;
  }
  status = Status::ok();
  return found->second.bus;
}

}  // namespace sa::emul
