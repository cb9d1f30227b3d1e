#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// AHT20 (or AHT10) command interface: status, initialisation (sets the calibration bit), triggered
// measurement (busy bit while converting), soft reset; faults: corrupt CRC, a chip that never
// becomes calibrated.
class Aht20Emulator final : public ChipEmulator {
 public:
  explicit Aht20Emulator(bool aht10 = false) : aht10_(aht10) {}

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  void set_corrupt_crc(bool corrupt) { corrupt_crc_ = corrupt; }
  void set_calibration_lost(bool lost) { calibration_lost_ = lost; }
  bool calibrated() const { return calibrated_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  uint8_t status_byte();

  bool aht10_;
  double celsius_ = 20.0;
  double humidity_ = 50.0;
  bool corrupt_crc_ = false;
  bool calibration_lost_ = false;
  bool calibrated_ = false;  // after power-on the AHT20 wants its initialisation
  bool status_only_ = false;
  uint32_t raw_t_ = 0;
  uint32_t raw_rh_ = 0;
};

}  // namespace sa::emul
