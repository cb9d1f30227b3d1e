#pragma once

#include <string>
#include <vector>

#include "drivers/ads1x15/ads1x15_math.h"
#include "drivers/driver.h"
#include "drivers/i2c/i2c_device.h"

namespace sa::ads1x15 {

struct Input {
  std::string channel;  // in0..in3, diff_0_1, ...
  int mux = 4;
  int pga = 2;  // ±2.048 V, the power-on default
};

// One ADS1115/ADS1015 and its configured inputs: one single-shot conversion per input per read.
class Ads1x15Sensor final : public Sensor {
 public:
  Ads1x15Sensor(I2cDevice device, Chip chip, int data_rate, std::vector<Input> inputs)
      : device_(std::move(device)),
        chip_(chip),
        data_rate_(data_rate),
        inputs_(std::move(inputs)) {}

  Status setup() override;
  Status read(std::vector<ChannelSample>& out) override;

 private:
  Status convert(const Input& input, double& volts_out);

  I2cDevice device_;
  Chip chip_;
  int data_rate_;
  std::vector<Input> inputs_;
};

}  // namespace sa::ads1x15
