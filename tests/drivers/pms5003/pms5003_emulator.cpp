#include "pms5003_emulator.h"

#include <algorithm>
#include <cmath>

namespace sa::emul {

namespace {

// Data words 1..12 of the frame by channel name, in the data sheet's order.
const char* const kWords[12] = {"pm1_0_cf1",     "pm2_5_cf1",     "pm10_cf1",      "pm1_0",
                                "pm2_5",         "pm10",          "particles_0_3", "particles_0_5",
                                "particles_1_0", "particles_2_5", "particles_5_0", "particles_10"};

}  // namespace

Pms5003Emulator::Pms5003Emulator() {
  start();
}

Pms5003Emulator::~Pms5003Emulator() {
  stop();
}

void Pms5003Emulator::set_physical(const std::string& channel, double value) {
  for (size_t i = 0; i < 12; ++i) {
    if (channel == kWords[i]) {
      words_[i] = static_cast<uint16_t>(std::clamp(std::round(value), 0.0, 65535.0));
    }
  }
}

double Pms5003Emulator::tolerance(const std::string& /*channel*/) const {
  return 0.5;  // whole µg/m³ and whole counts
}

std::vector<uint8_t> Pms5003Emulator::frame() const {
  std::vector<uint8_t> bytes = {0x42, 0x4D, 0x00, 28};
  for (const auto& word : words_) {
    const uint16_t value = word;
    bytes.push_back(static_cast<uint8_t>(value >> 8));
    bytes.push_back(static_cast<uint8_t>(value));
  }
  uint16_t sum = 0;
  for (uint8_t byte : bytes) {
    sum = static_cast<uint16_t>(sum + byte);
  }
  if (corrupt()) {
    sum = static_cast<uint16_t>(sum + 1);
  }
  bytes.push_back(static_cast<uint8_t>(sum >> 8));
  bytes.push_back(static_cast<uint8_t>(sum));
  return bytes;
}

std::vector<uint8_t> Pms5003Emulator::active_frame() {
  return passive_ ? std::vector<uint8_t>{} : frame();
}

std::vector<uint8_t> Pms5003Emulator::on_receive(std::vector<uint8_t>& pending) {
  std::vector<uint8_t> reply;
  for (;;) {
    // Drop bytes before a command's start.
    pending.erase(pending.begin(), std::find(pending.begin(), pending.end(), uint8_t{0x42}));
    if (pending.size() < 7) {
      return reply;
    }
    const std::vector<uint8_t> command(pending.begin(), pending.begin() + 7);
    pending.erase(pending.begin(), pending.begin() + 7);
    uint16_t sum = 0;
    for (size_t i = 0; i < 5; ++i) {
      sum = static_cast<uint16_t>(sum + command[i]);
    }
    if (command[1] != 0x4D || (command[5] << 8 | command[6]) != sum) {
      continue;  // not a valid command: ignored, as the sensor does
    }
    if (command[2] == 0xE1) {
      passive_ = command[4] == 0;
      // The answer to a mode change: 42 4D 00 04 E1 mode and its check code.
      std::vector<uint8_t> answer = {0x42, 0x4D, 0x00, 0x04, 0xE1, command[4]};
      uint16_t check = 0;
      for (uint8_t byte : answer) {
        check = static_cast<uint16_t>(check + byte);
      }
      answer.push_back(static_cast<uint8_t>(check >> 8));
      answer.push_back(static_cast<uint8_t>(check));
      reply.insert(reply.end(), answer.begin(), answer.end());
    } else if (command[2] == 0xE2 && passive_) {
      const std::vector<uint8_t> data = frame();
      reply.insert(reply.end(), data.begin(), data.end());
    }
  }
}

}  // namespace sa::emul
