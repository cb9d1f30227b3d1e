#pragma once

#include <cstdint>
#include <string>

#include "emul/chip_emulator.h"

namespace sa::emul {

// SHT4x command interface: measurements in three precisions (the read header is NACKed while
// measuring, the data is readable once), serial number, soft reset, and a corrupt-CRC fault.
class Sht4xEmulator final : public ChipEmulator {
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
  void put_word(uint8_t* out, uint16_t word) const;

  double celsius_ = 20.0;
  double humidity_ = 50.0;
  bool corrupt_crc_ = false;
  int pending_words_ = 0;
  uint16_t words_[2] = {};
  int soft_resets_ = 0;
};

}  // namespace sa::emul
