#pragma once

#include <array>
#include <cstdint>

#include "drivers/ads1x15/ads1x15_math.h"
#include "emul/chip_emulator.h"

namespace sa::emul {

// ADS1115 / ADS1015: pointer register, config (OS reads 0 while converting), conversion register
// filled from the input voltages at the end of a single-shot conversion.
class Ads1x15Emulator final : public ChipEmulator {
 public:
  explicit Ads1x15Emulator(ads1x15::Chip chip) : chip_(chip) {}

  // in0..in3: that input against GND; diff_a_b: input a set to input b plus `value`.
  void set_physical(const std::string& channel, double value) override;
  // One code at the gain the channel was last converted with.
  double tolerance(const std::string& channel) const override;

  uint16_t config() const { return config_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  ads1x15::Chip chip_;
  std::array<double, 4> inputs_{};
  std::array<int, 8> last_pga_{2, 2, 2, 2, 2, 2, 2, 2};  // per MUX code
  uint8_t pointer_ = 0;
  uint16_t conversion_ = 0;
  uint16_t config_ = 0x8583;  // power-on default
  uint16_t lo_thresh_ = 0x8000;
  uint16_t hi_thresh_ = 0x7FFF;
};

}  // namespace sa::emul
