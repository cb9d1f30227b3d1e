#pragma once

#include <vector>

#include "drivers/bh1750/bh1750_math.h"
#include "drivers/driver.h"
#include "drivers/i2c/i2c_device.h"

namespace sa::bh1750 {

// BH1750 ambient light: one one-time measurement per read(). The chip has no ready flag, so the
// read waits the datasheet's maximum measurement time of the mode.
class Bh1750Sensor final : public Sensor {
 public:
  Bh1750Sensor(I2cDevice device, Mode mode) : device_(std::move(device)), mode_(mode) {}

  Status setup() override;
  Status read(std::vector<ChannelSample>& out) override;

 private:
  I2cDevice device_;
  Mode mode_;
};

}  // namespace sa::bh1750
