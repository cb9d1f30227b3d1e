#pragma once

#include <cstdint>

#include "emul/chip_emulator.h"

namespace sa::emul {

// SHT3x command interface: single-shot measurements (NACK while measuring, data readable once),
// status register, soft reset, and a corrupt-CRC fault.
class Sht3xEmulator final : public ChipEmulator {
 public:
  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  void set_corrupt_crc(bool corrupt) { corrupt_crc_ = corrupt; }
  int soft_resets() const { return soft_resets_; }

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  enum class Pending { none, measurement, status };
  void put_word(uint8_t* out, uint16_t word) const;

  double celsius_ = 20.0;
  double humidity_ = 50.0;
  bool corrupt_crc_ = false;
  Pending pending_ = Pending::none;
  uint16_t raw_t_ = 0;
  uint16_t raw_rh_ = 0;
  uint16_t status_ = 0x8010;  // alert pending, system reset detected
  int soft_resets_ = 0;
};

}  // namespace sa::emul
