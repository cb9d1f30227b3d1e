#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// INA219 register map with a shunt of `shunt_ohms`: the physical bus voltage and current set the
// shunt and bus registers, the calibration register the current and power registers as the
// datasheet's section 8.5 computes them. Reading power clears the conversion-ready bit; faults:
// math overflow, conversions that never complete.
class Ina219Emulator final : public ChipEmulator {
 public:
  explicit Ina219Emulator(double shunt_ohms = 0.1) : shunt_ohms_(shunt_ohms) {}

  // "bus_voltage" (V) and "current" (A); "shunt_voltage" follows from the current.
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  void set_overflow(bool overflow) { overflow_ = overflow; }
  void set_never_ready(bool never) { never_ready_ = never; }
  uint16_t calibration() const { return registers_[5]; }
  uint16_t configuration() const { return registers_[0]; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override {}

 private:
  void convert();

  double shunt_ohms_;
  double bus_volts_ = 0.0;
  double amperes_ = 0.0;
  bool overflow_ = false;
  bool never_ready_ = false;
  bool ready_ = false;
  uint8_t pointer_ = 0;
  uint16_t registers_[6] = {0x399F, 0, 0, 0, 0, 0};
};

}  // namespace sa::emul
