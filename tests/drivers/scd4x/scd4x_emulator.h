#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emul/chip_emulator.h"

namespace sa::emul {

// SCD4x command interface: periodic measurement (a new result every period, a data-ready flag
// cleared by reading it), stop, serial number, automatic self-calibration; commands the chip
// does not take while measuring are not acknowledged. Faults: corrupt CRC, a stalled chip whose
// data never becomes ready.
class Scd4xEmulator final : public ChipEmulator {
 public:
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  void set_corrupt_crc(bool corrupt) { corrupt_crc_ = corrupt; }
  void set_stalled(bool stalled) { stalled_ = stalled; }
  bool measuring() const { return measuring_; }
  std::optional<bool> auto_calibration() const { return auto_calibration_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  void answer(std::vector<uint16_t> words);

  double co2_ = 400.0;
  double celsius_ = 20.0;
  double humidity_ = 50.0;
  bool corrupt_crc_ = false;
  bool stalled_ = false;
  bool measuring_ = false;
  bool ready_ = false;
  std::optional<bool> auto_calibration_;
  uint16_t result_[3] = {};
  std::vector<uint8_t> answer_;
};

}  // namespace sa::emul
