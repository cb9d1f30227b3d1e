#pragma once

#include <array>
#include <cstdint>

#include "drivers/bme280/bme280_math.h"
#include "emul/chip_emulator.h"

namespace sa::emul {

// BME280 (chip id 0x60) or BMP280 (0x58): register map with the trimming parameters in NVM,
// soft reset, forced-mode measurements that set status.measuring until done.
class Bme280Emulator final : public ChipEmulator {
 public:
  // The temperature and pressure trimming of the BMP280 datasheet's example (section 3.12), and
  // humidity trimming typical of real BME280 parts.
  static bme280::Calibration example_calibration();

  explicit Bme280Emulator(uint8_t chip_id = 0x60,
                          const bme280::Calibration& calibration = example_calibration());

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;

  uint8_t reg(uint8_t address) const { return regs_[address]; }
  void set_reg(uint8_t address, uint8_t value) { regs_[address] = value; }
  void reset();

 protected:
  int on_write(const uint8_t* data, size_t len) override;
  int on_read(uint8_t* data, size_t len) override;
  void on_conversion_done() override;

 private:
  bool is_bme() const { return chip_id_ == 0x60; }
  void write_register(uint8_t address, uint8_t value);

  uint8_t chip_id_;
  bme280::Calibration calibration_;
  std::array<uint8_t, 256> regs_{};
  uint8_t pointer_ = 0;
  uint8_t latched_ctrl_hum_ = 0;
  bool nvm_copying_ = false;
  double celsius_ = 20.0;
  double hpa_ = 1000.0;
  double humidity_ = 50.0;
};

}  // namespace sa::emul
