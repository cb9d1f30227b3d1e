#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// VEML7700 register map: configuration (gain, integration time, shutdown), ALS and white counts
// computed from the set illuminance at the configured resolution, the id register. Counts clip at
// 0xFFFF, as the chip saturates.
class Veml7700Emulator final : public ChipEmulator {
 public:
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  uint16_t configuration() const { return configuration_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override {}

 private:
  double lux_per_count() const;
  uint16_t counts() const;

  double lux_ = 0.0;
  uint8_t pointer_ = 0;
  uint16_t configuration_ = 0x0001;  // shut down at power-on
};

}  // namespace sa::emul
