#include "drivers/max31855/max31855_math.h"

namespace sa::max31855 {

namespace {

// The signed value of `bits` bits ending at bit `low` of `word`.
int32_t signed_field(uint32_t word, int low, int bits) {
  const uint32_t raw = (word >> low) & ((1u << bits) - 1);
  const uint32_t sign = 1u << (bits - 1);
  return (raw & sign) != 0 ? static_cast<int32_t>(raw) - static_cast<int32_t>(sign << 1)
                           : static_cast<int32_t>(raw);
}

}  // namespace

Frame decode(uint32_t word) {
  Frame frame;
  frame.thermocouple = signed_field(word, 18, 14) * 0.25;
  frame.internal = signed_field(word, 4, 12) * 0.0625;
  frame.fault = (word & (1u << 16)) != 0;
  frame.short_to_vcc = (word & 0x4) != 0;
  frame.short_to_gnd = (word & 0x2) != 0;
  frame.open_circuit = (word & 0x1) != 0;
  return frame;
}

std::string fault_reason(const Frame& frame) {
  std::string reason;
  auto add = [&reason](const char* text) {
    reason += (reason.empty() ? "" : "; ") + std::string(text);
  };
  if (frame.open_circuit) {
    add("thermocouple open (OC): not connected or broken");
  }
  if (frame.short_to_gnd) {
    add("thermocouple shorted to GND (SCG)");
  }
  if (frame.short_to_vcc) {
    add("thermocouple shorted to VCC (SCV)");
  }
  if (reason.empty() && frame.fault) {
    add("fault bit set");
  }
  return reason;
}

}  // namespace sa::max31855
