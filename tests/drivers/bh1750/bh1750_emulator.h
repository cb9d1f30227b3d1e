#pragma once

#include <cstdint>

#include "emul/chip_emulator.h"

namespace sa::emul {

// BH1750 opcodes: power down/on, reset of the data register, one-time and continuous
// measurements in H, H2 and L resolution. No ready flag: a read returns the last result.
class Bh1750Emulator final : public ChipEmulator {
 public:
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  bool powered() const { return powered_; }
  uint16_t data_register() const { return data_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  double lux_ = 0.0;
  bool powered_ = false;
  bool one_time_ = false;
  double factor_ = 1.0;  // lux per count / (1 / 1.2)
  uint16_t data_ = 0;
};

}  // namespace sa::emul
