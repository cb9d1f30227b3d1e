#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/bme280/bme280_math.h"
#include "drivers/driver.h"
#include "drivers/i2c/i2c_device.h"

namespace sa::bme280 {

struct Settings {
  int osrs_t = 1;  // oversampling factors, 1..16
  int osrs_p = 1;
  int osrs_h = 1;
  int filter = 0;  // IIR coefficient, 0 = off
  // Configured channels; empty: every channel the detected chip has.
  std::vector<std::string> channels;
};

// BME280, or BMP280 told apart by its chip id: forced-mode measurements, one per read().
class Bme280Sensor final : public Sensor {
 public:
  Bme280Sensor(I2cDevice device, Settings settings)
      : device_(std::move(device)), settings_(std::move(settings)) {}

  Status setup() override;
  Status read(std::vector<ChannelSample>& out) override;

 private:
  bool wants(const std::string& channel) const;
  Status wait_for_measurement();

  I2cDevice device_;
  Settings settings_;
  bool has_humidity_ = false;
  Calibration calibration_;
};

}  // namespace sa::bme280
