#include "mcp3008_emulator.h"

#include <algorithm>
#include <cmath>

namespace sa::emul {

void Mcp3008Emulator::set_physical(const std::string& channel, double value) {
  if (channel.size() == 3 && channel.compare(0, 2, "in") == 0) {
    volts_[channel[2] - '0'] = value;
  } else if (channel.size() == 8 && channel.compare(0, 5, "diff_") == 0) {
    volts_[channel[5] - '0'] = value;  // IN+
    volts_[channel[7] - '0'] = 0.0;    // IN-
  }
}

double Mcp3008Emulator::tolerance(const std::string& /*channel*/) const {
  return vref_ / 1024.0;  // one code: the converter truncates
}

void Mcp3008Emulator::on_transfer(const uint8_t* tx, uint8_t* rx, size_t len) {
  // Find the start bit: the first 1 clocked in. The datasheet's 8-bit framing puts it at the end
  // of the first byte, followed by SGL/DIFF, D2, D1, D0; the conversion result follows a null
  // bit, MSB first, 10 bits.
  size_t bit = 0;
  const size_t bits = len * 8;
  auto in_bit = [&](size_t at) { return (tx[at / 8] >> (7 - at % 8)) & 1; };
  while (bit < bits && in_bit(bit) == 0) {
    ++bit;
  }
  if (bit + 5 >= bits) {
    std::fill(rx, rx + len, 0xFF);  // no command: DOUT stays high-impedance (pulled up)
    return;
  }
  const bool single = in_bit(bit + 1) != 0;
  const int select = in_bit(bit + 2) << 2 | in_bit(bit + 3) << 1 | in_bit(bit + 4);
  if (select >= channels_) {
    std::fill(rx, rx + len, 0xFF);
    return;
  }
  double input = volts_[select];
  if (!single) {
    input -= volts_[select ^ 1];  // the pair's other input is IN-
  }
  const auto code =
      static_cast<uint16_t>(std::clamp(std::floor(input / vref_ * 1024.0), 0.0, 1023.0));
  // Sample period: two clocks after D0 (the second one is the null bit), then B9..B0.
  std::fill(rx, rx + len, 0x00);
  const size_t first = bit + 5 + 1;  // the null bit
  for (int i = 0; i < 10; ++i) {
    const size_t at = first + 1 + static_cast<size_t>(i);
    if (at < bits && ((code >> (9 - i)) & 1) != 0) {
      rx[at / 8] = static_cast<uint8_t>(rx[at / 8] | 1 << (7 - at % 8));
    }
  }
}

}  // namespace sa::emul
