#include "app/host_context.h"

#include "drivers/gpio/gpio_line.h"
#include "drivers/i2c/linux_i2c.h"
#include "drivers/spi/linux_spi.h"

namespace sa {

HostContext::HostContext()
    : i2c_(std::make_unique<LinuxI2cBusProvider>()),
      spi_(std::make_unique<LinuxSpiBusProvider>()),
      gpio_(make_gpiod_provider()) {
  context_.sysfs_root = "/";
  context_.i2c = i2c_.get();
  context_.spi = spi_.get();
  context_.gpio = gpio_.get();
}

HostContext::~HostContext() = default;

}  // namespace sa
