#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// LM75-family register map: a pointer byte, then the 16-bit temperature (filled to
// `resolution_bits`, the rest zero), 8-bit configuration and the two 16-bit limits.
class Lm75Emulator final : public ChipEmulator {
 public:
  explicit Lm75Emulator(int resolution_bits = 9) : bits_(resolution_bits) {}

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override {}

 private:
  int bits_;
  uint8_t pointer_ = 0;
  uint16_t temperature_ = 0;
  uint8_t configuration_ = 0;
  uint16_t hysteresis_ = 0x4B00;       // 75 °C at power-up
  uint16_t overtemperature_ = 0x5000;  // 80 °C
};

}  // namespace sa::emul
