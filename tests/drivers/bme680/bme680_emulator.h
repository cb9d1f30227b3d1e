#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// BME680 register map with a fixed set of calibration coefficients: a forced-mode measurement
// fills the data registers with the raw values the datasheet's compensation turns into the set
// temperature, pressure, humidity and gas resistance. Faults: a heater that does not stabilise,
// an invalid gas reading.
class Bme680Emulator final : public ChipEmulator {
 public:
  Bme680Emulator();

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  void set_heater_unstable(bool unstable) { heater_unstable_ = unstable; }
  void set_gas_invalid(bool invalid) { gas_invalid_ = invalid; }
  uint8_t reg(uint8_t address) const { return regs_[address]; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  void load_calibration();

  uint8_t regs_[256] = {};
  uint8_t pointer_ = 0;
  double celsius_ = 21.0;
  double hpa_ = 1000.0;
  double humidity_ = 45.0;
  double gas_ohms_ = 50000.0;
  bool heater_unstable_ = false;
  bool gas_invalid_ = false;
};

}  // namespace sa::emul
