#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/spi/spi_bus.h"

namespace sa {

// /dev/spidevB.C through the kernel's spidev: SPI_IOC_MESSAGE transfers with the mode, clock and
// word size of each chip. One open device per path, shared by the sensors that use it.
class LinuxSpiBusProvider final : public SpiBusProvider {
 public:
  std::shared_ptr<SpiBus> open(const std::string& path, Status& status) override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<SpiBus>> open_;
};

}  // namespace sa
