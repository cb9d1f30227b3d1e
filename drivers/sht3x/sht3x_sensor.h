#pragma once

#include <string>
#include <vector>

#include "drivers/driver.h"
#include "drivers/i2c/i2c_device.h"
#include "drivers/sht3x/sht3x_math.h"

namespace sa::sht3x {

// SHT30/31/35: one single-shot measurement per read(), every word CRC-checked. After a failed
// read the next one starts with a soft reset, which clears a chip left mid-command.
class Sht3xSensor final : public Sensor {
 public:
  Sht3xSensor(I2cDevice device, Repeatability repeatability, std::vector<std::string> channels)
      : device_(std::move(device)), repeatability_(repeatability), channels_(std::move(channels)) {}

  Status setup() override;
  Status read(std::vector<ChannelSample>& out) override;

 private:
  bool wants(const std::string& channel) const;
  Status soft_reset();
  Status measure(std::vector<ChannelSample>& out);
  // Checks the CRC of each 3-byte word (2 data bytes, then the CRC).
  Status check_words(const uint8_t* data, size_t words, const char* what) const;

  I2cDevice device_;
  Repeatability repeatability_;
  std::vector<std::string> channels_;
  bool reset_before_next_read_ = false;
};

}  // namespace sa::sht3x
