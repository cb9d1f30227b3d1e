#pragma once

#include <memory>

#include "drivers/driver.h"

namespace sa {

// The DriverContext of the real machine: / as sysfs root, /dev/i2c-N, /dev/spidevB.C and the
// GPIO chips.
// Owns the providers it hands out; outlives every sensor created with its context.
class HostContext {
 public:
  HostContext();
  ~HostContext();
  HostContext(const HostContext&) = delete;
  HostContext& operator=(const HostContext&) = delete;

  const DriverContext& context() const { return context_; }

 private:
  std::unique_ptr<I2cBusProvider> i2c_;
  std::unique_ptr<SpiBusProvider> spi_;
  std::unique_ptr<GpioProvider> gpio_;
  DriverContext context_;
};

}  // namespace sa
