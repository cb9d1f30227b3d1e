#pragma once

#include <cstdint>
#include <string>

#include "spi/emul/emulated_spi.h"

namespace sa::emul {

// MCP3004/MCP3008 on SPI: input voltages by channel (in0..in7, or a diff_A_B name sets IN+ with
// IN- at 0 V), converted at `vref` when a transfer carries a start bit, SGL/DIFF and D2..D0 as in
// the datasheet's figure 6-1.
class Mcp3008Emulator final : public SpiChipEmulator {
 public:
  explicit Mcp3008Emulator(int channels = 8, double vref = 3.3)
      : channels_(channels), vref_(vref) {}

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

 protected:
  void on_transfer(const uint8_t* tx, uint8_t* rx, size_t len) override;

 private:
  int channels_;
  double vref_;
  double volts_[8] = {};
};

}  // namespace sa::emul
