#pragma once

#include <cstdint>
#include <string>

#include "spi/emul/emulated_spi.h"

namespace sa::emul {

// MAX31855: clocks out its 32-bit frame (table 2) for the set hot- and cold-junction
// temperatures; faults set the OC, SCG or SCV bit and the fault bit D16.
class Max31855Emulator final : public SpiChipEmulator {
 public:
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  // D0 OC, D1 SCG, D2 SCV.
  void set_fault_bits(uint8_t bits) { fault_bits_ = bits & 0x7; }

 protected:
  void on_transfer(const uint8_t* tx, uint8_t* rx, size_t len) override;

 private:
  double hot_ = 25.0;
  double cold_ = 25.0;
  uint8_t fault_bits_ = 0;
};

}  // namespace sa::emul
