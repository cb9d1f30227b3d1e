#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "drivers/spi/spi_bus.h"

namespace sa::emul {

// One chip on an emulated SPI device: what it clocks out while the driver clocks a transfer in.
// set_physical and tolerance as for I2C chips; faults take precedence over the normal path.
class SpiChipEmulator {
 public:
  SpiChipEmulator() = default;
  virtual ~SpiChipEmulator() = default;
  SpiChipEmulator(const SpiChipEmulator&) = delete;
  SpiChipEmulator& operator=(const SpiChipEmulator&) = delete;
  SpiChipEmulator(SpiChipEmulator&&) = delete;
  SpiChipEmulator& operator=(SpiChipEmulator&&) = delete;

  // 0 or an errno value, as the spidev ioctl.
  int transfer(const SpiSettings& settings, const uint8_t* tx, uint8_t* rx, size_t len);

  virtual void set_physical(const std::string& channel, double value) = 0;
  virtual double tolerance(const std::string& channel) const = 0;

  // Faults: MISO not connected (reads all ones through the pull-up), or stuck low.
  void set_miso_floating(bool floating) { floating_ = floating; }
  void set_miso_low(bool low) { low_ = low; }
  // The settings of the last transfer, for tests of mode and clock.
  const SpiSettings& last_settings() const { return last_; }
  int transfers() const { return transfers_; }

 protected:
  virtual void on_transfer(const uint8_t* tx, uint8_t* rx, size_t len) = 0;

 private:
  bool floating_ = false;
  bool low_ = false;
  SpiSettings last_;
  int transfers_ = 0;
};

// Hands drivers emulated SPI devices by path; unknown paths fail like a missing /dev/spidevB.C.
class EmulatedSpiBuses final : public SpiBusProvider {
 public:
  void attach(const std::string& path, std::shared_ptr<SpiChipEmulator> chip) {
    chips_[path] = std::move(chip);
  }
  std::shared_ptr<SpiBus> open(const std::string& path, Status& status) override;

 private:
  std::map<std::string, std::shared_ptr<SpiChipEmulator>> chips_;
};

}  // namespace sa::emul
