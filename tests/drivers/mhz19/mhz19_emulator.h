#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "uart/pty_emulator.h"

namespace sa::emul {

// An MH-Z19B behind a pty: answers the read-CO2 command with its 9-byte frame, takes the
// automatic baseline calibration command (no answer), ignores frames with a wrong checksum.
class Mhz19Emulator final : public PtyEmulator {
 public:
  Mhz19Emulator();
  ~Mhz19Emulator() override;
  Mhz19Emulator(const Mhz19Emulator&) = delete;
  Mhz19Emulator& operator=(const Mhz19Emulator&) = delete;
  Mhz19Emulator(Mhz19Emulator&&) = delete;
  Mhz19Emulator& operator=(Mhz19Emulator&&) = delete;

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;
  // 1: on, 0: off, -1: never set.
  int auto_calibration() const { return abc_; }

 protected:
  std::vector<uint8_t> on_receive(std::vector<uint8_t>& pending) override;

 private:
  std::atomic<uint16_t> ppm_{400};
  std::atomic<int> abc_{-1};
};

}  // namespace sa::emul
