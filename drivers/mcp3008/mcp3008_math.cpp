#include "drivers/mcp3008/mcp3008_math.h"

namespace sa::mcp3008 {

std::optional<Input> parse_input(const std::string& name, int channels) {
  if (name.size() == 3 && name.compare(0, 2, "in") == 0 && name[2] >= '0' &&
      name[2] < '0' + channels) {
    return Input{true, static_cast<uint8_t>(name[2] - '0')};
  }
  if (name.size() == 8 && name.compare(0, 5, "diff_") == 0 && name[6] == '_') {
    const int plus = name[5] - '0';
    const int minus = name[7] - '0';
    if (plus < 0 || minus < 0 || plus >= channels || minus >= channels || plus / 2 != minus / 2 ||
        plus == minus) {
      return std::nullopt;
    }
    // Pairs share D2 D1; D0 is 0 when the even channel is IN+.
    return Input{false, static_cast<uint8_t>(plus)};
  }
  return std::nullopt;
}

void request(const Input& input, uint8_t tx[3]) {
  tx[0] = 0x01;
  tx[1] = static_cast<uint8_t>((input.single_ended ? 0x80 : 0x00) | (input.select & 0x7) << 4);
  tx[2] = 0x00;
}

std::optional<uint16_t> result(const uint8_t rx[3]) {
  if ((rx[1] & 0x04) != 0) {
    return std::nullopt;
  }
  return static_cast<uint16_t>((rx[1] & 0x03) << 8 | rx[2]);
}

double volts(uint16_t code, double vref) {
  return code * vref / 1024.0;
}

}  // namespace sa::mcp3008
