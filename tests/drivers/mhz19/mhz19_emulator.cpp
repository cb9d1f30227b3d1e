#include "mhz19_emulator.h"

#include <algorithm>
#include <cmath>

namespace sa::emul {

namespace {

// The data sheet's checksum: 0xFF minus the sum of bytes 1..7, plus 1.
uint8_t frame_checksum(const uint8_t* frame) {
  uint8_t sum = 0;
  for (size_t i = 1; i < 8; ++i) {
    sum = static_cast<uint8_t>(sum + frame[i]);
  }
  return static_cast<uint8_t>(0xFF - sum + 1);
}

}  // namespace

Mhz19Emulator::Mhz19Emulator() {
  start();
}

Mhz19Emulator::~Mhz19Emulator() {
  stop();
}

void Mhz19Emulator::set_physical(const std::string& /*channel*/, double value) {
  ppm_ = static_cast<uint16_t>(std::clamp(std::round(value), 0.0, 65535.0));
}

double Mhz19Emulator::tolerance(const std::string& /*channel*/) const {
  return 0.5;
}

std::vector<uint8_t> Mhz19Emulator::on_receive(std::vector<uint8_t>& pending) {
  std::vector<uint8_t> reply;
  for (;;) {
    pending.erase(pending.begin(), std::find(pending.begin(), pending.end(), uint8_t{0xFF}));
    if (pending.size() < 9) {
      return reply;
    }
    uint8_t command[9];
    std::copy(pending.begin(), pending.begin() + 9, command);
    if (command[1] != 0x01 || frame_checksum(command) != command[8]) {
      pending.erase(pending.begin());
      continue;
    }
    pending.erase(pending.begin(), pending.begin() + 9);
    if (command[2] == 0x86) {
      const uint16_t ppm = ppm_;
      uint8_t answer[9] = {
          0xFF, 0x86, static_cast<uint8_t>(ppm >> 8), static_cast<uint8_t>(ppm), 0x47, 0x00, 0x00,
          0x00, 0};
      answer[8] = static_cast<uint8_t>(frame_checksum(answer) + (corrupt() ? 1 : 0));
      reply.insert(reply.end(), answer, answer + 9);
    } else if (command[2] == 0x79) {
      abc_ = command[3] == 0xA0 ? 1 : 0;
    }
  }
}

}  // namespace sa::emul
