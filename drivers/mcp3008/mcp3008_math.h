#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sa::mcp3008 {

// MCP3004/MCP3008 datasheet, table 5-1 (8 channels) and 5-2 (4 channels): a start bit, then
// SGL/DIFF and D2..D0 select a single-ended input or a pseudo-differential pair.
struct Input {
  bool single_ended = true;
  uint8_t select = 0;  // D2..D0
};
// "in0".."in7" single-ended; "diff_0_1" is CH0 = IN+, CH1 = IN-, "diff_1_0" the reverse, and so
// on for the pairs 0/1, 2/3, 4/5, 6/7. Empty when the name is not an input of a chip with
// `channels` inputs (4 or 8).
std::optional<Input> parse_input(const std::string& name, int channels);

// Section 6.1, communication with 8-bit segments: 0x01 (start), SGL/DIFF D2 D1 D0 in the high
// nibble, then a byte clocked for the result. The answer's second byte ends with a null bit and
// B9 B8, the third byte holds B7..B0.
void request(const Input& input, uint8_t tx[3]);
// The 10-bit code, or empty when the null bit is not 0 (MISO floating high, or no chip).
std::optional<uint16_t> result(const uint8_t rx[3]);

// Section 4.9: code = 1024 * V_IN / V_REF.
double volts(uint16_t code, double vref);

}  // namespace sa::mcp3008
