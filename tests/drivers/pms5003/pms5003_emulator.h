#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "uart/pty_emulator.h"

namespace sa::emul {

// A PMS5003 behind a pty: sends 32-byte frames every period in active mode, one per read command
// in passive mode, answers the mode command; set_physical sets a data word by channel name.
class Pms5003Emulator final : public PtyEmulator {
 public:
  Pms5003Emulator();
  ~Pms5003Emulator() override;
  Pms5003Emulator(const Pms5003Emulator&) = delete;
  Pms5003Emulator& operator=(const Pms5003Emulator&) = delete;
  Pms5003Emulator(Pms5003Emulator&&) = delete;
  Pms5003Emulator& operator=(Pms5003Emulator&&) = delete;

  void set_physical(const std::string& channel, double value) override;
  double tolerance(const std::string& channel) const override;
  bool passive() const { return passive_; }
  // The frame the sensor would send now, as the data sheet lays it out.
  std::vector<uint8_t> frame() const;

 protected:
  std::vector<uint8_t> on_receive(std::vector<uint8_t>& pending) override;
  std::vector<uint8_t> active_frame() override;

 private:
  std::atomic<bool> passive_{false};
  std::atomic<uint16_t> words_[13] = {};
};

}  // namespace sa::emul
